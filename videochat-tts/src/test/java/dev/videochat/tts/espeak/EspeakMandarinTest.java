package dev.videochat.tts.espeak;

import dev.videochat.api.Call;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SynthesisResult;
import dev.videochat.api.tts.Voice;
import dev.videochat.tts.testing.RecordingHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** espeak-ng's Mandarin through the library, in-process; skipped where libespeak-ng1 is not installed. */
class EspeakMandarinTest {

    private static final Logger log = LoggerFactory.getLogger(EspeakMandarinTest.class);
    private static final String SHORT = "你好。";
    private static final String SENTENCE = "你好，我是你的数字人，今天我们聊聊人工智能。";
    /** 32 ms at 22,050 Hz. */
    private static final int FRAME = 706;
    /** An RMS of 300 (of 32,767) is about -40 dBFS: well above espeak-ng's digital silence of 0. */
    private static final double VOICED_RMS = 300;
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

    private static AudioChunk speak(String text) throws InterruptedException {
        RecordingHandler handler = new RecordingHandler();
        Call<SynthesisResult> call = tts.synthesize(text, tts.defaultVoice(), handler);
        handler.watch(call.result());
        call.await();
        return handler.audio();
    }

    /** The share of 32 ms frames, between the first and the last voiced one, whose RMS is above {@link #VOICED_RMS}. */
    private static double voicedFraction(AudioChunk audio) {
        int frames = audio.sampleCount() / FRAME;
        boolean[] voiced = new boolean[frames];
        int first = -1;
        int last = -1;
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int i = f * FRAME; i < (f + 1) * FRAME; i++) {
                double s = audio.sample(i);
                sum += s * s;
            }
            voiced[f] = Math.sqrt(sum / FRAME) > VOICED_RMS;
            if (voiced[f]) {
                last = f;
                first = first < 0 ? f : first;
            }
        }
        if (first < 0) {
            return 0;
        }
        int count = 0;
        for (int f = first; f <= last; f++) {
            count += voiced[f] ? 1 : 0;
        }
        return (double) count / (last - first + 1);
    }

    @Test
    void chineseIsSpokenAsVoicedAudio() throws Exception {
        AudioChunk audio = speak(SENTENCE);
        double voiced = voicedFraction(audio);
        log.info("espeak Mandarin: {} ms, {} % of 32 ms frames voiced", audio.duration().toMillis(),
                Math.round(voiced * 100));
        assertEquals(22_050, audio.sampleRate());
        assertTrue(audio.duration().toMillis() > 2_000, audio.duration().toString());
        assertTrue(voiced > 0.6, "voiced fraction " + voiced);
    }

    @Test
    void longerChineseTextLastsLonger() throws Exception {
        int a = speak(SHORT).sampleCount();
        int b = speak(SENTENCE).sampleCount();
        int c = speak(SENTENCE + SENTENCE).sampleCount();
        assertTrue(a < b && b < c, a + " " + b + " " + c);
    }

    @Test
    void chineseNumbersAreSpokenAsWords() throws Exception {
        // Read as 二零二六年十二月四日, the date lasts far longer than the four characters around the digits.
        int withDate = speak("会议在2026年12月4日。").sampleCount();
        int without = speak("会议在年月日。").sampleCount();
        assertTrue(withDate > without * 1.5, withDate + " vs " + without);
    }

    @Test
    void englishWordsInsideChineseGoToTheEnglishVoice() throws Exception {
        int mixed = speak("我们用 Java 写代码。").sampleCount();
        int chinese = speak("我们用写代码。").sampleCount();
        assertTrue(mixed > chinese, mixed + " vs " + chinese);
    }

    @Test
    void mandarinVoicesAreOfferedAsChinese() {
        assertTrue(tts.voices().contains(new Voice("cmn-latn-pinyin", "zh")), tts.voices().toString());
    }
}
