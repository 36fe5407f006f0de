package dev.videochat.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class VideoChatExceptionTest {

    @Test
    void theMessageNamesTheStageAndTheProvider() {
        VideoChatException e = new VideoChatException(Stage.TTS, "gpt-sovits", "server answered 500");
        assertEquals("[TTS/gpt-sovits] server answered 500", e.getMessage());
        assertEquals("gpt-sovits", e.provider());
    }

    @Test
    void withoutAProviderTheMessageNamesTheStageAlone() {
        assertEquals("[LLM] no language model is configured",
                new ConfigurationException(Stage.LLM, "-", "no language model is configured").getMessage());
        VideoChatException none = new VideoChatException(Stage.PIPELINE, null, "finishing the turn failed");
        assertEquals("[PIPELINE] finishing the turn failed", none.getMessage());
        assertEquals("-", none.provider());
    }
}
