package dev.videochat.core.config;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads a provider's plain string settings with errors that name the setting, the provider and the bad value.
 * Immutable.
 */
public final class Settings {

    private final Stage stage;
    private final String provider;
    private final Map<String, String> values;

    private Settings(Stage stage, String provider, Map<String, String> values) {
        this.stage = stage;
        this.provider = provider;
        this.values = values;
    }

    /** Wraps {@code values} (copied) for the provider {@code provider} of {@code stage}. */
    public static Settings of(Stage stage, String provider, Map<String, String> values) {
        Objects.requireNonNull(values, "settings");
        Map<String, String> copy = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k != null && v != null) {
                copy.put(k, v.trim());
            }
        });
        return new Settings(Objects.requireNonNull(stage, "stage"), Objects.requireNonNull(provider, "provider"),
                Map.copyOf(copy));
    }

    /** The value of {@code key}, if set and not blank. */
    public Optional<String> get(String key) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /** The value of {@code key}, or {@code fallback}. */
    public String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    /** The value of {@code key}; a {@link ConfigurationException} saying {@code hint} when it is missing. */
    public String require(String key, String hint) {
        return get(key).orElseThrow(() -> error("missing setting '" + key + "': " + hint));
    }

    /** An integer in {@code [min, max]}, or {@code fallback} when unset. */
    public int getInt(String key, int fallback, int min, int max) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        int v;
        try {
            v = Integer.parseInt(raw.get());
        } catch (NumberFormatException e) {
            throw error("setting '" + key + "' must be an integer, got '" + raw.get() + "'");
        }
        if (v < min || v > max) {
            throw error("setting '" + key + "' must be " + min + ".." + max + ", got " + v);
        }
        return v;
    }

    /** A decimal number in {@code [min, max]}, or {@code fallback} when unset. */
    public double getDouble(String key, double fallback, double min, double max) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        double v;
        try {
            v = Double.parseDouble(raw.get());
        } catch (NumberFormatException e) {
            throw error("setting '" + key + "' must be a number, got '" + raw.get() + "'");
        }
        if (!(v >= min && v <= max)) {
            throw error("setting '" + key + "' must be " + min + ".." + max + ", got " + v);
        }
        return v;
    }

    /** {@code true}/{@code false} (also {@code yes}/{@code no}, {@code 1}/{@code 0}), or {@code fallback}. */
    public boolean getBoolean(String key, boolean fallback) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        switch (raw.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1", "on":
                return true;
            case "false", "no", "0", "off":
                return false;
            default:
                throw error("setting '" + key + "' must be true or false, got '" + raw.get() + "'");
        }
    }

    /**
     * A duration written as milliseconds ({@code 1500}), with a unit ({@code 1500ms}, {@code 30s}, {@code 2m}) or
     * in ISO-8601 ({@code PT30S}); {@code fallback} when unset.
     */
    public Duration getDuration(String key, Duration fallback) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        String s = raw.get().toLowerCase(java.util.Locale.ROOT);
        try {
            Duration d;
            if (s.startsWith("pt")) {
                d = Duration.parse(s.toUpperCase(java.util.Locale.ROOT));
            } else if (s.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
            } else if (s.endsWith("s")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1).trim()) * 1000));
            } else if (s.endsWith("m")) {
                d = Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1).trim()) * 60);
            } else {
                d = Duration.ofMillis(Long.parseLong(s));
            }
            if (d.isNegative()) {
                throw error("setting '" + key + "' must not be negative, got '" + raw.get() + "'");
            }
            return d;
        } catch (NumberFormatException | DateTimeParseException e) {
            throw error("setting '" + key + "' must be a duration such as 1500ms, 30s or PT30S, got '" + raw.get() + "'");
        }
    }

    /** An absolute http(s) or ws(s) URI, or {@code fallback} when unset. */
    public URI getUri(String key, String fallback) {
        String raw = get(key, fallback);
        try {
            URI uri = new URI(raw);
            if (!uri.isAbsolute() || uri.getHost() == null) {
                throw error("setting '" + key + "' must be an absolute URL such as http://127.0.0.1:8000, got '"
                        + raw + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw error("setting '" + key + "' is not a valid URL: '" + raw + "' (" + e.getReason() + ")");
        }
    }

    /** An exception about these settings, naming the stage and provider. */
    public ConfigurationException error(String message) {
        return new ConfigurationException(stage, provider, message);
    }

    /** The raw values (unmodifiable). Do not log them: they may hold secrets. */
    public Map<String, String> asMap() {
        return values;
    }
}
