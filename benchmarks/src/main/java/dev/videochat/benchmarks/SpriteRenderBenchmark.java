package dev.videochat.benchmarks;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.thg.AvatarAnimator;
import dev.videochat.api.thg.FrameSink;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.api.video.VideoFrame;
import dev.videochat.sprite.SpriteProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.util.Map;

/**
 * Frames per second of the {@code sprite} talking head at 512x512 on one thread: an idle frame (compose and copy
 * out) and a speaking frame (plus the lip-sync analysis of 40 ms of 16 kHz audio). Each operation is one frame,
 * so the score in ops/s is frames per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Threads(1)
public class SpriteRenderBenchmark {

    private static final int RATE = 16_000;

    private TalkingHead head;
    private AvatarAnimator animator;
    private AudioChunk fortyMillis;
    private VideoFrame last;
    private final FrameSink keep = frame -> last = frame;

    @Setup
    public void setUp() {
        head = new SpriteProvider().create(Map.of());
        animator = head.animate(head.loadAvatar("default"));
        // A vowel-like mixture so the mouth really moves between shapes.
        short[] pcm = new short[RATE / 25];
        for (int i = 0; i < pcm.length; i++) {
            double t = (double) i / RATE;
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 750 * t) + 3000 * Math.sin(2 * Math.PI * 1200 * t));
        }
        fortyMillis = new AudioChunk(pcm, RATE);
    }

    @TearDown
    public void tearDown() {
        animator.close();
        head.close();
    }

    @Benchmark
    public VideoFrame idleFrame() throws InterruptedException {
        animator.idle(1, keep);
        return last;
    }

    @Benchmark
    public VideoFrame speakingFrame() throws InterruptedException {
        animator.speak(fortyMillis, keep);
        return last;
    }
}
