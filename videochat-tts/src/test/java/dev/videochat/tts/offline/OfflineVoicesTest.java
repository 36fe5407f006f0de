package dev.videochat.tts.offline;

import dev.videochat.api.Call;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SynthesisResult;
import dev.videochat.core.provider.Providers;
import dev.videochat.tts.espeak.EspeakProvider;
import dev.videochat.tts.freetts.FreeTtsProvider;
import dev.videochat.tts.testing.RecordingHandler;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class OfflineVoicesTest {

    private static AudioChunk speak(SpeechSynthesizer tts, String text) throws InterruptedException {
        RecordingHandler handler = new RecordingHandler();
        Call<SynthesisResult> call = tts.synthesize(text, tts.defaultVoice(), handler);
        handler.watch(call.result());
        call.await();
        return handler.audio();
    }

    @Test
    void theOfflineVoicesSpeakChineseWhereLibespeakIsInstalled() throws Exception {
        assumeTrue(EspeakProvider.isAvailable(), "skipped: libespeak-ng is not installed "
                + "(apt-get install -y libespeak-ng1 espeak-ng-data)");
        try (SpeechSynthesizer tts = Providers.synthesizer("offline", Map.of())) {
            assertEquals("freetts+espeak", tts.name());
            assertEquals("kevin16", tts.defaultVoice().id());
            AudioChunk audio = speak(tts, "你好，我是你的数字人，今天我们聊聊人工智能。");
            assertTrue(audio.duration().toMillis() > 2_000, audio.duration().toString());
        }
    }

    @Test
    void chineseWordsInEnglishTextAreSpokenNotDropped() throws Exception {
        assumeTrue(EspeakProvider.isAvailable(), "skipped: libespeak-ng is not installed "
                + "(apt-get install -y libespeak-ng1 espeak-ng-data)");
        try (SpeechSynthesizer tts = OfflineVoices.create()) {
            int english = speak(tts, "Hello!").sampleCount();
            int mixed = speak(tts, "Hello 你好!").sampleCount();
            assertTrue(mixed > english * 1.2, mixed + " vs " + english);
        }
    }

    @Test
    void freeTtsAloneRefusesChineseSayingWhatToUse() {
        try (SpeechSynthesizer tts = new FreeTtsProvider().create(Map.of())) {
            RecordingHandler handler = new RecordingHandler();
            VideoChatException e = assertThrows(VideoChatException.class,
                    () -> tts.synthesize("你好，我是你的数字人。", tts.defaultVoice(), handler).await());
            assertTrue(e.getMessage().startsWith("[TTS/freetts] the freetts voice kevin16 speaks English only; "
                    + "the text \"你好，我是你的数字人。\" has Chinese in it: use the TTS provider offline or espeak"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("apt-get install -y libespeak-ng1 espeak-ng-data"), e.getMessage());
            assertTrue(handler.chunks().isEmpty());
        }
    }
}
