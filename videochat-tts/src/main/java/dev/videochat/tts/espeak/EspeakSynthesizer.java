package dev.videochat.tts.espeak;

import dev.videochat.api.Call;
import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SynthesisHandler;
import dev.videochat.api.tts.SynthesisResult;
import dev.videochat.api.tts.Voice;
import dev.videochat.core.audio.PcmDecoder;
import dev.videochat.core.audio.WavHeader;
import dev.videochat.tts.synthesis.EngineThreads;
import dev.videochat.tts.synthesis.SynthesisCall;
import dev.videochat.tts.text.TextPreparation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;

/**
 * espeak-ng run as one process per piece of text: the text goes in on stdin, and the WAV it writes to stdout is
 * decoded and passed on as it arrives (22,050 Hz mono). Cancelling kills the process. Processes are independent,
 * so syntheses run in parallel.
 */
final class EspeakSynthesizer implements SpeechSynthesizer {

    static final String NAME = "espeak";
    private static final Logger log = LoggerFactory.getLogger(EspeakSynthesizer.class);
    private static final int READ_BYTES = 4_096;
    /**
     * espeak-ng 1.51's {@code cmn} voice reads Chinese characters as pinyin with English tone digits
     * ("ni three"); {@code cmn-latn-pinyin} speaks them as Mandarin. Mandarin names go to the latter.
     */
    private static final Map<String, String> MANDARIN = Map.of("cmn", "cmn-latn-pinyin", "zh", "cmn-latn-pinyin",
            "zh-cn", "cmn-latn-pinyin", "zh-cmn", "cmn-latn-pinyin");

    private final EspeakInstallation installation;
    private final EspeakOptions options;
    private final TextPreparation text;
    private final List<Voice> voices;
    private final ExecutorService executor;

    EspeakSynthesizer(EspeakInstallation installation, EspeakOptions options, TextPreparation text) {
        this.installation = installation;
        this.options = options;
        this.text = text;
        this.voices = voiceList(installation.voices(), options.voice());
        this.executor = EngineThreads.executor(NAME, Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    private static List<Voice> voiceList(List<String> names, String defaultVoice) {
        String first = names.stream().filter(n -> n.equalsIgnoreCase(defaultVoice)).findFirst()
                .orElseThrow(() -> new ConfigurationException(Stage.TTS, NAME, "setting 'voice' names '" + defaultVoice
                        + "', which this espeak-ng does not have; " + sample(names)));
        List<Voice> list = new ArrayList<>();
        list.add(new Voice(first, languageOf(first)));
        for (String n : names) {
            if (!n.equals(first)) {
                list.add(new Voice(n, languageOf(n)));
            }
        }
        return List.copyOf(list);
    }

    /** The BCP 47 tag for an espeak-ng voice name. */
    static String languageOf(String voice) {
        String v = voice.toLowerCase(Locale.ROOT);
        return v.startsWith("cmn") ? "zh" : v;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Voice> voices() {
        return voices;
    }

    @Override
    public Call<SynthesisResult> synthesize(String input, Voice voice, SynthesisHandler handler) {
        Objects.requireNonNull(voice, "voice");
        Objects.requireNonNull(handler, "handler");
        List<String> pieces = text.prepare(input);
        String espeakVoice = resolve(voice.id());
        return SynthesisCall.start(NAME, executor, handler, call -> {
            for (String piece : pieces) {
                if (call.isCancelled()) {
                    return;
                }
                speak(call, espeakVoice, piece);
            }
        });
    }

    private String resolve(String id) {
        String wanted = id.toLowerCase(Locale.ROOT);
        String mapped = MANDARIN.get(wanted);
        if (mapped != null && installation.voices().contains(mapped)) {
            return mapped;
        }
        for (String n : installation.voices()) {
            if (n.equalsIgnoreCase(wanted)) {
                return n;
            }
        }
        throw new IllegalArgumentException("[TTS/espeak] unknown voice '" + id + "'; " + sample(installation.voices()));
    }

    private static String sample(List<String> names) {
        return "it has " + names.size() + " voices (see `espeak-ng --voices`), for example "
                + String.join(", ", names.stream().filter(n -> n.matches("en-us|en-gb|cmn-latn-pinyin|yue|de|fr|es|ja"))
                .toList());
    }

    private void speak(SynthesisCall call, String voice, String piece) throws IOException, InterruptedException {
        List<String> command = List.of(installation.executable().toString(), "--stdout", "-b", "1", "-v", voice,
                "-s", String.valueOf(options.speed()), "-p", String.valueOf(options.pitch()),
                "-a", String.valueOf(options.amplitude()), "-g", String.valueOf(options.wordGap()));
        Process process = new ProcessBuilder(command).start();
        call.onCancel(process::destroyForcibly);
        try {
            try (OutputStream stdin = process.getOutputStream()) {
                // Pieces are at most max-chars long, well under a pipe's buffer: this write never waits on stdout.
                stdin.write(piece.getBytes(StandardCharsets.UTF_8));
            }
            InputStream stdout = process.getInputStream();
            WavHeader header = WavHeader.read(stdout);
            call.expectSampleRate(header.sampleRate());
            PcmDecoder decoder = new PcmDecoder(header);
            byte[] buffer = new byte[READ_BYTES];
            int n;
            while ((n = stdout.read(buffer)) > 0) {
                var chunk = decoder.decode(buffer, 0, n);
                if (chunk.isPresent() && !call.deliver(chunk.get())) {
                    return;
                }
            }
            int exit = process.waitFor();
            if (exit != 0 && !call.isCancelled()) {
                throw new VideoChatException(Stage.TTS, NAME, "espeak-ng exited with " + exit + ": " + errors(process));
            }
        } catch (IOException e) {
            if (call.isCancelled()) {
                return;
            }
            throw new VideoChatException(Stage.TTS, NAME, "reading espeak-ng's audio failed: " + e.getMessage()
                    + "; stderr: " + errors(process), e);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
            log.debug("[TTS/espeak] voice {} spoke {} chars", voice, piece.length());
        }
    }

    private static String errors(Process process) {
        try (InputStream err = process.getErrorStream()) {
            return new String(err.readNBytes(2_000), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        EngineThreads.shutdownNow(executor);
    }
}
