package dev.videochat.musetalk;

/**
 * The two public MuseTalk releases. They share the UNet architecture and tensor shapes but differ in how audio
 * features are cut per video frame and which Whisper state comes last.
 */
public enum MuseTalkVersion {
    /**
     * MuseTalk 1.0: per-frame audio windows clamp to the first and last feature row (edge replicate); the fifth
     * Whisper state is the last encoder block before the final layer norm.
     */
    V1_0,
    /**
     * MuseTalk 1.5: per-frame audio windows read zeros outside the clip; the fifth Whisper state is after the final
     * layer norm (Hugging Face {@code output_hidden_states}).
     */
    V1_5;

    /**
     * Parses {@code "v1.0"}, {@code "v10"}, {@code "v1"}, {@code "1.0"}, {@code "v1.5"}, {@code "v15"} or {@code "1.5"}
     * (case-insensitive).
     *
     * @throws IllegalArgumentException naming the value when it is none of these
     */
    public static MuseTalkVersion parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.startsWith("v")) {
            t = t.substring(1);
        }
        switch (t) {
            case "1", "1.0", "10":
                return V1_0;
            case "1.5", "15":
                return V1_5;
            default:
                throw new IllegalArgumentException("unknown MuseTalk version '" + text + "' (use v1.0 or v1.5)");
        }
    }
}
