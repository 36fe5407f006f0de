package dev.videochat.tts.cosyvoice;

import java.util.Locale;

/**
 * The audio encoding asked of the service in {@code run-task} ({@code parameters.format}); whatever it is, the
 * handler receives 16-bit mono PCM.
 */
public enum CosyVoiceFormat {
    /** Raw little-endian 16-bit mono PCM in every binary frame. */
    PCM,
    /** MP3 frames, decoded to PCM through the media layer as they arrive (fewer bytes on the wire). */
    MP3,
    /** A RIFF/WAVE header at the start of the stream, then raw PCM. */
    WAV;

    /** The value sent in {@code parameters.format}. */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
