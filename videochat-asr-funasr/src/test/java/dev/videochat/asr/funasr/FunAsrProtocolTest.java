package dev.videochat.asr.funasr;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The messages and the rules for reading results, without a socket. */
class FunAsrProtocolTest {

    private static FunAsrProtocol.Result parse(String json) throws IOException {
        return FunAsrProtocol.parse(json);
    }

    @Test
    void aTimestampMayBeAStringOrANumberAndStampSentsAnArrayOrAString() throws IOException {
        FunAsrProtocol.Result older = parse("{\"mode\":\"2pass-offline\",\"text\":\"好。\",\"timestamp\":\"[[1,2]]\","
                + "\"stamp_sents\":[{\"text_seg\":\"好\",\"ts_list\":[[1,2]]}],\"is_final\":false}");
        FunAsrProtocol.Result newer = parse("{\"mode\":\"2pass-offline\",\"text\":\"好。\",\"timestamp\":1724220000000,"
                + "\"stamp_sents\":\"\",\"start_time\":500,\"end_time\":1700.0,\"slice_type\":2,\"is_final\":false}");

        assertEquals("好。", older.text());
        assertEquals("好。", newer.text());
        assertEquals(OptionalLong.empty(), older.startMs());
        assertEquals(OptionalLong.of(500), newer.startMs());
        assertEquals(OptionalLong.of(1700), newer.endMs());
    }

    @Test
    void aResultWithoutModeOrTextReadsAsEmpty() throws IOException {
        FunAsrProtocol.Result flush = parse("{\"text\":\"\",\"wav_name\":\"t\",\"is_final\":true}");
        assertEquals("", flush.mode());
        assertFalse(flush.isOnline() || flush.isOffline());
        assertTrue(flush.isFinal());
    }

    @Test
    void modesAreMatchedBySuffix() throws IOException {
        assertTrue(parse("{\"mode\":\"2pass-online\"}").isOnline());
        assertTrue(parse("{\"mode\":\"online\"}").isOnline());
        assertTrue(parse("{\"mode\":\"2pass-offline\"}").isOffline());
        assertTrue(parse("{\"mode\":\"offline\"}").isOffline());
    }

    @Test
    void trailingGarbageAfterTheObjectIsMalformed() {
        assertThrows(IOException.class, () -> parse("{\"text\":\"a\"} {\"text\":\"b\"}"));
        assertThrows(IOException.class, () -> parse("ERROR. Real-time transcription service ONLY SUPPORT PCM stream."));
    }

    @Test
    void hotwordsGoAsAJsonObjectWrittenAsAString() throws IOException {
        FunAsrSettings s = FunAsrSettings.from(Map.of("hotwords", "阿里巴巴 20，machine learning 30\n通义实验室 40"));
        Map<String, Object> config = FunAsrPeer.parse(FunAsrProtocol.config(s));
        assertEquals("{\"阿里巴巴\":20,\"machine learning\":30,\"通义实验室\":40}", config.get("hotwords"));
        assertFalse(FunAsrPeer.parse(FunAsrProtocol.config(FunAsrSettings.from(Map.of()))).containsKey("hotwords"));
    }

    @Test
    void theEndOfSpeechAsksForThePythonServersAcknowledgement() throws IOException {
        assertEquals(Map.of("is_speaking", false, "is_end", true), FunAsrPeer.parse(FunAsrProtocol.endOfSpeech()));
    }

    @Test
    void senseVoiceTagsGoAndTheLanguageStays() {
        assertEquals(new SenseVoiceText("欢迎。", "zh"), SenseVoiceText.of("<|zh|><|NEUTRAL|><|Speech|> 欢迎。"));
        assertEquals(new SenseVoiceText("Hello.", "en"), SenseVoiceText.of("<|en|><|HAPPY|><|Speech|><|withitn|>Hello."));
        assertEquals(new SenseVoiceText("", ""), SenseVoiceText.of("<|nospeech|><|EMO_UNKNOWN|><|Event_UNK|>"));
        assertEquals(new SenseVoiceText("a < b", ""), SenseVoiceText.of("a < b"));
    }

    @Test
    void onlineDeltasAccumulateUntilASentenceReplacesThem() {
        TranscriptAssembly a = new TranscriptAssembly(FunAsrMode.TWO_PASS);
        assertEquals("欢迎", a.online("欢迎").orElseThrow());
        assertEquals("欢迎大家", a.online("大家").orElseThrow());
        assertTrue(a.online("").isEmpty(), "an empty delta changes nothing");
        assertEquals("欢迎大家，", a.sentence("欢迎大家，").orElseThrow());
        assertEquals("来", a.online("来").orElseThrow(), "a new sentence starts from nothing");
        assertEquals("来", a.flush().orElseThrow(), "words no sentence replaced are kept at the end");
        assertEquals("欢迎大家，来", a.text());
    }

    @Test
    void sentencesOfASpacedScriptAreJoinedWithASpace() {
        TranscriptAssembly a = new TranscriptAssembly(FunAsrMode.TWO_PASS);
        a.sentence("Hello there.");
        a.sentence("How are you?");
        a.sentence("你好。");
        a.sentence("再见。");
        assertEquals("Hello there. How are you?你好。再见。", a.text());
    }

    @Test
    void whichResultIsTheLastDependsOnTheServerAndTheMode() throws IOException {
        TranscriptAssembly twoPass = new TranscriptAssembly(FunAsrMode.TWO_PASS);
        TranscriptAssembly offline = new TranscriptAssembly(FunAsrMode.OFFLINE);
        FunAsrProtocol.Result lateSentence = parse("{\"mode\":\"2pass-offline\",\"text\":\"a\",\"is_final\":false}");
        FunAsrProtocol.Result cppOffline = parse("{\"mode\":\"offline\",\"text\":\"a\",\"is_final\":false}");
        FunAsrProtocol.Result flush = parse("{\"mode\":\"2pass-offline\",\"text\":\"a\",\"is_final\":true}");
        FunAsrProtocol.Result ack = parse("{\"mode\":\"2pass\",\"is_end\":true}");

        assertFalse(twoPass.isLast(lateSentence), "2pass sentences go on after the end of speech");
        assertTrue(offline.isLast(lateSentence), "in offline mode the 2pass server sends one result");
        assertTrue(twoPass.isLast(cppOffline), "the offline server's only result, is_final false");
        assertTrue(twoPass.isLast(flush));
        assertTrue(twoPass.isLast(ack));
        assertEquals(List.of(true, false), List.of(parse("{\"is_final\":1}").isFinal(),
                parse("{\"is_final\":\"false\"}").isFinal()));
    }
}
