package dev.videochat.examples.embed;

import dev.videochat.api.UnknownProviderException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SpeechSynthesizerProvider;
import dev.videochat.core.audio.Wav;
import dev.videochat.core.provider.Providers;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Swapping an engine through {@link java.util.ServiceLoader}: every TTS jar on the class path registers a
 * {@link SpeechSynthesizerProvider}; the application only names one. Run:
 * {@code java ... SwapEngineExample <engine> "text" out.wav} (for example {@code espeak}, {@code freetts}).
 */
public final class SwapEngineExample {

    private SwapEngineExample() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.out.println("usage: SwapEngineExample <engine> \"text\" out.wav; engines on the class path: "
                    + Providers.names(SpeechSynthesizerProvider.class));
            System.exit(2);
        }
        System.exit(run(args[0], args[1], Path.of(args[2])));
    }

    /** Synthesizes {@code text} with the engine named {@code engine} into a WAV file; returns the exit status. */
    static int run(String engine, String text, Path wav) throws Exception {
        try (SpeechSynthesizer tts = Providers.synthesizer(engine, Map.of())) {
            ByteArrayOutputStream pcm = new ByteArrayOutputStream();
            int[] rate = {0};
            tts.synthesize(text, tts.defaultVoice(), chunk -> {
                rate[0] = chunk.sampleRate();
                pcm.writeBytes(Wav.toPcm16le(chunk));
            }).await();
            byte[] bytes = pcm.toByteArray();
            short[] samples = new short[bytes.length / 2];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = (short) ((bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] << 8));
            }
            AudioChunk audio = new AudioChunk(samples, rate[0] == 0 ? 16_000 : rate[0]);
            Wav.write(audio, wav);
            System.out.println(engine + " (" + tts.defaultVoice().id() + "): " + audio.duration().toMillis()
                    + " ms of speech in " + wav);
            return 0;
        } catch (UnknownProviderException e) {
            System.out.println(e.getMessage());
            return 2;
        }
    }
}
