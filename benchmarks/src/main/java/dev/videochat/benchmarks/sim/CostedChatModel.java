package dev.videochat.benchmarks.sim;

import dev.videochat.api.Call;
import dev.videochat.api.llm.ChatHandler;
import dev.videochat.api.llm.ChatModel;
import dev.videochat.api.llm.ChatRequest;
import dev.videochat.api.llm.ChatResult;

import java.time.Duration;

/** Streams {@code packets} sentences of about 20 characters, four deltas each, at the configured speed. */
public final class CostedChatModel implements ChatModel {

    /** One sentence of the simulated answer; 20 characters so each one is a packet. */
    public static final String SENTENCE = "This is one sentence. ";

    private final StageCosts costs;

    public CostedChatModel(StageCosts costs) {
        this.costs = costs;
    }

    @Override
    public String name() {
        return "costed-llm";
    }

    @Override
    public Call<ChatResult> stream(ChatRequest request, ChatHandler handler) {
        long start = System.nanoTime();
        return new CostedCall<>("costed-llm", call -> {
            Pacer pacer = new Pacer().restart();
            long first = 0;
            for (int s = 0; s < costs.packets(); s++) {
                long sentence = (s == 0 ? costs.llmFirstSentence() : costs.llmPerSentence()).toNanos();
                int parts = 4;
                int step = SENTENCE.length() / parts;
                for (int p = 0; p < parts; p++) {
                    pacer.spend(sentence / parts);
                    String delta = SENTENCE.substring(p * step, p == parts - 1 ? SENTENCE.length() : (p + 1) * step);
                    call.send(() -> handler.onDelta(delta));
                    if (first == 0) {
                        first = System.nanoTime();
                    }
                }
            }
            long end = System.nanoTime();
            return new ChatResult(SENTENCE.repeat(costs.packets()), "stop", Duration.ofNanos(first - start),
                    Duration.ofNanos(end - start), costs.packets() * 4, -1);
        });
    }
}
