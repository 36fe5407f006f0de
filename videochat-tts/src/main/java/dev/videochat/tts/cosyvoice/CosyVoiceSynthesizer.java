package dev.videochat.tts.cosyvoice;

import dev.videochat.api.Call;
import dev.videochat.api.Stage;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SynthesisHandler;
import dev.videochat.api.tts.SynthesisResult;
import dev.videochat.api.tts.Voice;

import dev.videochat.core.config.BuilderChecks;
import dev.videochat.tts.text.TextPreparation;
import dev.videochat.tts.text.TextSplitter;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;

/**
 * Speech from CosyVoice on DashScope. Each synthesis is one task on its own WebSocket (several, one after another,
 * when the cleaned text is longer than one task takes): {@code run-task}, wait for {@code task-started}, the text
 * in {@code continue-task} messages, {@code finish-task}; audio arrives in binary frames (PCM, MP3 or WAV) and goes
 * to the handler as 16-bit PCM as it comes. Thread-safe.
 *
 * <pre>{@code
 * SpeechSynthesizer tts = CosyVoiceSynthesizer.builder()
 *         .apiKey(System.getenv("DASHSCOPE_API_KEY"))   // or leave it out: read from DASHSCOPE_API_KEY
 *         .voice("longxiaoxia_v2").format(CosyVoiceFormat.MP3)
 *         .build();
 * }</pre>
 * The {@code cosyvoice} provider maps its settings onto {@link #builder()}. A missing key fails {@code build()},
 * naming {@code DASHSCOPE_API_KEY}, {@code apiKey(..)} and the {@code api-key} setting; it is never logged.
 */
public final class CosyVoiceSynthesizer implements SpeechSynthesizer {

    /**
     * The most UTF-16 chars sent in one continue-task: at most 18,000 weighted characters, under the service's
     * 20,000 (CJK counting twice).
     */
    static final int MAX_CHARS_PER_MESSAGE = 9_000;
    /** The default most weighted characters in one task (the service allows 200,000, counting CJK twice). */
    static final int MAX_CHARS_PER_TASK = 90_000;

    /** CosyVoice's Chinese voices read English words too. */
    private static final java.util.Set<String> BILINGUAL = java.util.Set.of("zh", "en");
    private static final List<Voice> VOICES = List.of(
            new Voice("longxiaochun_v2", "zh-CN", BILINGUAL), new Voice("longxiaoxia_v2", "zh-CN", BILINGUAL),
            new Voice("longwan_v2", "zh-CN", BILINGUAL), new Voice("longcheng_v2", "zh-CN", BILINGUAL), new Voice("longhua_v2", "zh-CN", BILINGUAL),
            new Voice("longshu_v2", "zh-CN", BILINGUAL), new Voice("loongbella_v2", "zh-CN", BILINGUAL));

    private final CosyVoiceSettings settings;
    private final HttpClient client;
    private final ScheduledExecutorService timers;

    CosyVoiceSynthesizer(CosyVoiceSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cosyvoice-timeouts");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A builder: model {@code cosyvoice-v2}, voice {@code longxiaochun_v2}, PCM at 22,050 Hz, the Beijing endpoint,
     * the key from {@code DASHSCOPE_API_KEY} unless given.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** What this engine was built with (its {@code toString} leaves the key out). */
    CosyVoiceSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return CosyVoiceProvider.NAME;
    }

