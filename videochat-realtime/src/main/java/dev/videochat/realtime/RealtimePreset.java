package dev.videochat.realtime;

import java.net.URI;

/** The defaults a {@link RealtimeSpeechModel.Builder} starts from: a hosted service, or a server of your own. */
public enum RealtimePreset {

    /**
     * OpenAI: {@code wss://api.openai.com/v1/realtime}, model {@code gpt-4o-realtime-preview}, key from
     * {@code OPENAI_API_KEY}, voice {@code alloy}, the {@code OpenAI-Beta: realtime=v1} header, pcm16 at 24 kHz.
     */
    OPENAI,

    /**
     * Qwen-Omni-Realtime on Alibaba Cloud Model Studio (Beijing region): {@code
     * wss://dashscope.aliyuncs.com/api-ws/v1/realtime}, model {@code qwen3-omni-flash-realtime}, key from
     * {@code DASHSCOPE_API_KEY}, voice {@code Cherry}, 16 kHz input and {@code pcm24} output at 24 kHz, as its
     * documentation describes (not checked against the live service).
     */
    DASHSCOPE,

    /**
     * A server of your own speaking the protocol: {@code ws://127.0.0.1:8000/v1/realtime}, model {@code default},
     * voice {@code alloy}, a key from {@code REALTIME_API_KEY} only if that is set.
     */
    LOCAL;

    /** Sets this preset's defaults on {@code b}. */
    void applyTo(RealtimeSpeechModel.Builder b) {
        switch (this) {
            case OPENAI -> b.baseUrl(URI.create("wss://api.openai.com/v1/realtime")).model("gpt-4o-realtime-preview")
                    .voice("alloy").apiKeyEnv("OPENAI_API_KEY").openAiBetaHeader(true);
            case DASHSCOPE -> b.baseUrl(URI.create("wss://dashscope.aliyuncs.com/api-ws/v1/realtime"))
                    .model("qwen3-omni-flash-realtime").voice("Cherry").apiKeyEnv("DASHSCOPE_API_KEY")
                    .openAiBetaHeader(false).inputSampleRate(16_000).outputAudioFormat("pcm24");
            case LOCAL -> b.baseUrl(URI.create("ws://127.0.0.1:8000/v1/realtime")).model("default").voice("alloy")
                    .apiKeyEnv("REALTIME_API_KEY").openAiBetaHeader(false);
        }
    }
}
