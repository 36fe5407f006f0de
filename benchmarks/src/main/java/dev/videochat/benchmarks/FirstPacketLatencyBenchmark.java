package dev.videochat.benchmarks;

import dev.videochat.benchmarks.sim.PacketAtATimePipeline;
import dev.videochat.benchmarks.sim.StageCosts;
import dev.videochat.benchmarks.sim.StreamingPipeline;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * First-packet latency and whole-answer time of (a) the SDK's streaming pipeline and (b) the reference system's
 * packet-at-a-time schedule, on the same simulated stages ({@link StageCosts#referenceLike}: LLM 0.4 s then 0.1 s
 * per sentence, TTS 0.5 s per packet, THG 0.5 s per audio second, mux 0.2 s per packet, 2 s packets, 5 packets).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class FirstPacketLatencyBenchmark {

    @Param({"streaming", "packet-at-a-time"})
    public String schedule;

    private final StageCosts costs = StageCosts.referenceLike(5);
    private StreamingPipeline streaming;
    private PacketAtATimePipeline.Running reference;

    @Setup(Level.Trial)
    public void open() {
        streaming = new StreamingPipeline(costs);
    }

    @TearDown(Level.Trial)
    public void close() {
        streaming.close();
    }

    /** From the question to the first playable segment. */
    @Benchmark
    public void firstPacket() throws InterruptedException {
        if (schedule.equals("streaming")) {
            streaming.startUntilFirstSegment();
        } else {
            reference = new PacketAtATimePipeline(costs).start();
            reference.awaitFirst();
        }
    }

    @TearDown(Level.Invocation)
    public void stopAnswer() throws InterruptedException {
        streaming.stop();
        if (reference != null) {
            reference.stop();
            reference = null;
        }
    }

    /** From the question to the last segment of a five-packet answer. */
    @Benchmark
    public Object wholeAnswer() throws InterruptedException {
        return schedule.equals("streaming") ? streaming.answer() : new PacketAtATimePipeline(costs).answer();
    }
}
