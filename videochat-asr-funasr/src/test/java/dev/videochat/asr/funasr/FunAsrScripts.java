package dev.videochat.asr.funasr;

import dev.videochat.asr.funasr.FunAsrPeer.Reply;
import dev.videochat.asr.funasr.FunAsrPeer.Script;

import java.util.List;
import java.util.Map;

import static dev.videochat.asr.funasr.FunAsrPeer.text;

/**
 * How the FunASR servers answer, as scripts for {@link FunAsrPeer}. The messages follow
 * {@code websocket-server-2pass.cpp}, {@code websocket-server.cpp} and {@code funasr_wss_server.py} (see
 * {@code speech.md} A.1); the words are those of the shared asset {@code asr_example_zh.wav}.
 */
final class FunAsrScripts {

    private FunAsrScripts() {
    }

    /**
     * The C++ 2pass server: online deltas as audio comes, a {@code 2pass-offline} sentence when its VAD ends one,
     * {@code is_final} only on the flush. The audio came faster than real time, so a sentence and a delta still
     * come after the end of speech, before the flush. Newer builds send {@code timestamp} as a number and
     * {@code start_time}/{@code end_time}; older ones a string.
     */
    static Script cppTwoPass() {
        return new Script() {
            @Override
            public List<Reply> afterFrame(int index) {
                return switch (index) {
                    case 0 -> List.of(text(online("欢迎")));
                    case 1 -> List.of(text(online("大家")));
                    case 2 -> List.of(text("{\"mode\":\"2pass-offline\",\"text\":\"欢迎大家，\",\"wav_name\":\"t\","
                            + "\"is_final\":false,\"timestamp\":1724220000000,\"start_time\":0,\"end_time\":1200,"
                            + "\"slice_type\":2,\"index\":0}"));
                    case 3 -> List.of(text(online("来体验")));
                    default -> List.of();
                };
            }

            @Override
            public List<Reply> atEnd(Map<String, Object> endOfSpeech) {
                return List.of(
                        text("{\"mode\":\"2pass-offline\",\"text\":\"来体验达摩院，\",\"wav_name\":\"t\",\"is_final\":false,"
                                + "\"timestamp\":\"[[1300,1500],[1500,1800]]\",\"stamp_sents\":[{\"text_seg\":\"来 体 验\","
                                + "\"punc\":\"，\",\"start\":1300,\"end\":2600,\"ts_list\":[[1300,1500]]}]}"),
                        text(online("推出的")),
                        text("{\"mode\":\"2pass-offline\",\"text\":\"推出的语音识别模型。\",\"wav_name\":\"t\","
                                + "\"is_final\":true,\"stamp_sents\":\"\"}"));
            }
        };
    }

    /** The sentences {@link #cppTwoPass()} sends, in order, and the whole transcript they make. */
    static final List<String> TWO_PASS_SENTENCES = List.of("欢迎大家，", "来体验达摩院，", "推出的语音识别模型。");
    static final String WHOLE = "欢迎大家，来体验达摩院，推出的语音识别模型。";

    /** The C++ offline server: one result after the end of speech, hard-coded {@code is_final: false}. */
    static Script cppOffline() {
        return end -> List.of(text("{\"mode\":\"offline\",\"text\":\"" + WHOLE + "\",\"wav_name\":\"t\","
                + "\"is_final\":false,\"timestamp\":\"[[100,200],[200,500]]\",\"stamp_sents\":[{\"text_seg\":"
                + "\"欢 迎\",\"punc\":\"，\",\"start\":430,\"end\":1130,\"ts_list\":[[430,670],[670,1130]]}]}"));
    }

    /**
     * The newest Python server: its results, then, because the client sent {@code is_end}, the acknowledgement
     * {@code {"is_final":true,"is_end":true}}. Without {@code is_end} it would send no acknowledgement.
     */
    static Script python() {
        return end -> {
            Reply result = text("{\"mode\":\"2pass-offline\",\"text\":\"" + WHOLE + "\",\"wav_name\":\"t\","
                    + "\"is_final\":false,\"spk_name\":\"\",\"sentence_info\":[]}");
            if (!Boolean.TRUE.equals(end.get("is_end"))) {
                return List.of(result);
            }
            return List.of(result, text("{\"mode\":\"2pass\",\"wav_name\":\"t\",\"is_final\":true,\"is_end\":true}"));
        };
    }

    /** The 2pass server with SenseVoiceSmall as its offline model: sentences start with SenseVoice's tags. */
    static Script senseVoice() {
        return new Script() {
            @Override
            public List<Reply> afterFrame(int index) {
                return index == 0 ? List.of(text(online("欢迎大家"))) : List.of();
            }

            @Override
            public List<Reply> atEnd(Map<String, Object> endOfSpeech) {
                return List.of(text("{\"mode\":\"2pass-offline\",\"text\":\"<|zh|><|NEUTRAL|><|Speech|> " + WHOLE
                        + "\",\"wav_name\":\"t\",\"is_final\":true}"));
            }
        };
    }

    /** A server in {@code online} mode: the C++ server still labels the deltas {@code 2pass-online}. */
    static Script cppOnline() {
        return new Script() {
            @Override
            public List<Reply> afterFrame(int index) {
                return index == 0 ? List.of(text(online("欢迎大家"))) : List.of();
            }

            @Override
            public List<Reply> atEnd(Map<String, Object> endOfSpeech) {
                return List.of(text("{\"mode\":\"2pass-online\",\"text\":\"来体验\",\"wav_name\":\"t\",\"is_final\":true}"));
            }
        };
    }

    /** Answers nothing, ever. */
    static Script silent() {
        return end -> List.of();
    }

    /** Answers the end of speech with {@code replies}. */
    static Script atEnd(Reply... replies) {
        return end -> List.of(replies);
    }

    /** Sends {@code replies} after the first audio frame. */
    static Script afterFirstFrame(Reply... replies) {
        return new Script() {
            @Override
            public List<Reply> afterFrame(int index) {
                return index == 0 ? List.of(replies) : List.of();
            }

            @Override
            public List<Reply> atEnd(Map<String, Object> endOfSpeech) {
                return List.of();
            }
        };
    }

    /** A delta after every audio frame. */
    static Script deltaPerFrame() {
        return new Script() {
            @Override
            public List<Reply> afterFrame(int index) {
                return List.of(text(online("字")));
            }

            @Override
            public List<Reply> atEnd(Map<String, Object> endOfSpeech) {
                return List.of();
            }
        };
    }

    static String online(String delta) {
        return "{\"mode\":\"2pass-online\",\"text\":\"" + delta + "\",\"wav_name\":\"t\",\"is_final\":false}";
    }
}
