package dev.videochat.llm.testing;

import dev.videochat.api.llm.ChatHandler;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A {@link ChatHandler} that records what a call delivers and opens a latch at the first answer delta. Tests
 * subclass it to block or fail inside a callback.
 */
public class RecordingHandler implements ChatHandler {

    /** The answer deltas, in the order they arrived; safe to read from the test thread. */
    public final List<String> deltas = new CopyOnWriteArrayList<>();
    /** The reasoning deltas, in the order they arrived; safe to read from the test thread. */
    public final List<String> reasoning = new CopyOnWriteArrayList<>();
    /** Opens when the first answer delta arrives. */
    public final CountDownLatch firstDelta = new CountDownLatch(1);

    /** Records {@code text} and opens {@link #firstDelta}. */
    @Override
    public void onDelta(String text) throws InterruptedException {
        deltas.add(text);
        firstDelta.countDown();
    }

    /** Records {@code text}. */
    @Override
    public void onReasoningDelta(String text) {
        reasoning.add(text);
    }

    /** The answer deltas joined. */
    public String text() {
        return String.join("", deltas);
    }
}
