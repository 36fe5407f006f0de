package dev.videochat.webrtc;

import dev.onvoid.webrtc.media.audio.AudioSource;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.core.audio.Resampler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The avatar's voice between the session's writes and the peer's audio device, which pulls 10 ms every 10 ms on
 * its capture thread. Holds at most {@link #MAX_MS} (a live session writes about 100 ms ahead; anything beyond
 * that, such as clock drift between the session and the device, is dropped from the oldest end) and starts
 * playing once {@link #START_MS} is queued, so a write arriving a little late does not leave a gap. Underruns
 * play silence. Thread-safe: one writer and the device's thread.
 *
 * <p>Pulling through the device, rather than pushing into a custom audio source, is what keeps libwebrtc's send
 * stream fed from one thread only: the headless device's capture path runs whenever a send stream does, and a
 * second feeding thread makes libwebrtc abort ({@code audio_send_stream.cc: RaceDetected}).
 */
final class VoiceJitterBuffer implements AudioSource {

    private static final Logger log = LoggerFactory.getLogger(VoiceJitterBuffer.class);

    /** The rate webrtc-java's headless audio device runs at, in Hz. */
    static final int DEVICE_RATE = 48_000;
    /** Queued audio needed before playing starts (or restarts after an underrun), in ms. */
    static final int START_MS = 30;
    /** The most audio held, in ms. */
    static final int MAX_MS = 200;

    private static final int START_SAMPLES = DEVICE_RATE * START_MS / 1000;
    private static final int MAX_SAMPLES = DEVICE_RATE * MAX_MS / 1000;

    private final short[] ring = new short[MAX_SAMPLES];
    private final Runnable afterPull;
    private int head;
    private int count;
    private boolean playing;
    private long droppedSamples;
    private long writtenSamples;
    private long consumedSamples;
    private int inRate = -1;
    private Resampler resampler;
    private boolean warnedFormat;

    /**
     * @param afterPull run on the device's thread after each pull, outside this buffer's lock (the peer releases
     *                  the video frames whose audio is now playing)
     */
    VoiceJitterBuffer(Runnable afterPull) {
        this.afterPull = afterPull;
    }

    /** Queues a chunk of the session's audio (any rate; resampled to {@link #DEVICE_RATE}). */
    void write(AudioChunk chunk) {
        AudioChunk audio;
        synchronized (this) {
            if (chunk.sampleRate() != inRate) {
                inRate = chunk.sampleRate();
                resampler = inRate == DEVICE_RATE ? null : new Resampler(inRate, DEVICE_RATE);
            }
            audio = resampler == null ? chunk : resampler.process(chunk);
            int n = audio.sampleCount();
            int overflow = count + n - MAX_SAMPLES;
            if (overflow > 0) {
                // Keep the newest audio: the session writes in real time, so the oldest is the most late.
                int drop = Math.min(count, overflow);
                head = (head + drop) % ring.length;
                count -= drop;
                droppedSamples += drop;
                consumedSamples += drop;
                if (n > MAX_SAMPLES) {
                    audio = audio.slice(n - MAX_SAMPLES, n);
                    droppedSamples += n - MAX_SAMPLES;
                    consumedSamples += n - MAX_SAMPLES;
                    writtenSamples += n - MAX_SAMPLES;
                    n = MAX_SAMPLES;
                }
            }
            int tail = (head + count) % ring.length;
            for (int i = 0; i < n; i++) {
                ring[(tail + i) % ring.length] = audio.sample(i);
            }
            count += n;
            writtenSamples += n;
        }
    }

    /** Drops everything queued (the peer stops sending). */
    synchronized void clear() {
        consumedSamples += count;
        head = 0;
        count = 0;
        playing = false;
    }

    /** All audio ever written, in samples at {@link #DEVICE_RATE}. */
    synchronized long writtenSamples() {
        return writtenSamples;
    }

    /** All audio ever played or dropped: once this passes a frame's mark, its audio has started. */
    synchronized long consumedSamples() {
        return consumedSamples;
    }

    /** Audio queued now, in samples at {@link #DEVICE_RATE}. */
    synchronized int queuedSamples() {
        return count;
    }

    /** Samples dropped because more than {@link #MAX_MS} was queued. */
    synchronized long droppedSamples() {
        return droppedSamples;
    }

    /** Called by the audio device's capture thread for the next 10 ms (interleaved little-endian PCM). */
    @Override
    public int onPlaybackData(byte[] out, int nSamples, int bytesPerSample, int channels, int sampleRate) {
        if (bytesPerSample != 2 || channels < 1 || sampleRate != DEVICE_RATE || out.length < nSamples * 2) {
            if (!warnedFormat) {
                warnedFormat = true;
                log.warn("audio device asks for {} Hz, {} byte(s), {} channel(s); sending silence", sampleRate,
                        bytesPerSample, channels);
            }
            java.util.Arrays.fill(out, (byte) 0);
            return nSamples;
        }
        int frames = nSamples / channels;
        synchronized (this) {
            if (!playing && count >= START_SAMPLES) {
                playing = true;
            }
            int take = playing ? Math.min(frames, count) : 0;
            for (int f = 0; f < frames; f++) {
                short s = f < take ? ring[(head + f) % ring.length] : 0;
                for (int c = 0; c < channels; c++) {
                    int i = 2 * (f * channels + c);
                    out[i] = (byte) s;
                    out[i + 1] = (byte) (s >> 8);
                }
            }
            head = (head + take) % ring.length;
            count -= take;
            consumedSamples += take;
            if (playing && take < frames) {
                playing = false;
            }
        }
        afterPull.run();
        return nSamples;
    }
}