    /** The configured voice first, then the common voices of {@code cosyvoice-v2}; any voice id is accepted. */
    @Override
    public List<Voice> voices() {
        Voice configured = new Voice(settings.voice(), "zh-CN", BILINGUAL);
        if (VOICES.contains(configured)) {
            List<Voice> out = new java.util.ArrayList<>(VOICES);
            out.remove(configured);
            out.add(0, configured);
            return List.copyOf(out);
        }
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(configured), VOICES.stream()).toList();
    }

    @Override
    public Call<SynthesisResult> synthesize(String text, Voice voice, SynthesisHandler handler) {
        List<List<String>> tasks = tasks(settings.text().prepare(text), settings.maxTaskChars());
        CosyVoiceCall call = new CosyVoiceCall(settings, client, voice == null ? settings.voice() : voice.id(),
                tasks, handler, timers);
        call.start();
        return call;
    }

    /**
     * Groups the cleaned pieces of text into tasks of at most {@code maxTaskChars} weighted characters each, in
     * order; a piece heavier than that on its own is cut first. One piece is one continue-task message.
     */
    static List<List<String>> tasks(List<String> pieces, int maxTaskChars) {
        List<List<String>> tasks = new ArrayList<>();
        List<String> task = new ArrayList<>();
        int weight = 0;
        for (String piece : pieces) {
            // Each UTF-16 char weighs at most 2, so pieces of maxTaskChars / 2 chars always fit in a task.
            List<String> parts = weight(piece) <= maxTaskChars ? List.of(piece)
                    : TextSplitter.split(piece, maxTaskChars / 2);
            for (String part : parts) {
                int w = weight(part);
                if (weight + w > maxTaskChars && !task.isEmpty()) {
                    tasks.add(List.copyOf(task));
                    task.clear();
                    weight = 0;
                }
                task.add(part);
                weight += w;
            }
        }
        if (!task.isEmpty()) {
            tasks.add(List.copyOf(task));
        }
        return List.copyOf(tasks);
    }

    /** The length the service counts: characters, with CJK (from U+2E80 up) counting twice. */
    static int weight(String text) {
        return text.codePoints().map(cp -> cp >= 0x2E80 ? 2 : 1).sum();
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }

    /** Builds a CosyVoice engine; each method checks its value and names itself when it is wrong. */
    public static final class Builder {
        private static final BuilderChecks CHECK = new BuilderChecks(Stage.TTS, CosyVoiceProvider.NAME,
                "CosyVoiceSynthesizer.builder()");
        private static final Set<Integer> RATES = Set.of(8_000, 16_000, 22_050, 24_000, 44_100, 48_000);
        private static final String KEY_VARIABLE = "DASHSCOPE_API_KEY";

        private URI url = URI.create(CosyVoiceSettings.DEFAULT_URL);
        private String apiKey;
        private String apiKeyEnv = KEY_VARIABLE;
        private String model = "cosyvoice-v2";
        private String voice = "longxiaochun_v2";
        private CosyVoiceFormat format = CosyVoiceFormat.PCM;
        private int sampleRate = 22_050;
        private int volume = 50;
        private double rate = 1.0;
        private double pitch = 1.0;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(20);
        private boolean cleanText = true;
        private int maxChars = MAX_CHARS_PER_MESSAGE;
        private int maxTaskChars = MAX_CHARS_PER_TASK;
        private UnaryOperator<String> environment = System::getenv;

        private Builder() {
        }

        /** The WebSocket endpoint, {@code ws://} or {@code wss://} (default the Beijing region's). */
        public Builder url(URI url) {
            this.url = CHECK.url("url(URI)", url, Set.of("ws", "wss"));
            return this;
        }

        /** The DashScope API key; it wins over the environment variable. Never logged. */
        public Builder apiKey(String key) {
            this.apiKey = CHECK.notBlank("apiKey(String)", key);
            return this;
        }

        /** The environment variable holding the key (default {@code DASHSCOPE_API_KEY}). */
        public Builder apiKeyEnv(String variable) {
            this.apiKeyEnv = CHECK.notBlank("apiKeyEnv(String)", variable);
            return this;
        }

        /** The model: {@code cosyvoice-v1}, {@code cosyvoice-v2} (default), {@code cosyvoice-v3-flash}, ... */
        public Builder model(String model) {
            this.model = CHECK.notBlank("model(String)", model);
            return this;
        }

        /** The default voice; it must belong to the model (default {@code longxiaochun_v2}). */
        public Builder voice(String voice) {
            this.voice = CHECK.notBlank("voice(String)", voice);
            return this;
        }

        /** The encoding asked of the service (default PCM); the handler always gets 16-bit mono PCM. */
        public Builder format(CosyVoiceFormat format) {
            this.format = CHECK.notNull("format(CosyVoiceFormat)", format);
            return this;
        }

        /** The rate asked for: 8,000, 16,000, 22,050 (default), 24,000, 44,100 or 48,000 Hz. */
        public Builder sampleRate(int hz) {
            if (!RATES.contains(hz)) {
                throw CHECK.invalid("sampleRate(int)", "must be one of 8000, 16000, 22050, 24000, 44100, 48000; got "
                        + hz);
            }
            this.sampleRate = hz;
            return this;
        }

        /** The volume, 0 to 100 (default 50). */
        public Builder volume(int volume) {
            this.volume = CHECK.range("volume(int)", volume, 0, 100);
            return this;
        }

        /** The speaking speed, 0.5 to 2 (default 1). */
        public Builder rate(double rate) {
            this.rate = CHECK.range("rate(double)", rate, 0.5, 2);
            return this;
        }

        /** The pitch, 0.5 to 2 (default 1). */
        public Builder pitch(double pitch) {
            this.pitch = CHECK.range("pitch(double)", pitch, 0.5, 2);
            return this;
        }

        /** The longest wait for the WebSocket handshake (default 10 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = CHECK.positive("connectTimeout(Duration)", timeout);
            return this;
        }

        /** The longest wait for the next server message before the synthesis fails (default 20 s). */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = CHECK.positive("idleTimeout(Duration)", timeout);
            return this;
        }

        /** Whether markdown, emoji and URLs are removed before synthesis (default true). */
        public Builder cleanText(boolean clean) {
            this.cleanText = clean;
            return this;
        }

        /** The most chars sent in one continue-task message, 2 to 9,000 (the default). */
        public Builder maxChars(int chars) {
            this.maxChars = CHECK.range("maxChars(int)", chars, 2, MAX_CHARS_PER_MESSAGE);
            return this;
        }

        /**
         * The most characters of cleaned text in one task, CJK counting twice as the service does, 4 to 200,000
         * (default 90,000); longer text goes out in several tasks, one after another.
         */
        public Builder maxTaskChars(int chars) {
            this.maxTaskChars = CHECK.range("maxTaskChars(int)", chars, 4, CosyVoiceSettings.SERVICE_TASK_LIMIT);
            return this;
        }

        /** For tests: looks environment variables up with {@code lookup} instead of {@link System#getenv(String)}. */
        Builder environment(UnaryOperator<String> lookup) {
            this.environment = java.util.Objects.requireNonNull(lookup, "lookup");
            return this;
        }

        /**
         * The engine; nothing connects until the first synthesis.
         *
         * @throws dev.videochat.api.ConfigurationException when no key is given nor in the environment, naming the
         *                                                  variable, {@code apiKey(..)} and the {@code api-key} setting
         */
        public SpeechSynthesizer build() {
            return new CosyVoiceSynthesizer(settings());
        }

        CosyVoiceSettings settings() {
            String key = apiKey;
            if (key == null) {
                String found = environment.apply(apiKeyEnv);
                key = found == null || found.isBlank() ? null : found.strip();
            }
            if (key == null) {
                throw CHECK.missingSecret(apiKeyEnv, "apiKey", "api-key", "get a key in the Model Studio console");
            }
            return new CosyVoiceSettings(url, key, model, voice, format, sampleRate, volume, rate, pitch,
                    connectTimeout, idleTimeout, new TextPreparation(cleanText, maxChars), maxTaskChars);
        }
    }
}
