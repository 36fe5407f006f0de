package dev.videochat.core.testing;

import dev.videochat.api.Call;
import dev.videochat.api.RemoteServiceException;
import dev.videochat.api.Stage;
import dev.videochat.api.llm.ChatHandler;
import dev.videochat.api.llm.ChatModel;
import dev.videochat.api.llm.ChatRequest;
import dev.videochat.api.llm.ChatResult;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * An LLM that streams a fixed list of deltas, each after an optional gate (a latch it waits for) and a fixed
 * cost. It can fail at a given delta or stream forever until cancelled. Records every request.
 */
public final class SimulatedChatModel implements ChatModel {

    private final List<String> deltas;
    private final Duration costPerDelta;
    private final IntFunction<CountDownLatch> gates;
    private final int failAt;
    private final boolean endless;
    public final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
    public final CountDownLatch cancelled = new CountDownLatch(1);
    public final CountDownLatch firstDeltaSent = new CountDownLatch(1);

    private SimulatedChatModel(List<String> deltas, Duration costPerDelta, IntFunction<CountDownLatch> gates,
                               int failAt, boolean endless) {
        this.deltas = List.copyOf(deltas);
        this.costPerDelta = costPerDelta;
        this.gates = gates;
        this.failAt = failAt;
        this.endless = endless;
    }

    /** Streams {@code deltas} at no cost. */
    public static SimulatedChatModel streaming(List<String> deltas) {
        return new SimulatedChatModel(deltas, Duration.ZERO, i -> null, -1, false);
    }

    /** Streams {@code deltas}, each costing {@code cost}. */
    public static SimulatedChatModel streaming(List<String> deltas, Duration cost) {
        return new SimulatedChatModel(deltas, cost, i -> null, -1, false);
    }

    /** Streams {@code deltas}; before delta {@code i} it waits (up to 10 s) for {@code gates.apply(i)} if not null. */
    public static SimulatedChatModel gated(List<String> deltas, IntFunction<CountDownLatch> gates) {
        return new SimulatedChatModel(deltas, Duration.ZERO, gates, -1, false);
    }

    /** Streams {@code deltas}, then fails with a 503 before delta {@code failAt}. */
    public static SimulatedChatModel failingAt(List<String> deltas, int failAt) {
        return new SimulatedChatModel(deltas, Duration.ZERO, i -> null, failAt, false);
    }

    /** Streams {@code deltas}, then waits forever (until cancelled). */
    public static SimulatedChatModel endless(List<String> deltas) {
        return new SimulatedChatModel(deltas, Duration.ZERO, i -> null, -1, true);
    }

    @Override
    public String name() {
        return "simulated-llm";
    }

    @Override
    public Call<ChatResult> stream(ChatRequest request, ChatHandler handler) {
        requests.add(request);
        long start = System.nanoTime();
        SimulatedCall<ChatResult>[] self = new SimulatedCall[1];
        self[0] = new SimulatedCall<>("simulated-llm", call -> {
            long first = 0;
            StringBuilder text = new StringBuilder();
            try {
                for (int i = 0; i < deltas.size(); i++) {
                    CountDownLatch gate = gates.apply(i);
                    if (gate != null && !gate.await(10, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("gate before delta " + i + " never opened");
                    }
                    if (i == failAt) {
                        throw new RemoteServiceException(Stage.LLM, name(), URI.create("http://127.0.0.1/simulated"),
                                503, true, "server answered 503: overloaded", null);
                    }
                    Simulated.work(costPerDelta);
                    String d = deltas.get(i);
                    call.send(() -> handler.onDelta(d));
                    firstDeltaSent.countDown();
                    if (first == 0) {
                        first = System.nanoTime();
                    }
                    text.append(d);
                }
                if (endless) {
                    new CountDownLatch(1).await();
                }
            } finally {
                if (call.isCancelled()) {
                    cancelled.countDown();
                }
            }
            long end = System.nanoTime();
            return new ChatResult(text.toString(), "stop", Duration.ofNanos((first == 0 ? end : first) - start),
                    Duration.ofNanos(end - start), deltas.size(), -1);
        });
        return self[0];
    }
}
