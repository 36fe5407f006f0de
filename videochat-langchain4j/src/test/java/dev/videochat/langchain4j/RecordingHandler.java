package dev.videochat.langchain4j;

import dev.videochat.api.llm.ChatHandler;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** Records what a call delivers and opens a latch at the first answer delta. */
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
}
