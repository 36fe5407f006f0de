package dev.videochat.tts.espeak;

import dev.videochat.api.Call;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SynthesisResult;
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
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EspeakSynthesizerTest {

    private static final Logger log = LoggerFactory.getLogger(EspeakSynthesizerTest.class);
    private static final String ENGLISH = "The quick brown fox jumps over the lazy dog, and then it runs far away "
            + "into the green forest before the sun goes down.";
    private static final String MANDARIN = "欢迎大家来体验达摩院推出的语音识别模型。";
    private static SpeechSynthesizer tts;

    @BeforeAll
    static void start() {
        assumeTrue(EspeakProvider.isAvailable(), "skipped: libespeak-ng is not installed "
                + "(apt-get install -y libespeak-ng1 espeak-ng-data, or run .ci/setup.d/espeak-ng.sh)");
        tts = new EspeakProvider().create(Map.of());
    }

    @AfterAll
    static void stop() {
        if (tts != null) {
            tts.close();
        }
    }

    private static RecordingHandler speak(String text, String voice) throws InterruptedException {
        RecordingHandler handler = new RecordingHandler();
        Call<SynthesisResult> call = tts.synthesize(text, new Voice(voice, "-"), handler);
        handler.watch(call.result());
        call.await();
        return handler;
    }

    private static double speechFraction(AudioChunk audio) throws Exception {
        try (SileroVad vad = SileroVad.load()) {
            return vad.speechFraction(Audio.resample(audio, 16_000));
        }
    }

    @Test
    void englishIsHeardAsSpeechAt22050Hz() throws Exception {
        AudioChunk audio = speak(ENGLISH, "en-us").audio();
        assertEquals(22_050, audio.sampleRate());
        double speech = speechFraction(audio);
        log.info("espeak en-us: {} ms, speech fraction {}", audio.duration().toMillis(), speech);
        assertTrue(speech > 0.6, "speech fraction " + speech);
    }

    @Test
    void mandarinIsHeardAsSpeech() throws Exception {
        AudioChunk audio = speak(MANDARIN, "cmn").audio();
        double speech = speechFraction(audio);
        log.info("espeak cmn: {} ms, speech fraction {}", audio.duration().toMillis(), speech);
        assertTrue(speech > 0.6, "speech fraction " + speech);
    }

    @Test
    void mandarinVoicesAreOfferedAsChinese() {
        assertTrue(tts.voices().contains(new Voice("cmn-latn-pinyin", "zh")), tts.voices().toString());
        assertEquals("en-us", tts.defaultVoice().id());
    }

    @Test
    void silenceAfterTheSpeechIsHeardAsSilence() throws Exception {
        AudioChunk speechOnly = Audio.resample(speak(ENGLISH, "en-us").audio(), 16_000);
        AudioChunk audio = Audio.withSilence(speechOnly, 32_000);
        try (SileroVad vad = SileroVad.load()) {
            float[] p = vad.probabilities(audio);
            int speechWindows = speechOnly.sampleCount() / SileroVad.WINDOW;
            assertEquals(0.0, SileroVad.fractionAbove(p, speechWindows + 8, p.length));
        }
    }

    @Test
    void longerTextGivesLongerAudio() throws Exception {
        int a = speak("Hello there.", "en-us").audio().sampleCount();
        int b = speak(ENGLISH, "en-us").audio().sampleCount();
        int c = speak(ENGLISH + " " + ENGLISH, "en-us").audio().sampleCount();
        assertTrue(a < b && b < c, a + " " + b + " " + c);
    }

    @Test
    void theFirstChunkArrivesBeforeTheSynthesisEnds() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        Call<SynthesisResult> call = tts.synthesize((ENGLISH + " ").repeat(6), tts.defaultVoice(), handler);
        handler.watch(call.result());
        call.await();
        assertTrue(handler.chunks().size() > 1);
        assertFalse(handler.doneWhenReceived().get(0));
    }

    @Test
    void cancellingStopsCallbacksAtOnce() throws Exception {
        AtomicReference<Call<SynthesisResult>> self = new AtomicReference<>();
        RecordingHandler handler = new RecordingHandler().onChunk(i -> self.get().cancel());
        synchronized (handler) {
            self.set(tts.synthesize((ENGLISH + " ").repeat(6), tts.defaultVoice(), handler));
        }
        assertThrows(CancellationException.class, () -> self.get().await());
        assertEquals(1, handler.chunks().size());
        // espeak-ng is free again: the next synthesis runs.
        assertTrue(speak("Hello.", "en-us").audio().sampleCount() > 0);
    }

    @Test
    void anUnknownVoiceIsRejectedAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tts.synthesize("Hello.", new Voice("klingon", "en"), new RecordingHandler()));
        assertTrue(e.getMessage().contains("en-us"), e.getMessage());
    }

    @Test
    void blankTextIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> tts.synthesize(" ", tts.defaultVoice(), new RecordingHandler()));
    }
}
