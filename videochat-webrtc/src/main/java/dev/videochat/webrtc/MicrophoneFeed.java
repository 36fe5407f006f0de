package dev.videochat.webrtc;

import dev.onvoid.webrtc.media.audio.AudioTrackSink;
import dev.videochat.api.audio.AudioChunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the browser's decoded audio from libwebrtc (called on its audio device thread every 10 ms) and passes
 * it on as mono {@link AudioChunk}s through the peer's event thread.
 */
final class MicrophoneFeed implements AudioTrackSink {

    private static final Logger log = LoggerFactory.getLogger(MicrophoneFeed.class);

    private final String peerId;
    private final PeerEvents events;
    private volatile boolean open = true;
    private boolean warnedFormat;

    MicrophoneFeed(String peerId, PeerEvents events) {
        this.peerId = peerId;
        this.events = events;
    }

    @Override
    public void onData(byte[] data, int bitsPerSample, int sampleRate, int channels, int frames) {
        if (!open || frames <= 0) {
            return;
        }
        if (bitsPerSample != 16 || channels < 1 || data.length < frames * channels * 2
                || sampleRate < AudioChunk.MIN_SAMPLE_RATE || sampleRate > AudioChunk.MAX_SAMPLE_RATE) {
            if (!warnedFormat) {
                warnedFormat = true;
                log.warn("peer {}: ignoring microphone audio in an unexpected format ({} bits, {} Hz, {} channel(s))",
                        peerId, bitsPerSample, sampleRate, channels);
            }
            return;
        }
        events.microphone(new AudioChunk(downmix(data, channels, frames), sampleRate));
    }

    /** Mono from interleaved little-endian 16-bit samples, averaging the channels. */
    static short[] downmix(byte[] data, int channels, int frames) {
        short[] mono = new short[frames];
        for (int f = 0; f < frames; f++) {
            int sum = 0;
            int base = f * channels * 2;
            for (int c = 0; c < channels; c++) {
                int i = base + 2 * c;
                sum += (short) ((data[i] & 0xff) | (data[i + 1] << 8));
            }
            mono[f] = (short) (sum / channels);
        }
        return mono;
    }

    /** Stops passing audio on (libwebrtc may still call until the sink is removed). */
    void stop() {
        open = false;
    }
}
