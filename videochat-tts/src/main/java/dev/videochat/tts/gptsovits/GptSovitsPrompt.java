package dev.videochat.tts.gptsovits;

import dev.videochat.api.Call;
import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.asr.SpeechRecognizer;
import dev.videochat.api.asr.Transcript;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.ffmpeg.AudioFiles;
import dev.videochat.tts.synthesis.SynthesisCall;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The prompt text of the reference clip: the one configured, or, when none is and a speech recognizer is at hand
 * (as the reference system does with its ASR), the clip transcribed once on first use and kept. Used from the
 * engine's single thread; {@link #close()} closes a recognizer this engine created.
 */
final class GptSovitsPrompt implements AutoCloseable {

    private final String configured;
    private final Optional<SpeechRecognizer> recognizer;
    private final boolean ownsRecognizer;
    private volatile String transcribed;

    /**
     * @param configured     the {@code prompt-text} setting, possibly empty
     * @param recognizer     the ASR engine that may transcribe the clip
     * @param ownsRecognizer whether {@link #close()} closes it (it was created from the settings)
     */
    GptSovitsPrompt(String configured, Optional<SpeechRecognizer> recognizer, boolean ownsRecognizer) {
        this.configured = configured;
        this.recognizer = recognizer;
        this.ownsRecognizer = ownsRecognizer;
    }

    /**
     * The text to send as {@code prompt_text}: the configured one, the cached transcript, or the clip at
     * {@code clipPath} transcribed now (the clip must be readable here: the server runs on this machine).
     */
    String text(String clipPath, SynthesisCall call) throws InterruptedException {
        if (!configured.isEmpty() || recognizer.isEmpty()) {
            return configured;
        }
        String cached = transcribed;
        if (cached != null) {
            return cached;
        }
        SpeechRecognizer asr = recognizer.get();
        Path clip = Path.of(clipPath);
        if (!Files.isRegularFile(clip)) {
            throw new VideoChatException(Stage.TTS, GptSovitsSynthesizer.NAME, "setting 'prompt-text' is empty and "
                    + "the reference clip " + clipPath + " is not readable on this machine, so ASR '" + asr.name()
                    + "' cannot transcribe it: set 'prompt-text' to what the clip says");
        }
        AudioChunk audio = AudioFiles.decode(clip, asr.sampleRate());
        Call<Transcript> transcription = asr.transcribe(audio);
        call.onCancel(transcription::cancel);
        Transcript t;
        try {
            t = transcription.await();
        } catch (VideoChatException e) {
            throw new VideoChatException(Stage.TTS, GptSovitsSynthesizer.NAME, "transcribing the reference clip "
                    + clipPath + " with ASR '" + asr.name() + "' failed (or set 'prompt-text'): " + e.getMessage(), e);
        }
        String text = t.text().strip();
        if (text.isEmpty()) {
            throw new VideoChatException(Stage.TTS, GptSovitsSynthesizer.NAME, "ASR '" + asr.name() + "' heard no "
                    + "words in the reference clip " + clipPath + ": set 'prompt-text' or use a clip with speech");
        }
        transcribed = text;
        return text;
    }

    @Override
    public void close() {
        if (ownsRecognizer) {
            recognizer.ifPresent(SpeechRecognizer::close);
        }
    }
}
