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
 * The examples' settings, from (highest first) {@code -Dvideochat.*} system properties, {@code VIDEOCHAT_*}
 * environment variables, and a properties file ({@code --config FILE}); an option given on the command line wins
 * over all of them. Keys look like {@code videochat.tts} (the engine name) and {@code videochat.tts.voice} (a
 * setting of that engine); the matching variables are {@code VIDEOCHAT_TTS} and {@code VIDEOCHAT_TTS_VOICE}.
 */
final class ExampleConfig {

    private final Properties file;
    private final Map<String, String> env;

    /** The settings of {@code env} (the environment variables) and {@code propertiesFile}, when given. */
    ExampleConfig(Optional<Path> propertiesFile, Map<String, String> env) {
        this(propertiesFile.map(ExampleConfig::read).orElseGet(Properties::new), env);
    }

    /** The settings of {@code env} (the environment variables) and of a properties file already read. */
    ExampleConfig(Properties file, Map<String, String> env) {
        this.file = file;
        this.env = Map.copyOf(env);
    }

    /**
     * Reads the properties file {@code path}.
     *
     * @throws IllegalArgumentException naming the file when it is missing or cannot be read
     */
    static Properties read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("the config file " + path.toAbsolutePath() + " does not exist "
                    + "(--config names a properties file, for example with the line videochat.tts=espeak)");
        }
        Properties properties = new Properties();
        try (Reader r = Files.newBufferedReader(path)) {
            properties.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read the config file " + path.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
        return properties;
    }

    /** The value of {@code key} (for example {@code videochat.tts}). */
    Optional<String> get(String key) {
        String v = System.getProperty(key);
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

    /** The environment variable of {@code key}: {@code videochat.thg.face-detector} is VIDEOCHAT_THG_FACE_DETECTOR. */
    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
