package dev.videochat.core.tts;

import dev.videochat.api.Call;
import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SynthesisHandler;
import dev.videochat.api.tts.SynthesisResult;
import dev.videochat.api.tts.Voice;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultilingualSynthesizerTest {

    private static final Voice KEVIN = new Voice("kevin16", "en-US");
    private static final Voice MANDARIN = new Voice("cmn-latn-pinyin", "zh");
    private static final short EN = 1_000;
    private static final short ZH = 2_000;

    private final LevelSynthesizer english = new LevelSynthesizer("freetts", EN, 16_000, 100, KEVIN);
    private final LevelSynthesizer chinese = new LevelSynthesizer("espeak", ZH, 22_050, 100, MANDARIN);

    /** Collects the audio in order. */
    private static final class Collected implements SynthesisHandler {
        final List<AudioChunk> chunks = new CopyOnWriteArrayList<>();

        @Override
        public void onAudio(AudioChunk chunk) {
            chunks.add(chunk);
        }

        /** The levels heard in order, each stretch of one level once. */
        List<Short> levels() {
            List<Short> levels = new java.util.ArrayList<>();
            for (AudioChunk c : chunks) {
                for (int i = 0; i < c.sampleCount(); i++) {
                    // The resampler rings at a level change; count only the plateaus.
                    short s = c.sample(i);
                    if ((s == EN || s == ZH) && (levels.isEmpty() || levels.get(levels.size() - 1) != s)) {
                        levels.add(s);
                    }
                }
            }
            return levels;
        }

        int samples() {
            return chunks.stream().mapToInt(AudioChunk::sampleCount).sum();
        }
    }

    private MultilingualSynthesizer englishAndChinese() {
        return MultilingualSynthesizer.builder().voice("en", english, KEVIN).voice("zh", chinese, MANDARIN).build();
    }

    @Test
    void latinWordsInsideAChineseSentenceGoToTheEnglishVoice() throws Exception {
        Collected audio = new Collected();
        englishAndChinese().synthesize("我们用 Java 写代码。", KEVIN, audio).await();
        assertEquals(List.of("我们用 ", "写代码。"), chinese.texts);
        assertEquals(List.of("Java "), english.texts);
        assertEquals(List.of(ZH, EN, ZH), audio.levels());
    }

    @Test
    void aChinesePacketGoesToTheChineseVoiceWhateverTheSessionVoice() throws Exception {
        Collected audio = new Collected();
        SynthesisResult result = englishAndChinese()
                .synthesize("你好，我是你的数字人，今天我们聊聊人工智能。", KEVIN, audio).await();
        assertEquals(List.of("你好，我是你的数字人，今天我们聊聊人工智能。"), chinese.texts);
        assertEquals(List.of(MANDARIN), chinese.voicesUsed);
        assertTrue(english.texts.isEmpty());
        assertEquals(22_050, result.sampleRate());
        assertEquals(22 * 100, result.samples());
    }

    @Test
    void theAudioOfEveryRunArrivesAtTheFirstRunsRate() throws Exception {
        Collected audio = new Collected();
        SynthesisResult result = englishAndChinese().synthesize("Hello 你好", KEVIN, audio).await();
        assertEquals(16_000, result.sampleRate());
        assertTrue(audio.chunks.stream().allMatch(c -> c.sampleRate() == 16_000));
        // "Hello " 600 samples at 16 kHz, "你好" 200 samples at 22.05 kHz -> 145 at 16 kHz.
        assertEquals(600 + Math.round(200 * 16_000 / 22_050.0), result.samples());
        assertEquals(result.samples(), audio.samples());
    }

    @Test
    void aFixedRateResamplesEveryRun() throws Exception {
        MultilingualSynthesizer tts = MultilingualSynthesizer.builder().voice("en", english, KEVIN)
                .voice("zh", chinese, MANDARIN).sampleRate(24_000).build();
        Collected audio = new Collected();
        SynthesisResult result = tts.synthesize("Hi 你好", KEVIN, audio).await();
        assertEquals(24_000, result.sampleRate());
        assertEquals(Math.round(300 * 24_000 / 16_000.0) + Math.round(200 * 24_000 / 22_050.0), result.samples());
    }

    @Test
    void aVoiceThatSpeaksBothLanguagesSpeaksTheWholeMixedPacket() throws Exception {
        Voice xiaoxiao = new Voice("zh-CN-XiaoxiaoNeural", "zh-CN", Set.of("zh", "en"));
        LevelSynthesizer edge = new LevelSynthesizer("edge-tts", ZH, 24_000, 10, xiaoxiao);
        MultilingualSynthesizer tts = MultilingualSynthesizer.builder().voice("zh", edge, xiaoxiao)
                .voice("en", english, KEVIN).build();
        tts.synthesize("我们用 Java 写代码。", xiaoxiao, new Collected()).await();
        assertEquals(List.of("我们用 Java 写代码。"), edge.texts);
        assertTrue(english.texts.isEmpty());
    }

    @Test
    void textNoVoiceCanSpeakFailsNamingTheVoiceTheLanguageAndWhatToConfigure() throws Exception {
        MultilingualSynthesizer tts = MultilingualSynthesizer.builder().voice("en", english, KEVIN)
                .whenNoVoice("set VIDEOCHAT_TTS=espeak (needs libespeak-ng1)").build();
        Collected audio = new Collected();
        Call<SynthesisResult> call = tts.synthesize("你好，我是你的数字人。", KEVIN, audio);
        VideoChatException e = assertThrows(VideoChatException.class, call::await);
        assertEquals(Stage.TTS, e.stage());
        assertEquals("freetts", e.provider());
        assertEquals("[TTS/freetts] the freetts voice kevin16 speaks English only; the text \"你好，我是你的数字人。\" "
                + "is Chinese: set VIDEOCHAT_TTS=espeak (needs libespeak-ng1)", e.getMessage());
        assertTrue(english.texts.isEmpty(), "nothing is spoken when part of the packet cannot be");
        assertTrue(audio.chunks.isEmpty());
    }

    @Test
    void chineseInsideEnglishTextFailsRatherThanGoingSilent() {
        MultilingualSynthesizer tts = MultilingualSynthesizer.builder().voice("en", english, KEVIN).build();
        VideoChatException e = assertThrows(VideoChatException.class,
                () -> tts.synthesize("Hello 你好!", KEVIN, new Collected()).await());
        assertTrue(e.getMessage().contains("has Chinese in it (\"你好!\")"), e.getMessage());
        assertTrue(e.getMessage().contains("voice.zh"), e.getMessage());
    }

    @Test
    void numbersAloneGoToTheSessionVoice() throws Exception {
        englishAndChinese().synthesize("2026.", MANDARIN, new Collected()).await();
        assertEquals(List.of("2026."), chinese.texts);
    }

    @Test
    void emojiOnlyTextGoesToTheSessionVoiceAsItIs() throws Exception {
        englishAndChinese().synthesize("🎉", KEVIN, new Collected()).await();
        assertEquals(List.of("🎉"), english.texts);
    }

    @Test
    void blankTextIsRefusedAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> englishAndChinese().synthesize(" ", KEVIN, new Collected()));
    }

    @Test
    void anEngineFailureFailsTheSynthesisAndLaterRunsDoNotStart() {
        chinese.failOn("坏");
        VideoChatException e = assertThrows(VideoChatException.class,
                () -> englishAndChinese().synthesize("坏了 then English", KEVIN, new Collected()).await());
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertTrue(english.texts.isEmpty());
    }

    @Test
    void cancellingStopsTheRunningEngineAndNoCallbackFollows() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        AtomicInteger afterCancel = new AtomicInteger();
        AtomicBoolean cancelReturned = new AtomicBoolean();
        SynthesisHandler blocking = chunk -> {
            if (cancelReturned.get()) {
                afterCancel.incrementAndGet();
            }
            inHandler.countDown();
            new CountDownLatch(1).await(); // held until the cancel interrupts it
        };
        Call<SynthesisResult> call = englishAndChinese().synthesize("你好 and more English words", KEVIN, blocking);
        assertTrue(inHandler.await(10, TimeUnit.SECONDS));
        call.cancel();
        cancelReturned.set(true);
        assertThrows(CancellationException.class, call::await);
        assertTrue(chinese.cancelled.get(), "the running engine call was cancelled");
        assertTrue(english.texts.isEmpty(), "no later run started");
        assertEquals(0, afterCancel.get());
    }

    @Test
    void voicePerLanguageSettingsPickVoicesWithinOneEngine() throws Exception {
        Voice enUs = new Voice("en-us", "en");
        LevelSynthesizer espeak = new LevelSynthesizer("espeak", EN, 22_050, 10, enUs, MANDARIN);
        SpeechSynthesizer tts = MultilingualSynthesizer.perLanguageVoices(espeak,
                Map.of("voice.zh", "cmn-latn-pinyin", "speed", "175"));
        assertEquals(List.of(enUs, MANDARIN), tts.voices());
        tts.synthesize("Hello 你好", enUs, new Collected()).await();
        assertEquals(List.of(enUs, MANDARIN), espeak.voicesUsed);
        assertEquals(List.of("Hello ", "你好"), espeak.texts);
    }

    @Test
    void withoutPerLanguageSettingsTheEngineIsReturnedAsItIs() {
        assertSame(english, MultilingualSynthesizer.perLanguageVoices(english, Map.of("rate", "150")));
    }

    @Test
    void closingClosesEveryEngineOnce() {
        MultilingualSynthesizer tts = englishAndChinese();
        tts.close();
        assertTrue(english.closed.get() && chinese.closed.get());
    }

    @Test
    void theDefaultLanguagesVoiceIsListedFirst() {
        MultilingualSynthesizer tts = MultilingualSynthesizer.builder().voice("en", english, KEVIN)
                .voice("zh", chinese, MANDARIN).defaultLanguage("zh").build();
        assertEquals(List.of(MANDARIN, KEVIN), tts.voices());
        assertEquals("freetts+espeak", tts.name());
        assertFalse(tts.languages().isEmpty());
    }
}
