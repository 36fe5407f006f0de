package dev.videochat.examples.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The examples' settings, from (highest first) command-line flags such as {@code --out}, {@code -Dvideochat.*}
 * system properties, {@code VIDEOCHAT_*} environment variables, and a properties file. Keys look like {@code videochat.tts} (the engine name) and
 * {@code videochat.tts.voice} (a setting of that engine); the matching variables are {@code VIDEOCHAT_TTS} and
 * {@code VIDEOCHAT_TTS_VOICE}.
 */
final class ExampleConfig {

    private final Properties file = new Properties();
    private final Map<String, String> env;
    private final Map<String, String> flags;

    ExampleConfig(Optional<Path> propertiesFile, Map<String, String> env) throws IOException {
        this(propertiesFile, env, Map.of());
    }

    /** With {@code flags}: values from the command line, by key (for example {@code videochat.out}). */
    ExampleConfig(Optional<Path> propertiesFile, Map<String, String> env, Map<String, String> flags)
            throws IOException {
        this.env = env;
        this.flags = Map.copyOf(flags);
        if (propertiesFile.isPresent()) {
            Path path = propertiesFile.get();
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("the config file " + path.toAbsolutePath() + " does not exist "
                        + "(--config names a properties file, for example with the line videochat.tts=espeak)");
            }
            try (Reader r = Files.newBufferedReader(path)) {
                file.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot read the config file " + path.toAbsolutePath() + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /** The value of {@code key} (for example {@code videochat.tts}). */
    Optional<String> get(String key) {
        String v = flags.get(key);
        if (v == null) {
            v = System.getProperty(key);
        }
        if (v == null) {
            v = env.get(envName(key));
        }
        if (v == null) {
            v = file.getProperty(key);
        }
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    /** Every setting under {@code prefix.} (prefix removed), for handing to a provider. */
    Map<String, String> under(String prefix) {
        Map<String, String> out = new HashMap<>();
        String dotted = prefix + ".";
        for (String name : file.stringPropertyNames()) {
            if (name.startsWith(dotted)) {
                out.put(name.substring(dotted.length()), file.getProperty(name));
            }
        }
        String envPrefix = envName(prefix) + "_";
        env.forEach((k, v) -> {
            if (k.startsWith(envPrefix)) {
                out.put(k.substring(envPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '-'), v);
            }
        });
        System.getProperties().stringPropertyNames().forEach(name -> {
            if (name.startsWith(dotted)) {
                out.put(name.substring(dotted.length()), System.getProperty(name));
            }
        });
        return out;
    }

    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
