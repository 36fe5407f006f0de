package dev.videochat.tts.gptsovits;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.core.audio.Wav;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The reference clip a GPT-SoVITS voice is cloned from.
 *
 * @param audioPath  the clip's path <em>on the server's file system</em> (3 to 10 s long)
 * @param promptText what is said in the clip
 * @param promptLang the clip's language ({@code zh}, {@code en}, {@code ja}, {@code ko}, {@code yue}, ...)
 */
record GptSovitsReference(String audioPath, String promptText, String promptLang) {

    /** The shortest reference clip the server accepts, in seconds. */
    static final double MIN_SECONDS = 3.0;
    /** The longest reference clip the server accepts, in seconds. */
    static final double MAX_SECONDS = 10.0;

    /**
     * Checks the clip's length when it can also be read here (server on the same machine), so a wrong clip fails
     * at configuration rather than on the first sentence.
     */
    void checkLocally() {
        Path p = Path.of(audioPath);
        if (!Files.isRegularFile(p)) {
            return;
        }
        AudioChunk clip;
        try {
            clip = Wav.read(p);
        } catch (IOException e) {
            throw new ConfigurationException(Stage.TTS, GptSovitsSynthesizer.NAME,
                    "reference clip 'ref-audio-path' is not a readable WAV: " + e.getMessage(), e);
        }
        double seconds = clip.sampleCount() / (double) clip.sampleRate();
        if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
            throw new ConfigurationException(Stage.TTS, GptSovitsSynthesizer.NAME, String.format(
                    "reference clip %s lasts %.2f s; GPT-SoVITS needs %.0f to %.0f s ('ref-audio-path')",
                    audioPath, seconds, MIN_SECONDS, MAX_SECONDS));
        }
    }
}
