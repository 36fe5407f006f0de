package dev.videochat.tts.gptsovits;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.core.audio.Wav;
import dev.videochat.ffmpeg.AudioFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The reference clip a GPT-SoVITS voice is cloned from.
 *
 * @param audioPath  the clip's path <em>on the server's file system</em> (3 to 10 s long)
 * @param promptLang the clip's language ({@code zh}, {@code en}, {@code ja}, {@code ko}, {@code yue}, ...)
 */
record GptSovitsReference(String audioPath, String promptLang) {

    /** The shortest reference clip the server accepts, in seconds. */
    static final double MIN_SECONDS = 3.0;
    /** The longest reference clip the server accepts, in seconds. */
    static final double MAX_SECONDS = 10.0;
    /** The rate non-WAV clips are decoded at to measure them, Hz (any rate gives the same length). */
    private static final int MEASURING_RATE = 16_000;

    /**
     * Checks the clip's length when it can also be read here (server on the same machine), so a wrong clip fails
     * at configuration rather than on the first sentence. A WAV is read directly; anything else (MP3, FLAC, Ogg,
     * ...) is decoded through the media layer to measure it.
     */
    void checkLocally() {
        Path p = Path.of(audioPath);
        if (!Files.isRegularFile(p)) {
            return;
        }
        AudioChunk clip = read(p);
        double seconds = clip.sampleCount() / (double) clip.sampleRate();
        if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
            throw new ConfigurationException(Stage.TTS, GptSovitsSynthesizer.NAME, String.format(
                    "reference clip %s lasts %.2f s; GPT-SoVITS needs %.0f to %.0f s (refAudioPath(String), setting "
                            + "'ref-audio-path')",
                    audioPath, seconds, MIN_SECONDS, MAX_SECONDS));
        }
    }

    private AudioChunk read(Path p) {
        if (isRiff(p)) {
            try {
                return Wav.read(p);
            } catch (IOException e) {
                // A WAV with compressed samples (ADPCM, ...): let the media layer try it.
            }
        }
        try {
            return AudioFiles.decode(p, MEASURING_RATE);
        } catch (VideoChatException e) {
            throw new ConfigurationException(Stage.TTS, GptSovitsSynthesizer.NAME,
                    "reference clip " + audioPath + " (refAudioPath(String), setting 'ref-audio-path') is not readable "
                            + "audio: " + e.getMessage(), e);
        }
    }

    private static boolean isRiff(Path p) {
        try (var in = Files.newInputStream(p)) {
            byte[] tag = in.readNBytes(4);
            return tag.length == 4 && tag[0] == 'R' && tag[1] == 'I' && tag[2] == 'F' && tag[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }
}
