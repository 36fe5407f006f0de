package dev.videochat.api.tts;

import java.util.Objects;

/**
 * A voice of a speech synthesizer.
 *
 * @param id       the engine's own name for the voice (for example {@code "kevin16"}, {@code "zh-CN-XiaoxiaoNeural"})
 * @param language a BCP 47 language tag the voice speaks (for example {@code "en"}, {@code "zh-CN"})
 */
public record Voice(String id, String language) {

    public Voice {
        Objects.requireNonNull(id, "voice id");
        Objects.requireNonNull(language, "voice language");
        if (id.isBlank()) {
            throw new IllegalArgumentException("voice id must not be blank");
        }
    }
}
