package dev.videochat.benchmarks;

import dev.videochat.core.text.SentenceChunker;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/** Characters per second through the sentence chunker, fed in 3-character deltas as an LLM streams them. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class SentenceChunkerBenchmark {

    private static final String ZH = "你好！我是数字人，很高兴见到你。今天想聊点什么呢？我们可以聊天气、新闻，或者任何你感兴趣的话题。";
    private static final String EN = "Hello there! I am your digital human, and I am glad to meet you. "
            + "What would you like to talk about today? The weather, the news, or anything else?";
    private static final int LENGTH = 1000;

    @Param({"zh", "en"})
    public String language;

    private String text;

    @org.openjdk.jmh.annotations.Setup
    public void setUp() {
        String base = language.equals("zh") ? ZH : EN;
        text = base.repeat(LENGTH / base.length() + 1).substring(0, LENGTH);
    }

    /** One character is one operation. */
    @Benchmark
    @OperationsPerInvocation(LENGTH)
    public void chunk(Blackhole bh) {
        SentenceChunker chunker = new SentenceChunker();
        for (int i = 0; i < text.length(); i += 3) {
            bh.consume(chunker.accept(text.substring(i, Math.min(text.length(), i + 3))));
        }
        bh.consume(chunker.flush());
    }
}
