package dev.videochat.asr.funasr;

import dev.videochat.api.Call;
import dev.videochat.api.asr.RecognitionSession;
import dev.videochat.api.asr.SpeechRecognizer;
import dev.videochat.api.asr.Transcript;
import dev.videochat.api.asr.TranscriptHandler;
import dev.videochat.api.audio.AudioChunk;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Speech recognition by a FunASR runtime server over its WebSocket protocol: one connection per clip or session.
 * Thread-safe; holds one HTTP client and one timer thread, released by {@link #close()}.
 */
final class FunAsrRecognizer implements SpeechRecognizer {

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
}
