package dev.videochat.core.config;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The checks an engine builder runs on the values it is given: each failure is an {@link InvalidValueException}
 * naming the builder method and the stage and provider, so the same bound serves code and string settings.
 */
public final class BuilderChecks {

    private final Stage stage;
    private final String provider;
    private final String builder;

    /**
     * @param stage    the stage of the engines built
     * @param provider the provider name, for example {@code "openai"}
     * @param builder  how code reaches the builder, for example {@code OpenAiChatModel.builder()}: named by
     *                 {@link #missing} and {@link #missingSecret}
     */
    public BuilderChecks(Stage stage, String provider, String builder) {
        this.stage = Objects.requireNonNull(stage, "stage");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.builder = Objects.requireNonNull(builder, "builder");
    }

    /** An exception saying that the value given to {@code method} {@code problem}. */
    public InvalidValueException invalid(String method, String problem) {
        return new InvalidValueException(stage, provider, method, problem);
    }

    /** {@code value}, or an exception when it is null. */
    public <T> T notNull(String method, T value) {
        if (value == null) {
            throw invalid(method, "must not be null");
        }
        return value;
    }

    /** {@code value} stripped, or an exception when it is null or blank. */
    public String notBlank(String method, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(method, "must not be blank");
        }
        return value.strip();
    }

    /** {@code value}, or an exception when it lies outside {@code [min, max]}. */
    public int range(String method, int value, int min, int max) {
        if (value < min || value > max) {
            throw invalid(method, "must be " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    /** {@code value}, or an exception when it lies outside {@code [min, max]}. */
    public long range(String method, long value, long min, long max) {
        if (value < min || value > max) {
            throw invalid(method, "must be " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    /** {@code value}, or an exception when it is NaN or lies outside {@code [min, max]}. */
    public double range(String method, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw invalid(method, "must be " + number(min) + ".." + number(max) + ", got " + number(value));
        }
        return value;
    }

    /** {@code value}, or an exception when it is null, zero or negative. */
    public Duration positive(String method, Duration value) {
        notNull(method, value);
        if (value.isZero() || value.isNegative()) {
            throw invalid(method, "must be longer than 0, got " + value);
        }
        return value;
    }

    /** {@code value}, or an exception when it is null or negative. */
    public Duration notNegative(String method, Duration value) {
        notNull(method, value);
        if (value.isNegative()) {
            throw invalid(method, "must not be negative, got " + value);
        }
        return value;
    }

    /**
     * {@code value}, or an exception when it is not an absolute URL with a host whose scheme is one of
     * {@code schemes} (lower case).
     */
    public URI url(String method, URI value, Set<String> schemes) {
        notNull(method, value);
        String scheme = value.getScheme() == null ? "" : value.getScheme().toLowerCase(Locale.ROOT);
        if (!value.isAbsolute() || value.getHost() == null || !schemes.contains(scheme)) {
            throw invalid(method, "must be an absolute " + String.join(" or ", new java.util.TreeSet<>(schemes))
                    + " URL with a host, got '" + value + "'");
        }
        return value;
    }

    /** {@code text} as a URI, or an exception naming {@code method} when it is not one. */
    public URI parseUri(String method, String text) {
        notBlank(method, text);
        try {
            return new URI(text.strip());
        } catch (java.net.URISyntaxException e) {
            throw invalid(method, "is not a valid URL: '" + text + "' (" + e.getReason() + ")");
        }
    }

    /**
     * An exception saying that a required value was never given: {@code what} (for example {@code model}) must be
     * set with {@code method} or the setting {@code setting}.
     */
    public ConfigurationException missing(String what, String method, String setting, String hint) {
        return new ConfigurationException(stage, provider, what + " is not set: pass ." + method + "(..) to "
                + builder + ", or the '" + setting + "' setting" + (hint == null || hint.isEmpty() ? "" : "; " + hint));
    }

    /**
     * The exception for a secret that is required and absent, naming every way to give it: the environment
     * variable {@code variable}, the builder method {@code method} and the setting {@code setting}. The message
     * reads {@code DASHSCOPE_API_KEY is not set: export it, or pass .apiKey(..) to DashScopeChatModel.builder(),
     * or the 'api-key' setting}, followed by {@code hint} when there is one.
     */
    public ConfigurationException missingSecret(String variable, String method, String setting, String hint) {
        return new ConfigurationException(stage, provider, variable + " is not set: export it, or pass ." + method
                + "(..) to " + builder + ", or the '" + setting + "' setting"
                + (hint == null || hint.isEmpty() ? "" : "; " + hint));
    }

    /** {@code 2} for 2.0, {@code 0.5} for 0.5: bounds read as they were written. */
    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }
}
