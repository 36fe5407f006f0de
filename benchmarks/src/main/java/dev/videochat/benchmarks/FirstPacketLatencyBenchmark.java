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
 * packet-at-a-time schedule, on the same simulated stages of a five-packet answer. {@code profile} names the stage
 * costs ({@link StageCosts#issueExample} and {@link StageCosts#referencePublished}); a single cost can be changed
 * with a system property in ms, for example {@code -jvmArgsAppend -Dvideochat.bench.ttsPerPacketMs=300} (see
 * {@link StageCosts#withOverrides()}).
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

    @Param({StageCosts.ISSUE_EXAMPLE, StageCosts.REFERENCE_PUBLISHED})
    public String profile;

    private StageCosts costs;
    private StreamingPipeline streaming;
    private PacketAtATimePipeline.Running reference;

    @Setup(Level.Trial)
    public void open() {
        costs = StageCosts.profile(profile, 5);
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
