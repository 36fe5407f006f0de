package dev.videochat.tts.edge;

import dev.videochat.api.Call;
import dev.videochat.api.Stage;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SynthesisHandler;
import dev.videochat.api.tts.SynthesisResult;
import dev.videochat.api.tts.Voice;
import dev.videochat.core.config.BuilderChecks;
import dev.videochat.tts.text.TextPreparation;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Speech from Edge's read-aloud service. Each piece of text (at most 4096 UTF-8 bytes once escaped) is one request
 * on its own WebSocket; the MP3 it streams back is decoded to 24 kHz PCM as it arrives, and word boundaries become
 * {@link dev.videochat.api.tts.WordTiming}s. Thread-safe.
 *
 * <pre>{@code
 * SpeechSynthesizer tts = EdgeTtsSynthesizer.builder().voice("zh-CN-XiaoxiaoNeural").rate(10).build();
 * }</pre>
 * The {@code edge-tts} provider maps its settings onto {@link #builder()}.
 */
public final class EdgeTtsSynthesizer implements SpeechSynthesizer {

    /** Chinese neural voices read English words too. */
    private static final java.util.Set<String> BILINGUAL = java.util.Set.of("zh", "en");
    private static final List<Voice> VOICES = List.of(
            new Voice("en-US-AriaNeural", "en-US"), new Voice("en-US-GuyNeural", "en-US"),
            new Voice("en-US-JennyNeural", "en-US"), new Voice("en-GB-SoniaNeural", "en-GB"),
            new Voice("zh-CN-XiaoxiaoNeural", "zh-CN", BILINGUAL), new Voice("zh-CN-YunxiNeural", "zh-CN", BILINGUAL),
            new Voice("zh-CN-XiaoyiNeural", "zh-CN", BILINGUAL), new Voice("zh-TW-HsiaoChenNeural", "zh-TW", BILINGUAL),
            new Voice("ja-JP-NanamiNeural", "ja-JP"), new Voice("de-DE-KatjaNeural", "de-DE"),
            new Voice("fr-FR-DeniseNeural", "fr-FR"), new Voice("es-ES-ElviraNeural", "es-ES"));

    private final EdgeSettings settings;
    private final HttpClient client;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "edge-tts");
        t.setDaemon(true);
        return t;
    });

    EdgeTtsSynthesizer(EdgeSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
    }

    /** A builder: voice {@code en-US-AriaNeural}, neutral prosody, word boundaries on, the public endpoint. */
    public static Builder builder() {
        return new Builder();
    }

    /** What this engine was built with. */
    EdgeSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return EdgeTtsProvider.NAME;
    }

    /** The configured voice first, then common ones; any voice of the service is accepted by name. */
    @Override
    public List<Voice> voices() {
        String lang = settings.voice().substring(0, settings.voice().indexOf('-', settings.voice().indexOf('-') + 1));
        Voice configured = lang.startsWith("zh") ? new Voice(settings.voice(), lang, BILINGUAL)
                : new Voice(settings.voice(), lang);
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(configured),
                VOICES.stream().filter(v -> !v.equals(configured))).toList();
    }

    @Override
    public Call<SynthesisResult> synthesize(String text, Voice voice, SynthesisHandler handler) {
        List<String> pieces = settings.text().prepare(text).stream()
                .flatMap(p -> EdgeMessages.split(EdgeMessages.escape(p), EdgeMessages.MAX_SSML_TEXT_BYTES).stream())
                .toList();
        String voiceName = voice == null ? settings.voice() : voice.id();
        EdgeMessages.longVoiceName(voiceName);
        EdgeTtsCall call = new EdgeTtsCall(settings, client, voiceName, pieces, handler);
        threads.execute(call::run);
        return call;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    /** Builds an edge-tts engine; each method checks its value and names itself when it is wrong. */
    public static final class Builder {
        private static final BuilderChecks CHECK = new BuilderChecks(Stage.TTS, EdgeTtsProvider.NAME,
                "EdgeTtsSynthesizer.builder()");

        private URI url = URI.create(EdgeSettings.DEFAULT_URL);
        private String voice = "en-US-AriaNeural";
        private int rate;
        private int pitch;
        private int volume;
        private String chromiumVersion = "143.0.3650.75";
        private boolean wordBoundaries = true;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(20);
        private boolean cleanText = true;
        private int maxChars = 100_000;

        private Builder() {
        }

        /** The default voice, {@code xx-YY-NameNeural} such as {@code zh-CN-XiaoxiaoNeural}. */
        public Builder voice(String voice) {
            String method = "voice(String)";
            String name = CHECK.notBlank(method, voice);
            try {
                EdgeMessages.longVoiceName(name);
            } catch (IllegalArgumentException e) {
                throw CHECK.invalid(method, "names '" + name + "', which is not of the form xx-YY-NameNeural");
            }
            this.voice = name;
            return this;
        }

        /** The speaking rate, as a change in percent from -100 to +1000 (default 0; setting {@code +10%}). */
        public Builder rate(int percent) {
            this.rate = CHECK.range("rate(int)", percent, -100, 1_000);
            return this;
        }

        /** The pitch, as a change in Hz from -1000 to +1000 (default 0; setting {@code -5Hz}). */
        public Builder pitch(int hz) {
            this.pitch = CHECK.range("pitch(int)", hz, -1_000, 1_000);
            return this;
        }

        /** The volume, as a change in percent from -100 to +1000 (default 0; setting {@code +10%}). */
        public Builder volume(int percent) {
            this.volume = CHECK.range("volume(int)", percent, -100, 1_000);
            return this;
        }

        /** The Edge version the requests claim (Microsoft refuses old ones; keep it current). */
        public Builder chromiumVersion(String version) {
            String method = "chromiumVersion(String)";
            String v = CHECK.notBlank(method, version);
            if (!v.matches("\\d+(\\.\\d+)*")) {
                throw CHECK.invalid(method, "must look like 143.0.3650.75, got '" + v + "'");
            }
            this.chromiumVersion = v;
            return this;
        }

        /** Whether to ask for word timings, which can drive lip shapes (default true). */
        public Builder wordBoundaries(boolean ask) {
            this.wordBoundaries = ask;
            return this;
        }

        /** The read-aloud WebSocket endpoint without query, {@code ws://} or {@code wss://}. */
        public Builder url(URI url) {
            this.url = CHECK.url("url(URI)", url, Set.of("ws", "wss"));
            return this;
        }

        /** The longest wait for the handshake (default 10 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = CHECK.positive("connectTimeout(Duration)", timeout);
            return this;
        }

        /** The longest wait for the next server message (default 20 s). */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = CHECK.positive("idleTimeout(Duration)", timeout);
            return this;
        }

        /** Whether markdown, emoji and URLs are removed before synthesis (default true). */
        public Builder cleanText(boolean clean) {
            this.cleanText = clean;
            return this;
        }

        /** The longest piece of text prepared at once, 2 to 1,000,000 chars (default 100,000). */
        public Builder maxChars(int chars) {
            this.maxChars = CHECK.range("maxChars(int)", chars, 2, 1_000_000);
            return this;
        }

        /** The engine; nothing connects until the first synthesis. */
        public SpeechSynthesizer build() {
            return new EdgeTtsSynthesizer(settings());
        }

        EdgeSettings settings() {
            return new EdgeSettings(url, voice, new EdgeProsody(String.format("%+d%%", rate),
                    String.format("%+dHz", pitch), String.format("%+d%%", volume)), chromiumVersion, wordBoundaries,
                    connectTimeout, idleTimeout, new TextPreparation(cleanText, maxChars));
        }
    }
}
