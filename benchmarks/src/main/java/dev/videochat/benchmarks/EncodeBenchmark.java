package dev.videochat.benchmarks;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.media.MediaFormat;
import dev.videochat.api.media.MuxSession;
import dev.videochat.api.media.Muxer;
import dev.videochat.api.video.PixelFormat;
import dev.videochat.api.video.VideoFrame;
import dev.videochat.core.provider.Providers;
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

import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Encoding speed of the {@code ffmpeg} muxer: one second of media (25 frames and 24 kHz audio) encoded to H.264 +
 * AAC and cut as an MPEG-TS segment, per operation. The multiple of real time is 1000 ms divided by the score.
 * Frames carry noise over a gradient, harder to compress than an avatar.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class EncodeBenchmark {

    @Param({"512x512", "1280x720"})
    public String size;

    private Muxer muxer;
    private MuxSession session;
    private VideoFrame[] frames;
    private AudioChunk second;
    private long index;

    @Setup(Level.Trial)
    public void open() {
        int w = Integer.parseInt(size.substring(0, size.indexOf('x')));
        int h = Integer.parseInt(size.substring(size.indexOf('x') + 1));
        muxer = Providers.muxer("ffmpeg", Map.of("outputs", "ts"));
        session = muxer.open(new MediaFormat(w, h, PixelFormat.RGB24, 25, 24_000), segment -> { });
        Random random = new Random(1);
        frames = new VideoFrame[25];
        for (int f = 0; f < frames.length; f++) {
            byte[] px = new byte[w * h * 3];
            for (int i = 0; i < px.length; i++) {
                px[i] = (byte) ((i / 3 % w) * 255 / w + random.nextInt(16) + f);
            }
            frames[f] = VideoFrame.wrap(w, h, PixelFormat.RGB24, f, px);
        }
        short[] pcm = new short[24_000];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (6000 * Math.sin(2 * Math.PI * 220 * i / 24_000.0));
        }
        second = new AudioChunk(pcm, 24_000);
    }

    @TearDown(Level.Trial)
    public void close() {
        session.close();
        muxer.close();
    }

    /** One second of media, encoded and cut. */
    @Benchmark
    public void encodeOneSecond() {
        session.writeAudio(second);
        for (VideoFrame f : frames) {
            session.writeVideo(f.withIndex(index++));
        }
        session.endPacket();
    }
}
