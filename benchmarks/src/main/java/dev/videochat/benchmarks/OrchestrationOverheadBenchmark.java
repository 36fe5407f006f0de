package dev.videochat.benchmarks;

import dev.videochat.benchmarks.sim.StageCosts;
import dev.videochat.benchmarks.sim.StreamingPipeline;
import dev.videochat.benchmarks.sim.Timeline;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The pipeline's own cost: a turn of {@value #PACKETS} packets through stages that cost nothing (0.4 s of speech
 * each, as 32x32 frames), reported per packet. It includes starting the turn's four threads, the queues, the
 * resampling of 16 kHz audio to the session rate (here the same) and the metrics.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OrchestrationOverheadBenchmark {

    static final int PACKETS = 20;
    private StreamingPipeline pipeline;

    @Setup(Level.Trial)
    public void open() {
        pipeline = new StreamingPipeline(StageCosts.free(PACKETS));
    }

    @TearDown(Level.Trial)
    public void close() {
        pipeline.close();
    }

    /** One free-stage turn, per packet. */
    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public Timeline perPacket() throws InterruptedException {
        return pipeline.answer();
    }
}
