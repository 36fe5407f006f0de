package dev.videochat.core.vad;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.vad.VadStream;
import dev.videochat.api.vad.VoiceActivityDetector;
import dev.videochat.core.audio.Resampler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * Cuts a live audio stream into utterances with any {@link VoiceActivityDetector}: it feeds the detector frame by
 * frame, applies the thresholds and durations of {@link EndpointerOptions}, and tells a {@link Listener} when speech
 * starts and ends, handing over each utterance's audio (with its pre-roll).
 *
 * <p>Audio may come at any rate and in chunks of any size: it is resampled to the detector's rate and cut into the
 * detector's frames, with the partial frame kept for the next chunk. Every time reported is <em>stream time</em>:
 * the number of samples fed (at the detector's rate) divided by that rate, counted from the start of the stream
 * (the first {@link #accept}, or the last {@link #flush()} or {@link #reset()}), never the wall clock. Decisions are
 * made at frame boundaries, so times are multiples of the detector's frame ({@code frameSamples / sampleRate},
 * 32 ms for Silero).
 *
 * <p>Rules: speech starts at a frame whose probability reaches the start threshold; it goes on while frames stay at
 * or above the end threshold, and ends once they have stayed below it for the end silence (the end is then the end
 * of the last frame at or above the end threshold). The listener hears {@link Listener#speechStarted} only once
 * the speech has lasted the minimum speech, so a cough or a click never interrupts anything; a burst that ends
 * sooner is reported to {@link Listener#speechDiscarded}. An utterance reaching the maximum length is cut and ended
 * there; if speech goes on, the next utterance starts without pre-roll overlapping the one delivered.
 *
 * <p>The listener runs synchronously on the thread calling {@link #accept}, {@link #flush()} or {@link #reset()},
 * and must not call back into this endpointer. Not thread-safe: one endpointer per audio stream, fed from one
 * thread. Per frame it allocates nothing (per chunk, only the resampler's output when rates differ).
 */
public final class SpeechEndpointer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SpeechEndpointer.class);

    /** Receives the utterances of a stream. Called on the thread feeding the endpointer. */
    public interface Listener {

        /**
         * Speech has lasted the minimum speech; it began at {@code at} (stream time, pre-roll not included).
         * Called once per utterance, before its {@link #speechEnded}.
         */
        void speechStarted(Duration at);

        /**
         * An utterance is over.
         *
         * @param utterance its audio at the detector's rate, from the pre-roll before {@code start} to {@code end}
         *                  (so {@code utterance.duration()} is {@code end - start} plus the pre-roll available,
         *                  at most {@link EndpointerOptions#preRoll()})
         * @param start     stream time at which speech began (pre-roll not included)
         * @param end       stream time at which speech ended (trailing silence not included)
         */
        void speechEnded(AudioChunk utterance, Duration start, Duration end);

        /**
         * A burst shorter than the minimum speech was dropped; nothing was reported for it before.
         *
         * @param length how long the burst lasted (stream time)
         */
        default void speechDiscarded(Duration length) {
        }
    }

    private final VoiceActivityDetector detector;
    private final EndpointerOptions options;
    private final Listener listener;
    private final VadStream stream;
    /** The detector's rate, Hz. */
    private final int rate;
    /** The detector's frame, in samples. */
    private final int frameSamples;
    private final long endSilenceSamples;
    private final long minSpeechSamples;
    private final long maxUtteranceSamples;
    private final short[] frame;
    private final RecentSamples recent;
    private final PcmBuffer utterance;

    private Resampler resampler;
    /** The input rate of {@link #resampler}, Hz. */
    private int resamplerInRate;
    /** Samples of {@link #frame} filled so far. */
    private int pending;
    /** Stream position, in samples at the detector's rate, of the start of {@link #frame}. */
    private long position;
    private boolean inSpeech;
    private boolean confirmed;
    /** Stream position of the speech start, samples. */
    private long speechStart;
    /** Stream position of the end of the last frame at or above the end threshold, samples. */
    private long lastVoicedEnd;
    /** Samples of pre-roll at the front of {@link #utterance}. */
    private int preRollUsed;
    private boolean closed;

    /**
     * @param detector the detector; this endpointer opens one {@link VadStream} on it, closed by {@link #close()}
     *                 (the detector itself stays open: it is usually shared)
     * @param options  thresholds and durations
     * @param listener receives the utterances
     */
    public SpeechEndpointer(VoiceActivityDetector detector, EndpointerOptions options, Listener listener) {
        this.detector = Objects.requireNonNull(detector, "detector");
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.rate = detector.sampleRate();
        AudioChunk.checkRate(rate);
        this.frameSamples = detector.frameSamples();
        if (frameSamples <= 0) {
            throw new IllegalArgumentException("detector " + detector.name() + " reports a frame of " + frameSamples
                    + " samples; it must be positive");
        }
        this.endSilenceSamples = samples(options.endSilence());
        this.minSpeechSamples = samples(options.minSpeech());
        this.maxUtteranceSamples = Math.max(1, samples(options.maxUtterance()));
        int preRollSamples = Math.toIntExact(samples(options.preRoll()));
        this.frame = new short[frameSamples];
        this.recent = new RecentSamples(preRollSamples);
        // Room for a few seconds of speech up front; it grows (rarely) towards the maximum utterance.
        this.utterance = new PcmBuffer(preRollSamples + 4 * rate);
        this.stream = detector.open();
    }

    /** The options in use. */
    public EndpointerOptions options() {
        return options;
    }

    /** The rate of the utterances handed to the listener (the detector's), Hz. */
    public int sampleRate() {
        return rate;
    }

    /**
     * The stream time fed to the detector so far (whole frames only; resampler and partial-frame latency not
     * included).
     */
    public Duration position() {
        return time(position);
    }

    /**
     * Feeds the next piece of the stream, calling the listener for whatever it completes.
     *
     * @param chunk mono PCM at any rate (resampled to the detector's); chunks at a new rate continue the stream
     * @throws IllegalStateException after {@link #close()}
     */
    public void accept(AudioChunk chunk) {
        Objects.requireNonNull(chunk, "chunk");
        checkOpen();
        if (chunk.sampleRate() == rate) {
            drainResampler();
            feed(chunk);
            return;
        }
        if (resampler == null || resamplerInRate != chunk.sampleRate()) {
            drainResampler();
            resampler = new Resampler(chunk.sampleRate(), rate);
            resamplerInRate = chunk.sampleRate();
        }
        feed(resampler.process(chunk));
    }

    /**
     * Ends the stream: detects on what is still buffered (the resampler's tail, the partial frame padded with
     * silence), ends an utterance in progress (or discards it when shorter than the minimum speech), then starts
     * afresh: new detector state, stream time back to zero.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public void flush() {
        checkOpen();
        drainResampler();
        if (pending > 0) {
            int real = pending;
            Arrays.fill(frame, real, frameSamples, (short) 0);
            detectFrame(real);
        }
        if (inSpeech) {
            finish(lastVoicedEnd);
        }
        restart();
    }

    /**
     * Forgets the stream, including an utterance in progress (the listener hears nothing of it): new detector state,
     * stream time back to zero.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public void reset() {
        checkOpen();
        restart();
    }

    /** Closes the detector stream this endpointer opened; the detector itself stays open. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            stream.close();
        }
    }

    private void drainResampler() {
        if (resampler != null) {
            Resampler last = resampler;
            resampler = null;
            feed(last.flush());
        }
    }

    private void feed(AudioChunk chunk) {
        int n = chunk.sampleCount();
        for (int i = 0; i < n; i++) {
            frame[pending++] = chunk.sample(i);
            if (pending == frameSamples) {
                detectFrame(frameSamples);
            }
        }
    }

    /** Runs the detector on {@link #frame}, of which the first {@code real} samples are audio, and decides. */
    private void detectFrame(int real) {
        pending = 0;
        float p = stream.speechProbability(frame);
        long frameStart = position;
        long frameEnd = frameStart + real;
        position = frameEnd;
        if (!inSpeech) {
            if (p >= options.startThreshold()) {
                begin(frameStart, frameEnd, real);
            } else {
                recent.add(frame, 0, real);
            }
            return;
        }
        utterance.append(frame, 0, real);
        if (p >= options.endThreshold()) {
            lastVoicedEnd = frameEnd;
            confirmIfLongEnough();
        }
        if (frameEnd - lastVoicedEnd >= endSilenceSamples) {
            finish(lastVoicedEnd);
        } else if (frameEnd - speechStart >= maxUtteranceSamples) {
            finish(frameEnd);
        }
    }

    private void begin(long frameStart, long frameEnd, int real) {
        inSpeech = true;
        confirmed = false;
        speechStart = frameStart;
        lastVoicedEnd = frameEnd;
        utterance.clear();
        preRollUsed = recent.size();
        recent.copyTo(utterance);
        recent.clear();
        utterance.append(frame, 0, real);
        confirmIfLongEnough();
        if (frameEnd - speechStart >= maxUtteranceSamples) {
            finish(frameEnd);
        }
    }

    private void confirmIfLongEnough() {
        if (!confirmed && lastVoicedEnd - speechStart >= minSpeechSamples) {
            confirmed = true;
            LOG.debug("speech started at {} ms", time(speechStart).toMillis());
            listener.speechStarted(time(speechStart));
        }
    }

    /** Ends the utterance in progress at stream position {@code end} (samples). */
    private void finish(long end) {
        inSpeech = false;
        long bufferStart = speechStart - preRollUsed;
        // The next utterance's pre-roll: the latest audio, but none that this utterance delivers.
        long keepFrom = Math.max(confirmed ? end : bufferStart, position - recent.capacity());
        recent.clear();
        utterance.copyTo((int) (keepFrom - bufferStart), utterance.length(), recent);
        if (confirmed) {
            AudioChunk audio = utterance.toChunk(0, (int) (end - bufferStart), rate);
            LOG.debug("speech ended at {} ms ({} ms of audio)", time(end).toMillis(), audio.duration().toMillis());
            listener.speechEnded(audio, time(speechStart), time(end));
        } else {
            Duration length = time(lastVoicedEnd - speechStart);
            LOG.debug("discarded {} ms of speech-like audio at {} ms", length.toMillis(), time(speechStart).toMillis());
            listener.speechDiscarded(length);
        }
    }

    private void restart() {
        resampler = null;
        pending = 0;
        position = 0;
        inSpeech = false;
        confirmed = false;
        recent.clear();
        utterance.clear();
        stream.reset();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("speech endpointer on " + detector.name() + " is closed");
        }
    }

    /** A duration as a whole number of samples at the detector's rate (rounded). */
    private long samples(Duration d) {
        return d.getSeconds() * rate + Math.round(d.getNano() * (double) rate / 1e9);
    }

    /** A number of samples at the detector's rate as stream time. */
    private Duration time(long samples) {
        return Duration.ofSeconds(samples / rate, (samples % rate) * 1_000_000_000L / rate);
    }
}
