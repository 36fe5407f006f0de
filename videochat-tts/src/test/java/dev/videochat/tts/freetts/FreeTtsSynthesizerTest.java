package dev.videochat.tts.freetts;

import dev.videochat.api.Call;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SynthesisResult;
import dev.videochat.api.tts.SpeechSynthesizerProvider;
import dev.videochat.api.tts.Voice;
import dev.videochat.tts.testing.Audio;
import dev.videochat.tts.testing.RecordingHandler;
import dev.videochat.tts.testing.SileroVad;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FreeTtsSynthesizerTest {

    private static final Logger log = LoggerFactory.getLogger(FreeTtsSynthesizerTest.class);
    private static final String SENTENCE = "The quick brown fox jumps over the lazy dog, and then it runs far away "
            + "into the green forest before the sun goes down.";
    private static SpeechSynthesizer tts;

    @BeforeAll
    static void load() {
        tts = new FreeTtsProvider().create(Map.of());
    }

    @AfterAll
    static void close() {
        tts.close();
    }

    private static RecordingHandler speak(String text) throws InterruptedException {
        RecordingHandler handler = new RecordingHandler();
        Call<SynthesisResult> call = tts.synthesize(text, tts.defaultVoice(), handler);
        handler.watch(call.result());
        call.await();
        return handler;
    }

    @Test
    void isFoundByServiceLoaderAsFreetts() {
        assertTrue(ServiceLoader.load(SpeechSynthesizerProvider.class).stream().anyMatch(p -> p.get().name().equals("freetts")));
        assertEquals(new Voice("kevin16", "en-US"), tts.defaultVoice());
    }

    @Test
    void producesSixteenKilohertzAudioThatSileroHearsAsSpeech() throws Exception {
        RecordingHandler handler = speak(SENTENCE);
        AudioChunk audio = handler.audio();
        assertEquals(16_000, audio.sampleRate());
        try (SileroVad vad = SileroVad.load()) {
            double speech = vad.speechFraction(audio);
            log.info("freetts: {} s of audio, speech fraction {}", audio.duration().toMillis() / 1000.0, speech);
            assertTrue(speech > 0.6, "speech fraction " + speech);
        }
    }

    @Test
    void silenceAfterTheSpeechIsHeardAsSilence() throws Exception {
        AudioChunk audio = Audio.withSilence(speak(SENTENCE).audio(), 32_000);
        try (SileroVad vad = SileroVad.load()) {
            float[] p = vad.probabilities(audio);
            int speechWindows = speak(SENTENCE).audio().sampleCount() / SileroVad.WINDOW;
            // Skip a quarter second after the speech: the model's state lets go gradually.
            double tail = SileroVad.fractionAbove(p, speechWindows + 8, p.length);
            assertEquals(0.0, tail, "speech fraction in the appended silence");
            assertEquals(0.0, vad.speechFraction(AudioChunk.silence(32_000, 16_000)));
        }
    }

    @Test
    void longerTextGivesLongerAudio() throws Exception {
        long shortSamples = speak("Hello there.").audio().sampleCount();
        long longSamples = speak(SENTENCE).audio().sampleCount();
        long longer = speak(SENTENCE + " " + SENTENCE).audio().sampleCount();
        assertTrue(shortSamples < longSamples && longSamples < longer, shortSamples + " " + longSamples + " " + longer);
    }

    @Test
    void streamsSeveralChunksTheFirstBeforeTheSynthesisEnds() throws Exception {
        RecordingHandler handler = speak(SENTENCE);
        assertTrue(handler.chunks().size() > 1, "chunks: " + handler.chunks().size());
        assertFalse(handler.doneWhenReceived().get(0));
    }

    @Test
    void resultCountsTheSamplesDeliveredAndTheTimeToFirstAudio() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        Call<SynthesisResult> call = tts.synthesize(SENTENCE, tts.defaultVoice(), handler);
        SynthesisResult result = call.await();
        assertEquals(16_000, result.sampleRate());
        assertEquals(handler.audio().sampleCount(), result.samples());
        assertFalse(result.timeToFirstAudio().isNegative());
        log.info("freetts: time to first audio {} ms for {} ms of audio", result.timeToFirstAudio().toMillis(),
                result.audioDuration().toMillis());
    }

    @Test
    void cancellingFromTheFirstChunkStopsFurtherCallbacks() throws Exception {
        AtomicReference<Call<SynthesisResult>> self = new AtomicReference<>();
        RecordingHandler handler = new RecordingHandler().onChunk(i -> self.get().cancel());
        String text = (SENTENCE + " ").repeat(5);
        synchronized (handler) {
            // Holding the handler's lock keeps its first callback waiting until the call is known.
            self.set(tts.synthesize(text, tts.defaultVoice(), handler));
        }
        assertThrows(CancellationException.class, () -> self.get().await());
        // The voice goes back to the pool only when FreeTTS has stopped: the next call waits for it.
        RecordingHandler next = speak("Still here.");
        assertEquals(1, handler.chunks().size());
        assertFalse(next.chunks().isEmpty());
    }

    @Test
    void blankTextIsRejectedBeforeAnythingIsSynthesized() {
        RecordingHandler handler = new RecordingHandler();
        assertThrows(IllegalArgumentException.class, () -> tts.synthesize("  \n", tts.defaultVoice(), handler));
        assertTrue(handler.chunks().isEmpty());
    }

    @Test
    void anUnknownVoiceIsRejectedNamingTheKnownOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tts.synthesize("Hello.", new Voice("alan", "en-US"), new RecordingHandler()));
        assertTrue(e.getMessage().contains("kevin16"), e.getMessage());
    }

    @Test
    void textLongerThanOnePieceIsSplitNotFailed() throws Exception {
        SpeechSynthesizer small = new FreeTtsProvider().create(Map.of("max-chars", "60"));
        try {
            RecordingHandler handler = new RecordingHandler();
            SynthesisResult result = small.synthesize(SENTENCE + " " + SENTENCE, small.defaultVoice(), handler).await();
            assertTrue(result.audioDuration().toMillis() > 5_000, "duration " + result.audioDuration());
        } finally {
            small.close();
        }
    }

    @Test
    void byDefaultOneVoicePerCoreSynthesizesAtOnce() {
        try (FreeTtsSynthesizer byDefault = (FreeTtsSynthesizer) FreeTtsSynthesizer.builder().build();
             FreeTtsSynthesizer three = (FreeTtsSynthesizer) new FreeTtsProvider().create(Map.of("concurrency", "3"))) {
            assertEquals(Runtime.getRuntime().availableProcessors(), byDefault.options().concurrency());
            assertEquals(3, three.options().concurrency());
        }
    }

    @Test
    void withTwoVoicesASecondSynthesisCompletesWhileTheFirstIsHeldInItsAudioCallback() throws Exception {
        SpeechSynthesizer two = new FreeTtsProvider().create(Map.of("concurrency", "2"));
        try {
            CountDownLatch firstHeld = new CountDownLatch(1);
            CountDownLatch secondDone = new CountDownLatch(1);
            Call<SynthesisResult> first = two.synthesize(SENTENCE, two.defaultVoice(), chunk -> {
                firstHeld.countDown();
                secondDone.await();
            });
            assertTrue(firstHeld.await(30, TimeUnit.SECONDS), "the first synthesis produced no audio");
            // With one voice the second would wait behind the first, which waits for the second: the timeout only
            // turns that deadlock into a failure.
            RecordingHandler handler = new RecordingHandler();
            SynthesisResult second = two.synthesize("Hello there.", two.defaultVoice(), handler).result()
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertFalse(first.isDone(), "the first synthesis is still held in its callback");
            assertTrue(second.samples() > 0);
            secondDone.countDown();
            assertTrue(first.await().samples() > 0);
        } finally {
            two.close();
        }
    }

    @Test
    void textWithNothingSpeakableEndsWithoutAudio() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        SynthesisResult result = tts.synthesize("😀 🎉", tts.defaultVoice(), handler).await();
        assertEquals(0, result.samples());
        assertEquals(List.of(), handler.chunks());
    }
}
