package dev.videochat.core.config;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads a provider's plain string settings with errors that name the setting, the provider and the bad value.
 * Immutable.
 *
 * <p>A provider maps its settings onto its engine's builder with the {@code if...} methods ({@link #ifInt},
 * {@link #ifDuration}, ...): each parses the value when it is set (a value that does not parse is an error naming
 * the setting) and hands it to the builder method, whose own checks ({@link BuilderChecks}) are then reported
 * under the setting's name, so both paths share one set of bounds.
 *
 * <p>Created with the provider's known keys ({@link #of(Stage, String, Map, Set)}), an unknown key is an error
 * that names it and lists the known ones. A known key ending in {@code *} stands for every key that starts with
 * what comes before it.
 */
public final class Settings {

    private final Stage stage;
    private final String provider;
    private final Map<String, String> values;
    /** Put before each key in messages: the keys of a view made by {@link #under} are shown as written. */
    private final String prefix;

    private Settings(Stage stage, String provider, Map<String, String> values, String prefix) {
        this.stage = stage;
        this.provider = provider;
        this.values = values;
        this.prefix = prefix;
    }

    /** Wraps {@code values} (copied) for the provider {@code provider} of {@code stage}; every key is accepted. */
    public static Settings of(Stage stage, String provider, Map<String, String> values) {
        Objects.requireNonNull(values, "settings");
        Map<String, String> copy = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k != null && v != null) {
                copy.put(k, v.trim());
            }
        });
        return new Settings(Objects.requireNonNull(stage, "stage"), Objects.requireNonNull(provider, "provider"),
                Map.copyOf(copy), "");
    }

    /**
     * Wraps {@code values} (copied), rejecting any key that {@code known} does not hold.
     *
     * @throws ConfigurationException for the first unknown key (in sorted order), naming it, the provider and the
     *                                known keys
     */
    public static Settings of(Stage stage, String provider, Map<String, String> values, Set<String> known) {
        Settings settings = of(stage, provider, values);
        checkKnown(stage, provider, known, settings.values.keySet());
        return settings;
    }

    /**
     * Rejects the first of {@code keys} (in sorted order) that {@code known} does not hold, with a
     * {@link ConfigurationException} such as {@code [LLM/openai] unknown setting 'modle'; known: api-key,
     * api-key-env, base-url, ...}. An empty {@code known} accepts every key: the provider declared none.
     */
    public static void checkKnown(Stage stage, String provider, Set<String> known, Collection<String> keys) {
        if (known.isEmpty()) {
            return;
        }
        for (String key : keys.stream().filter(Objects::nonNull).collect(Collectors.toCollection(TreeSet::new))) {
            if (!isKnown(known, key)) {
                throw new ConfigurationException(stage, provider, "unknown setting '" + key + "'; known: "
                        + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    /** Whether {@code known} holds {@code key}, itself or as a family ({@code header.*} holds {@code header.X}). */
    public static boolean isKnown(Set<String> known, String key) {
        if (known.contains(key)) {
            return true;
        }
        for (String name : known) {
            if (name.endsWith("*")) {
                String start = name.substring(0, name.length() - 1);
                if (key.length() > start.length() && key.startsWith(start)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The settings whose keys start with {@code keyPrefix}, with it removed, checked against {@code known}; errors
     * name the keys as written ({@code freetts.rate}).
     *
     * @throws ConfigurationException for an unknown key, naming it with its prefix and listing the known ones
     */
    public Settings under(String keyPrefix, Set<String> known) {
        Map<String, String> inner = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(keyPrefix) && k.length() > keyPrefix.length()) {
                inner.put(k.substring(keyPrefix.length()), v);
            }
        });
        String shown = prefix + keyPrefix;
        if (!known.isEmpty()) {
            for (String key : inner.keySet()) {
                if (!isKnown(known, key)) {
                    throw error("unknown setting '" + shown + key + "'; known: " + known.stream().sorted()
                            .map(k -> shown + k).collect(Collectors.joining(", ")));
                }
            }
        }
        return new Settings(stage, provider, Map.copyOf(inner), shown);
    }

    /** The keys that are set (sorted, unmodifiable). */
    public Set<String> keys() {
        return java.util.Collections.unmodifiableSet(new TreeSet<>(values.keySet()));
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
        return get(key).orElseThrow(() -> error("missing setting '" + label(key) + "': " + hint));
    }

    /** An integer in {@code [min, max]}, or {@code fallback} when unset. */
    public int getInt(String key, int fallback, int min, int max) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        int v = parseInt(key, raw.get());
        if (v < min || v > max) {
            throw error("setting '" + label(key) + "' must be " + min + ".." + max + ", got " + v);
        }
        return v;
    }

    /** A decimal number in {@code [min, max]}, or {@code fallback} when unset. */
    public double getDouble(String key, double fallback, double min, double max) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        double v = parseDouble(key, raw.get());
        if (!(v >= min && v <= max)) {
            throw error("setting '" + label(key) + "' must be " + min + ".." + max + ", got " + v);
        }
        return v;
    }

    /** {@code true}/{@code false} (also {@code yes}/{@code no}, {@code 1}/{@code 0}), or {@code fallback}. */
    public boolean getBoolean(String key, boolean fallback) {
        Optional<String> raw = get(key);
        return raw.isEmpty() ? fallback : parseBoolean(key, raw.get());
    }

    /**
     * A duration written as milliseconds ({@code 1500}), with a unit ({@code 1500ms}, {@code 30s}, {@code 2m},
     * {@code 1h}) or in ISO-8601 ({@code PT30S}); {@code fallback} when unset.
     */
    public Duration getDuration(String key, Duration fallback) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        Duration d = parseDuration(key, raw.get());
        if (d.isNegative()) {
            throw error("setting '" + label(key) + "' must not be negative, got '" + raw.get() + "'");
        }
        return d;
    }

    /** An absolute http(s) or ws(s) URI, or {@code fallback} when unset. */
    public URI getUri(String key, String fallback) {
        return parseUri(key, get(key, fallback));
    }

    /** Hands the value of {@code key}, when set, to {@code setter}; see the class comment. */
    public void ifSet(String key, Consumer<String> setter) {
        get(key).ifPresent(v -> apply(key, () -> setter.accept(v)));
    }

    /** Hands the value of {@code key}, when set, as a whole number to {@code setter}. */
    public void ifInt(String key, IntConsumer setter) {
        get(key).ifPresent(v -> {
            int parsed = parseInt(key, v);
            apply(key, () -> setter.accept(parsed));
        });
    }

    /** Hands the value of {@code key}, when set, as a whole number to {@code setter}. */
    public void ifLong(String key, LongConsumer setter) {
        get(key).ifPresent(v -> {
            long parsed;
            try {
                parsed = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw error("setting '" + label(key) + "' must be a whole number, got '" + v + "'");
            }
            apply(key, () -> setter.accept(parsed));
        });
    }

    /** Hands the value of {@code key}, when set, as a decimal number to {@code setter}. */
    public void ifDouble(String key, DoubleConsumer setter) {
        get(key).ifPresent(v -> {
            double parsed = parseDouble(key, v);
            apply(key, () -> setter.accept(parsed));
        });
    }

    /** Hands the value of {@code key}, when set, as a boolean ({@link #getBoolean}'s spellings) to {@code setter}. */
    public void ifBoolean(String key, Consumer<Boolean> setter) {
        get(key).ifPresent(v -> {
            boolean parsed = parseBoolean(key, v);
            apply(key, () -> setter.accept(parsed));
        });
    }

    /** Hands the value of {@code key}, when set, as a duration ({@link #getDuration}'s spellings) to {@code setter}. */
    public void ifDuration(String key, Consumer<Duration> setter) {
        get(key).ifPresent(v -> {
            Duration parsed = parseDuration(key, v);
            apply(key, () -> setter.accept(parsed));
        });
    }

    /** Hands the value of {@code key}, when set, as an absolute URL to {@code setter}. */
    public void ifUri(String key, Consumer<URI> setter) {
        get(key).ifPresent(v -> {
            URI parsed = parseUri(key, v);
            apply(key, () -> setter.accept(parsed));
        });
    }

    /** Hands the value of {@code key}, when set, as a file system path to {@code setter}. */
    public void ifPath(String key, Consumer<Path> setter) {
        get(key).ifPresent(v -> {
            Path parsed;
            try {
                parsed = Path.of(v);
            } catch (InvalidPathException e) {
                throw error("setting '" + label(key) + "' is not a valid path: '" + v + "' (" + e.getReason() + ")");
            }
            apply(key, () -> setter.accept(parsed));
        });
    }

    /**
     * Hands the value of {@code key}, when set, to {@code setter} as the constant of {@code type} it names, written
     * in lower case with dashes ({@code same-as-requested} for {@code SAME_AS_REQUESTED}).
     */
    public <E extends Enum<E>> void ifChoice(String key, Class<E> type, Consumer<E> setter) {
        get(key).ifPresent(v -> {
            E parsed = parseChoice(key, v, type, c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            apply(key, () -> setter.accept(parsed));
        });
    }

    /**
     * Hands the value of {@code key}, when set, to {@code setter} as the constant of {@code type} whose
     * {@code nameOf} it equals, ignoring case.
     */
    public <E extends Enum<E>> void ifChoice(String key, Class<E> type, Function<E, String> nameOf,
                                             Consumer<E> setter) {
        get(key).ifPresent(v -> {
            E parsed = parseChoice(key, v, type, nameOf);
            apply(key, () -> setter.accept(parsed));
        });
    }

    /**
     * Runs {@code build} (a builder's {@code build()}); a value refused only then (it needed the others, or a native
     * library) by this provider's builder is reported under the setting that {@code settingOfMethod} gives for the
     * builder method, for example {@code "voice(String)"} to {@code "voice"}.
     */
    public <T> T build(Supplier<T> build, Map<String, String> settingOfMethod) {
        try {
            return build.get();
        } catch (InvalidValueException e) {
            String key = settingOfMethod.get(e.method());
            if (key == null || !e.provider().equals(provider) || e.stage() != stage) {
                throw e;
            }
            throw new ConfigurationException(stage, provider, "setting '" + label(key) + "' " + e.problem(), e);
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

    /** Runs a builder call; a value it refuses is reported under the setting's name. */
    private void apply(String key, Runnable call) {
        try {
            call.run();
        } catch (InvalidValueException e) {
            throw new ConfigurationException(stage, provider, "setting '" + label(key) + "' " + e.problem(), e);
        }
    }

    /** The key as the user wrote it. */
    private String label(String key) {
        return prefix + key;
    }

    private int parseInt(String key, String raw) {
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw error("setting '" + label(key) + "' must be an integer, got '" + raw + "'");
        }
    }

    private double parseDouble(String key, String raw) {
        try {
            return Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw error("setting '" + label(key) + "' must be a number, got '" + raw + "'");
        }
    }

    private boolean parseBoolean(String key, String raw) {
        switch (raw.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on":
                return true;
            case "false", "no", "0", "off":
                return false;
            default:
                throw error("setting '" + label(key) + "' must be true or false, got '" + raw + "'");
        }
    }

    private Duration parseDuration(String key, String raw) {
        String s = raw.toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("pt")) {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            } else if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
            } else if (s.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1).trim()) * 1000));
            } else if (s.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1).trim()));
            } else if (s.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1).trim()));
            }
            return Duration.ofMillis(Long.parseLong(s));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw error("setting '" + label(key) + "' must be a duration such as 1500ms, 30s or PT30S, got '"
                    + raw + "'");
        }
    }

    private URI parseUri(String key, String raw) {
        try {
            URI uri = new URI(raw);
            if (!uri.isAbsolute() || uri.getHost() == null) {
                throw error("setting '" + label(key) + "' must be an absolute URL such as http://127.0.0.1:8000, got '"
                        + raw + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw error("setting '" + label(key) + "' is not a valid URL: '" + raw + "' (" + e.getReason() + ")");
        }
    }

    private <E extends Enum<E>> E parseChoice(String key, String raw, Class<E> type, Function<E, String> nameOf) {
        for (E constant : type.getEnumConstants()) {
            if (nameOf.apply(constant).equalsIgnoreCase(raw.strip())) {
                return constant;
            }
        }
        throw error("setting '" + label(key) + "' must be one of " + Arrays.stream(type.getEnumConstants())
                .map(nameOf).collect(Collectors.joining(", ")) + "; got '" + raw + "'");
    }
}
