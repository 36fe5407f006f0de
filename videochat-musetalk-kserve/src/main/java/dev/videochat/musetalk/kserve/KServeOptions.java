package dev.videochat.musetalk.kserve;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;

/**
 * How the {@code kserve} backend reaches its inference server. Build with {@link #builder(String)}.
 *
 * @param url          the server's gRPC endpoint, {@code grpc://host:port} (Triton listens on 8001)
 * @param deadline     how long one request may take, from sending to the whole answer, before it fails with
 *                     DEADLINE_EXCEEDED (each retry gets its own)
 * @param retries      how many times a request that failed with UNAVAILABLE is sent again (0 = never)
 * @param backoff      the wait before the first retry; it doubles with each further retry, up to 2 s
 * @param modelPrefix  put before every model name on the server ({@code whisper}, {@code unet}, {@code vae_decoder},
 *                     {@code unet_decoder}), so one server can hold several model sets, e.g. {@code musetalk_v15_}
 */
public record KServeOptions(URI url, Duration deadline, int retries, Duration backoff, String modelPrefix) {

    /** The longest wait between two attempts. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    public KServeOptions {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(modelPrefix, "modelPrefix");
        if (!"grpc".equals(url.getScheme()) || url.getHost() == null || url.getPort() < 1) {
            throw new IllegalArgumentException("the KServe URL must look like grpc://host:8001, got " + url);
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be > 0, got " + deadline);
        }
        if (retries < 0 || retries > 10) {
            throw new IllegalArgumentException("retries must be 0..10, got " + retries);
        }
        if (backoff.isNegative()) {
            throw new IllegalArgumentException("backoff must be >= 0, got " + backoff);
        }
    }

    /**
     * A builder for the server at {@code url}, e.g. {@code grpc://gpu-pool:8001}.
     *
     * @throws ConfigurationException when the URL is not {@code grpc://host:port}
     */
    public static Builder builder(String url) {
        return new Builder(parse(url));
    }

    static URI parse(String url) {
        Objects.requireNonNull(url, "url");
        try {
            URI uri = new URI(url.trim());
            if ("grpc".equals(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ConfigurationException(Stage.THG, "musetalk", "setting 'kserve-url' must look like "
                + "grpc://host:8001 (the gRPC port of a KServe v2 / Triton server), got '" + url + "'");
    }

    /** Builds {@link KServeOptions}; defaults: deadline 10 s, 3 retries, backoff 100 ms, no model prefix. */
    public static final class Builder {
        private final URI url;
        private Duration deadline = Duration.ofSeconds(10);
        private int retries = 3;
        private Duration backoff = Duration.ofMillis(100);
        private String modelPrefix = "";

        private Builder(URI url) {
            this.url = url;
        }

        /** How long one request may take (default 10 s). */
        public Builder deadline(Duration deadline) {
            this.deadline = deadline;
            return this;
        }

        /** How often a request failing with UNAVAILABLE is sent again (default 3). */
        public Builder retries(int retries) {
            this.retries = retries;
            return this;
        }

        /** The wait before the first retry, doubling after (default 100 ms). */
        public Builder backoff(Duration backoff) {
            this.backoff = backoff;
            return this;
        }

        /** Put before every model name on the server (default none). */
        public Builder modelPrefix(String prefix) {
            this.modelPrefix = prefix;
            return this;
        }

        /** The options. */
        public KServeOptions build() {
            return new KServeOptions(url, deadline, retries, backoff, modelPrefix);
        }
    }
}
