package dev.videochat.core.tts;

import dev.videochat.api.AbstractCall;
import dev.videochat.api.Call;
import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SynthesisHandler;
import dev.videochat.api.tts.SynthesisResult;
import dev.videochat.api.tts.Voice;
import dev.videochat.api.tts.WordTiming;
import dev.videochat.core.audio.Resampler;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/**
 * One synthesis across several engines: the segments are synthesized one after another, each by its own engine's
 * call, and their audio is resampled to one rate and passed on as one stream.
 *
 * <p>Audio and word timings reach the handler through {@link AbstractCall#deliver}, so none arrives once
 * {@link #cancel()} has returned. Cancelling also cancels the engine call that is running; no later segment starts.
 */
final class RoutedSynthesis extends AbstractCall<SynthesisResult> {

    /** A piece of the text and the engine and voice that speak it. */
    record Segment(SpeechSynthesizer synthesizer, Voice voice, String text) {
    }

    private final List<Segment> segments;
    private final SynthesisHandler handler;
    private final long startNanos = System.nanoTime();
    private final Object lock = new Object();

    // Guarded by lock.
    private Call<SynthesisResult> current;
    // Used by one engine callback thread at a time: segments run strictly one after another.
    private volatile int outRate;
    private volatile long samples;
    private volatile long firstAudioNanos = -1;
    private volatile int lastReportedRate;

    private RoutedSynthesis(String provider, List<Segment> segments, SynthesisHandler handler, int outRate) {
        super(Stage.TTS, provider);
        this.segments = segments;
        this.handler = handler;
        this.outRate = outRate;
    }

    /**
     * Starts synthesizing {@code segments} in order; {@code outRate} 0 means the first audio's rate, in Hz.
     *
     * @throws IllegalArgumentException when the first segment's engine refuses its voice or text
     */
    static RoutedSynthesis start(String provider, List<Segment> segments, SynthesisHandler handler, int outRate) {
        RoutedSynthesis call = new RoutedSynthesis(provider, List.copyOf(segments), handler, outRate);
        call.next(0);
        return call;
    }

    /** A call that has already failed with {@code failure}; nothing is synthesized. */
    static RoutedSynthesis failed(String provider, VideoChatException failure, SynthesisHandler handler) {
        RoutedSynthesis call = new RoutedSynthesis(provider, List.of(), handler, 0);
        call.fail(failure);
        return call;
    }

    private void next(int index) {
        if (index == segments.size()) {
            finish();
            return;
        }
        Segment segment = segments.get(index);
        SegmentAudio audio = new SegmentAudio(samples);
        Call<SynthesisResult> call;
        if (isCancelled() || isDone()) {
            return;
        }
        try {
            call = segment.synthesizer().synthesize(segment.text(), segment.voice(), audio);
        } catch (IllegalArgumentException e) {
            if (index == 0) {
                throw e; // an unknown voice, refused at once as the engine itself would
            }
            failWith(e);
            return;
        } catch (RuntimeException e) {
            failWith(e);
            return;
        }
        synchronized (lock) {
            current = call;
        }
        if (isCancelled()) {
            call.cancel(); // the cancel may have looked for the running call before it was set
            return;
        }
        call.result().whenComplete((summary, error) -> {
            if (error != null) {
                failWith(error);
                return;
            }
            try {
                if (summary.sampleRate() > 0) {
                    lastReportedRate = summary.sampleRate();
                }
                audio.flush();
            } catch (InterruptedException e) {
                if (!isCancelled()) {
                    failWith(e);
                }
                return;
            } catch (RuntimeException e) {
                failWith(e);
                return;
            }
            next(index + 1);
        });
    }

    private void finish() {
        int rate = outRate > 0 ? outRate : lastReportedRate;
        Duration ttfa = Duration.ofNanos((firstAudioNanos < 0 ? System.nanoTime() : firstAudioNanos) - startNanos);
        complete(new SynthesisResult(rate, samples, ttfa));
    }

    private void failWith(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (isCancelled()) {
            return; // the engine call ended because we cancelled it
        }
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        fail(cause instanceof VideoChatException || cause instanceof CancellationException
                ? cause : new VideoChatException(Stage.TTS, provider(), "synthesis failed: " + cause, cause));
    }

    /** Cancels the engine call that is running. */
    @Override
    protected void cancelWork() {
        Call<SynthesisResult> running;
        synchronized (lock) {
            running = current;
        }
        if (running != null) {
            running.cancel();
        }
    }

    /** Receives one segment's audio from its engine and passes it on at the call's rate. */
    private final class SegmentAudio implements SynthesisHandler {
        private final long startSample;
        private Resampler resampler;

        SegmentAudio(long startSample) {
            this.startSample = startSample;
        }

        @Override
        public void onAudio(AudioChunk chunk) throws InterruptedException {
            if (chunk.isEmpty()) {
                return;
            }
            if (outRate == 0) {
                outRate = chunk.sampleRate();
            }
            if (resampler == null) {
                resampler = new Resampler(chunk.sampleRate(), outRate);
            }
            deliverAudio(resampler.process(chunk));
        }

        @Override
        public void onWord(WordTiming word) throws InterruptedException {
            int rate = outRate;
            Duration before = rate <= 0 ? Duration.ZERO : Duration.ofNanos(Math.round(startSample * 1e9 / rate));
            WordTiming shifted = new WordTiming(word.text(), word.offset().plus(before), word.duration());
            deliver(() -> handler.onWord(shifted));
        }

        void flush() throws InterruptedException {
            if (resampler != null) {
                deliverAudio(resampler.flush());
            }
        }
    }

    private void deliverAudio(AudioChunk chunk) throws InterruptedException {
        if (chunk.isEmpty()) {
            return;
        }
        deliver(() -> {
            if (firstAudioNanos < 0) {
                firstAudioNanos = System.nanoTime();
            }
            handler.onAudio(chunk);
            samples += chunk.sampleCount();
        });
    }
}
