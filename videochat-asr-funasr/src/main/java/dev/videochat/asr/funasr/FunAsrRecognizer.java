package dev.videochat.asr.funasr;

import dev.videochat.api.Call;
import dev.videochat.api.Stage;
import dev.videochat.api.asr.RecognitionSession;
import dev.videochat.api.asr.SpeechRecognizer;
import dev.videochat.api.asr.Transcript;
import dev.videochat.api.asr.TranscriptHandler;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.core.config.BuilderChecks;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Speech recognition by a FunASR runtime server over its WebSocket protocol: one connection per clip or session.
 * Thread-safe; holds one HTTP client and one timer thread, released by {@link #close()}.
 *
 * <pre>{@code
 * SpeechRecognizer asr = FunAsrRecognizer.builder().url(URI.create("ws://127.0.0.1:10095"))
 *         .mode(FunAsrMode.TWO_PASS).hotword("阿里巴巴", 20).build();
 * }</pre>
 * The {@code funasr} provider maps its settings onto {@link #builder()}.
 */
public final class FunAsrRecognizer implements SpeechRecognizer {

    private static final TranscriptHandler IGNORE = new TranscriptHandler() {
        @Override
        public void onPartial(String text) {
        }

        @Override
        public void onFinal(Transcript transcript) {
        }
    };

    private final FunAsrSettings settings;
    private final HttpClient client;
    private final ScheduledExecutorService timers;

    FunAsrRecognizer(FunAsrSettings settings) {
        this.settings = settings;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(settings.connectTimeout());
        if (settings.trustAllCertificates()) {
            builder.sslContext(trustingEveryCertificate());
        }
        this.client = builder.build();
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "funasr-timeouts");
            t.setDaemon(true);
            return t;
        });
    }

    /** A builder: a local 2pass server without TLS, {@code ws://127.0.0.1:10095}, chunks of 5,10,5. */
    public static Builder builder() {
        return new Builder();
    }

    /** What this recognizer was built with. */
    FunAsrSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return FunAsrProvider.NAME;
    }

    /** 16,000 Hz: what the FunASR models take. */
    @Override
    public int sampleRate() {
        return FunAsrProtocol.SAMPLE_RATE;
    }

    /**
     * Sends the whole clip, as fast as the socket takes it, and completes with the server's final text.
     *
     * @throws IllegalArgumentException when the clip is empty or not at 16,000 Hz
     */
    @Override
    public Call<Transcript> transcribe(AudioChunk clip) {
        Objects.requireNonNull(clip, "clip");
        if (clip.isEmpty()) {
            throw new IllegalArgumentException("[ASR/funasr] the clip is empty: there is nothing to transcribe");
        }
        if (clip.sampleRate() != sampleRate()) {
            throw new IllegalArgumentException("[ASR/funasr] the clip is at " + clip.sampleRate() + " Hz but the "
                    + "FunASR server takes " + sampleRate() + " Hz: resample it first (Resampler.convert)");
        }
        FunAsrStream stream = new FunAsrStream(settings, IGNORE, timers);
        stream.start(client);
        stream.feed(clip);
        stream.finish();
        return stream;
    }

    /** Opens a streaming recognition; the connection opens in the background and audio fed meanwhile waits. */
    @Override
    public RecognitionSession open(TranscriptHandler handler) {
        FunAsrStream stream = new FunAsrStream(settings, Objects.requireNonNull(handler, "handler"), timers);
        stream.start(client);
        return stream;
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }

    /** For {@code trust-all-certificates}: the servers ship a self-signed certificate for any host name. */
    private static SSLContext trustingEveryCertificate() {
        TrustManager trustAll = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("[ASR/funasr] cannot set up TLS: " + e, e);
        }
    }

    /** Builds a {@link FunAsrRecognizer}; each method checks its value and names itself when it is wrong. */
    public static final class Builder {
        private static final BuilderChecks CHECK = new BuilderChecks(Stage.ASR, FunAsrProvider.NAME,
                "FunAsrRecognizer.builder()");
        private static final Set<String> SVS_LANGUAGES = Set.of("auto", "zh", "en", "yue", "ja", "ko");

        private URI url = URI.create(FunAsrSettings.DEFAULT_URL);
        private FunAsrMode mode = FunAsrMode.TWO_PASS;
        private List<Integer> chunkSize = List.of(5, 10, 5);
        private final Map<String, Integer> hotwords = new LinkedHashMap<>();
        private boolean itn = true;
        private String svsLang = "auto";
        private boolean svsItn = true;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration finalTimeout = Duration.ofSeconds(30);
        private String wavName = "videochat";
        private boolean trustAllCertificates;

        private Builder() {
        }

        /** The server, {@code ws://host:port} or {@code wss://host:port} (default {@code ws://127.0.0.1:10095}). */
        public Builder url(URI url) {
            String method = "url(URI)";
            CHECK.notNull(method, url);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (url.getHost() == null || !(scheme.equals("ws") || scheme.equals("wss"))) {
                throw CHECK.invalid(method, "must be ws://host:port or wss://host:port (the FunASR runtime server, "
                        + "default " + FunAsrSettings.DEFAULT_URL + "), got '" + url + "'");
            }
            this.url = url;
            return this;
        }

        /** What the server decodes with (default {@link FunAsrMode#TWO_PASS}). */
        public Builder mode(FunAsrMode mode) {
            this.mode = CHECK.notNull("mode(FunAsrMode)", mode);
            return this;
        }

        /**
         * Look-back, chunk and look-ahead of the streaming model, each 0 to 100 units of 60 ms, the chunk above 0
         * (default 5, 10, 5: 600 ms chunks with 300 ms either side; with a chunk of 0 the server never answers).
         */
        public Builder chunkSize(int lookBack, int chunk, int lookAhead) {
            if (lookBack < 0 || lookBack > 100 || chunk < 1 || chunk > 100 || lookAhead < 0 || lookAhead > 100) {
                throw CHECK.invalid("chunkSize(int, int, int)", FunAsrSettings.CHUNK_SIZE_RULE + ", got " + lookBack
                        + "," + chunk + "," + lookAhead);
            }
            this.chunkSize = List.of(lookBack, chunk, lookAhead);
            return this;
        }

        /** Adds a hotword with its weight (such as 20 or 30), sent as the server's FST hotwords. */
        public Builder hotword(String word, int weight) {
            String method = "hotword(String, int)";
            hotwords.put(CHECK.notBlank(method, word), weight);
            return this;
        }

        /** The hotwords and their weights, in order, in place of any added before. */
        public Builder hotwords(Map<String, Integer> weights) {
            CHECK.notNull("hotwords(Map)", weights);
            hotwords.clear();
            weights.forEach(this::hotword);
            return this;
        }

        /** Inverse text normalisation, "二零二四年" becoming "2024年" (default true). */
        public Builder itn(boolean on) {
            this.itn = on;
            return this;
        }

        /** SenseVoice's language when it is the server's offline model: auto (default), zh, en, yue, ja, ko. */
        public Builder svsLang(String language) {
            String method = "svsLang(String)";
            String lang = CHECK.notBlank(method, language).toLowerCase(Locale.ROOT);
            if (!SVS_LANGUAGES.contains(lang)) {
                throw CHECK.invalid(method, "must be one of auto, zh, en, yue, ja, ko; got '" + language + "'");
            }
            this.svsLang = lang;
            return this;
        }

        /** SenseVoice's own inverse text normalisation (default true). */
        public Builder svsItn(boolean on) {
            this.svsItn = on;
            return this;
        }

        /** The longest wait for the TCP connection and the WebSocket handshake (default 10 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = CHECK.positive("connectTimeout(Duration)", timeout);
            return this;
        }

        /** How long {@code finish()} waits, after the end of speech, for the final result (default 30 s). */
        public Builder finalTimeout(Duration timeout) {
            this.finalTimeout = CHECK.positive("finalTimeout(Duration)", timeout);
            return this;
        }

        /** The name the server echoes in its results and logs (default {@code videochat}). */
        public Builder wavName(String name) {
            this.wavName = CHECK.notBlank("wavName(String)", name);
            return this;
        }

        /**
         * Accept any certificate on {@code wss://} (default false): the servers run TLS with a self-signed
         * certificate unless started with {@code --certfile 0}.
         */
        public Builder trustAllCertificates(boolean trust) {
            this.trustAllCertificates = trust;
            return this;
        }

        /** The recognizer; nothing connects until a clip or session starts. */
        public SpeechRecognizer build() {
            return new FunAsrRecognizer(settings());
        }

        FunAsrSettings settings() {
            return new FunAsrSettings(url, mode, chunkSize, hotwords, itn, svsLang, svsItn, connectTimeout,
                    finalTimeout, wavName, trustAllCertificates);
        }
    }
}
