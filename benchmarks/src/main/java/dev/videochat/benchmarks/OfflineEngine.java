package dev.videochat.benchmarks;

import dev.videochat.core.pipeline.VideoChatEngine;
import dev.videochat.core.provider.Providers;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The embedded offline engines the soak and capacity runs drive: FreeTTS ({@code freetts}), the CPU avatar
 * ({@code sprite}) and in-process FFmpeg ({@code ffmpeg}) writing HLS segments and a final MP4; no language model.
 *
 * <p>Each engine's settings come from system properties {@code videochat.bench.tts.<key>},
 * {@code videochat.bench.thg.<key>} and {@code videochat.bench.mux.<key>}, handed to the provider as they are,
 * for example {@code -Dvideochat.bench.tts.concurrency=4} (FreeTTS voices loaded for parallel syntheses).
 *
 * @param tts settings of {@code freetts}
 * @param thg settings of {@code sprite}
 * @param mux settings of {@code ffmpeg}; {@code output-dir} defaults to the run's temporary folder
 */
record OfflineEngine(Map<String, String> tts, Map<String, String> thg, Map<String, String> mux) {

    OfflineEngine {
        tts = Map.copyOf(tts);
        thg = Map.copyOf(thg);
        mux = Map.copyOf(mux);
    }

    /** The settings given as {@code videochat.bench.{tts,thg,mux}.<key>} system properties. */
    static OfflineEngine fromSystemProperties() {
        return new OfflineEngine(settings("tts"), settings("thg"), settings("mux"));
    }

    /** Builds the engine; the muxer writes below {@code outputDir} unless {@code mux.output-dir} says otherwise. */
    VideoChatEngine build(Path outputDir) {
        Map<String, String> muxSettings = new HashMap<>(mux);
        muxSettings.putIfAbsent("output-dir", outputDir.toString());
        return VideoChatEngine.builder()
                .synthesizer(Providers.synthesizer("freetts", tts))
                .talkingHead(Providers.talkingHead("sprite", thg))
                .muxer(Providers.muxer("ffmpeg", muxSettings))
                .build();
    }

    /** One line for a report's header: each engine with the settings that differ from its defaults. */
    String describe() {
        return "TTS `freetts` " + shown(tts) + ", THG `sprite` " + shown(thg) + ", mux `ffmpeg` " + shown(mux);
    }

    private static String shown(Map<String, String> settings) {
        return settings.isEmpty() ? "(defaults)" : new TreeMap<>(settings).toString();
    }

    private static Map<String, String> settings(String stage) {
        String prefix = RunProperties.PREFIX + stage + ".";
        Map<String, String> found = new HashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                found.put(name.substring(prefix.length()), System.getProperty(name));
            }
        }
        return found;
    }
}
