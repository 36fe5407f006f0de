package dev.videochat.webrtc;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.core.audio.Resampler;

/**
 * Cuts a session's audio into the 10 ms frames of 16-bit little-endian PCM that libwebrtc's audio sources take,
 * keeping back only the part of a frame not yet complete (under 10 ms). Rates that are whole frames per 10 ms
 * up to 48 kHz pass through (libwebrtc resamples for the codec); others are resampled to 48 kHz first. One per
 * stream; not thread-safe.
 */
final class AudioFramer {

    /** Receives one complete frame; the array is reused after the call returns. */
    interface FrameConsumer {
        void accept(byte[] pcm16le, int sampleRate, int samples);
    }

    static final int FALLBACK_RATE = 48_000;

    private int inRate = -1;
    private int outRate;
    private Resampler resampler;
    private short[] pending = new short[0];
    private int pendingCount;
    private byte[] frameBytes = new byte[0];

    /** Adds a chunk and emits every frame it completes. */
    void push(AudioChunk chunk, FrameConsumer out) {
        if (chunk.sampleRate() != inRate) {
            start(chunk.sampleRate());
        }
        AudioChunk audio = resampler == null ? chunk : resampler.process(chunk);
        int n = audio.sampleCount();
        int frame = pending.length;
        for (int i = 0; i < n; i++) {
            pending[pendingCount++] = audio.sample(i);
            if (pendingCount == frame) {
                emit(out);
            }
        }
    }

    /** Drops the incomplete frame (a turn was cancelled or the stream restarts). */
    void reset() {
        pendingCount = 0;
        if (resampler != null) {
            resampler = new Resampler(inRate, outRate);
        }
    }

    /** Samples held back, at the output rate. */
    int pendingSamples() {
        return pendingCount;
    }

    /** The rate frames are emitted at, in Hz, or -1 before the first chunk. */
    int outputRate() {
        return inRate < 0 ? -1 : outRate;
    }

    private void start(int rate) {
        inRate = rate;
        boolean passThrough = rate % 100 == 0 && rate <= FALLBACK_RATE;
        outRate = passThrough ? rate : FALLBACK_RATE;
        resampler = passThrough ? null : new Resampler(rate, outRate);
        pending = new short[outRate / 100];
        frameBytes = new byte[pending.length * 2];
        pendingCount = 0;
    }

    private void emit(FrameConsumer out) {
        for (int i = 0; i < pendingCount; i++) {
            short s = pending[i];
            frameBytes[2 * i] = (byte) s;
            frameBytes[2 * i + 1] = (byte) (s >> 8);
        }
        out.accept(frameBytes, outRate, pendingCount);
        pendingCount = 0;
    }
}
