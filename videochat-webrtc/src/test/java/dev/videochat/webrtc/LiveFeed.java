package dev.videochat.webrtc;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.media.RawMediaSink;
import dev.videochat.api.video.PixelFormat;
import dev.videochat.api.video.VideoFrame;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for a live session in tests: every 40 ms (25 fps) it writes one BGR24 frame and 40 ms of 24 kHz
 * audio (a looping voice clip, or silence) to a sink, on one thread, as the session's writer does.
 */
final class LiveFeed implements AutoCloseable {

    static final int RATE = 24_000;
    private static final int SAMPLES_PER_FRAME = RATE / 25;

    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-live-feed");
        t.setDaemon(true);
        return t;
    });
    private long index;

    /**
     * @param voice the audio to loop at {@link #RATE}, or null for silence
     */
    LiveFeed(RawMediaSink sink, int width, int height, AudioChunk voice) {
        short[] samples = voice == null ? new short[SAMPLES_PER_FRAME] : voice.samples();
        writer.scheduleAtFixedRate(() -> {
            byte[] pixels = new byte[width * height * 3];
            // A moving gradient, so the encoder has something to encode.
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (byte) (i / 3 + index * 4);
            }
            sink.onVideo(VideoFrame.of(width, height, PixelFormat.BGR24, index, pixels));
            short[] audio = new short[SAMPLES_PER_FRAME];
            int start = (int) ((index * SAMPLES_PER_FRAME) % Math.max(1, samples.length - SAMPLES_PER_FRAME));
            System.arraycopy(samples, voice == null ? 0 : start, audio, 0, SAMPLES_PER_FRAME);
            sink.onAudio(new AudioChunk(audio, RATE));
            index++;
        }, 0, 40, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        writer.shutdownNow();
        writer.awaitTermination(2, TimeUnit.SECONDS);
    }
}
