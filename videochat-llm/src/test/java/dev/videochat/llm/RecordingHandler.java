package dev.videochat.llm;

import dev.videochat.api.llm.ChatHandler;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** Records the deltas a call delivers and opens a latch at the first one. */
class RecordingHandler implements ChatHandler {

    final List<String> deltas = new CopyOnWriteArrayList<>();
    final List<String> reasoning = new CopyOnWriteArrayList<>();
    final CountDownLatch firstDelta = new CountDownLatch(1);

    @Override
    public void onDelta(String text) throws InterruptedException {
        deltas.add(text);
        firstDelta.countDown();
    }

    @Override
    public void onReasoningDelta(String text) {
        reasoning.add(text);
    }

    String text() {
        return String.join("", deltas);
    }
}
