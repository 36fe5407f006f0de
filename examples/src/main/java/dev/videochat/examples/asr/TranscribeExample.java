package dev.videochat.examples.asr;

import dev.videochat.api.VideoChatException;
import dev.videochat.api.asr.RecognitionSession;
import dev.videochat.api.asr.SpeechRecognizer;
import dev.videochat.api.asr.Transcript;
import dev.videochat.api.asr.TranscriptHandler;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.core.audio.Resampler;
import dev.videochat.core.audio.Wav;
import dev.videochat.core.provider.Providers;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Streams a WAV file to a speech recognizer in 100 ms pieces, as a microphone would, printing the live hypothesis
 * and each finished sentence, then the whole transcript.
 *
 * <pre>
 * VIDEOCHAT_ASR          the engine (default funasr)
 * VIDEOCHAT_ASR_&lt;KEY&gt;    its settings, e.g. VIDEOCHAT_ASR_URL=wss://127.0.0.1:10095,
 *                        VIDEOCHAT_ASR_TRUST_ALL_CERTIFICATES=true, VIDEOCHAT_ASR_MODE=2pass
 * </pre>
 *
 * Usage: {@code TranscribeExample speech.wav}. Exit status: 0 done, 1 the recognizer failed, 2 bad arguments.
 */
public final class TranscribeExample {

    private TranscribeExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: TranscribeExample <speech.wav>");
            System.exit(2);
        }
        Map<String, String> env = System.getenv();
        String engine = env.getOrDefault("VIDEOCHAT_ASR", "funasr");
        Map<String, String> settings = new HashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("VIDEOCHAT_ASR_")) {
                settings.put(k.substring("VIDEOCHAT_ASR_".length()).toLowerCase(Locale.ROOT).replace('_', '-'), v);
            }
        });
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        try (SpeechRecognizer asr = Providers.recognizer(engine, settings)) {
            AudioChunk audio = Resampler.convert(Wav.read(Path.of(args[0])), asr.sampleRate());
            RecognitionSession session = asr.open(new TranscriptHandler() {
                @Override
                public void onPartial(String text) {
                    out.print("\r… " + text);
                }

                @Override
                public void onFinal(Transcript sentence) {
                    out.println("\r✓ " + sentence.text());
                }
            });
            int step = asr.sampleRate() / 10;
            for (int at = 0; at < audio.sampleCount(); at += step) {
                session.feed(audio.slice(at, Math.min(audio.sampleCount(), at + step)));
            }
            Transcript whole = session.finish().toCompletableFuture().join();
            out.println("transcript (" + whole.audio().toMillis() + " ms of audio"
                    + (whole.language().isEmpty() ? "" : ", " + whole.language()) + "): " + whole.text());
        } catch (IOException e) {
            System.err.println("cannot read " + args[0] + ": " + e.getMessage());
            System.exit(2);
        } catch (VideoChatException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        } catch (java.util.concurrent.CompletionException e) {
            System.err.println(e.getCause() == null ? e.toString() : e.getCause().getMessage());
            System.exit(1);
        }
    }
}
