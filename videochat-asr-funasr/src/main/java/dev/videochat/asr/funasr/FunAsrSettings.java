package dev.videochat.asr.funasr;

import dev.videochat.api.Stage;
import dev.videochat.core.config.Settings;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Settings of the {@code funasr} engine.
 *
 * @param url                  the server, {@code ws://host:port} or {@code wss://host:port} (no path)
 * @param mode                 what the server decodes with
 * @param chunkSize            look-back, chunk and look-ahead of the streaming model, in units of 60 ms
 * @param hotwords             word to weight (the server's FST hotwords, weights such as 20 or 30), in order
 * @param itn                  inverse text normalisation ("二零二四年" becomes "2024年")
 * @param svsLang              SenseVoice's language when it is the server's offline model: auto, zh, en, yue, ja, ko
 * @param svsItn               SenseVoice's own inverse text normalisation
 * @param connectTimeout       for the TCP connection and the WebSocket handshake
 * @param finalTimeout         how long {@code finish()} waits, after the end of speech, for the final result
 * @param wavName              the name the server echoes in its results (it shows in the server's log)
 * @param trustAllCertificates accept any certificate on {@code wss://} (the servers' self-signed default)
 */
record FunAsrSettings(URI url, FunAsrMode mode, List<Integer> chunkSize, Map<String, Integer> hotwords, boolean itn,
                      String svsLang, boolean svsItn, Duration connectTimeout, Duration finalTimeout, String wavName,
                      boolean trustAllCertificates) {

    static final String DEFAULT_URL = "ws://127.0.0.1:10095";
    /** The provider's setting keys. */
    static final Set<String> NAMES = Set.of("url", "mode", "chunk-size", "hotwords", "itn", "svs-lang", "svs-itn",
            "connect-timeout", "final-timeout", "wav-name", "trust-all-certificates");
    /** What a chunk size must be. */
    static final String CHUNK_SIZE_RULE = "must be three counts of 60 ms such as 5,10,5 (look-back, chunk, "
            + "look-ahead, each 0..100; the chunk above 0)";

    FunAsrSettings {
        chunkSize = List.copyOf(chunkSize);
        hotwords = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hotwords));
    }

    /** From the provider's string settings, through {@link FunAsrRecognizer.Builder}. */
    static FunAsrSettings from(Map<String, String> raw) {
        Settings s = Settings.of(Stage.ASR, FunAsrProvider.NAME, raw, NAMES);
        FunAsrRecognizer.Builder b = FunAsrRecognizer.builder();
        s.ifUri("url", b::url);
        s.ifSet("mode", v -> b.mode(FunAsrMode.parse(v).orElseThrow(() ->
                s.error("setting 'mode' must be 2pass, online or offline, got '" + v + "'"))));
        s.ifSet("chunk-size", v -> {
            int[] counts = chunkSize(s, v);
            b.chunkSize(counts[0], counts[1], counts[2]);
        });
        s.ifSet("hotwords", v -> b.hotwords(hotwords(s, v)));
        s.ifBoolean("itn", b::itn);
        s.ifSet("svs-lang", b::svsLang);
        s.ifBoolean("svs-itn", b::svsItn);
        s.ifDuration("connect-timeout", b::connectTimeout);
        s.ifDuration("final-timeout", b::finalTimeout);
        s.ifSet("wav-name", b::wavName);
        s.ifBoolean("trust-all-certificates", b::trustAllCertificates);
        return b.settings();
    }

    /** {@code "5,10,5"} (or {@code "5 10 5"}): three whole numbers; their bounds are the builder's. */
    private static int[] chunkSize(Settings s, String raw) {
        String[] parts = raw.split("[,\\s]+");
        if (parts.length != 3) {
            throw s.error("setting 'chunk-size' " + CHUNK_SIZE_RULE + ", got '" + raw + "'");
        }
        int[] values = new int[3];
        for (int i = 0; i < 3; i++) {
            try {
                values[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw s.error("setting 'chunk-size' " + CHUNK_SIZE_RULE + ", got '" + raw + "'");
            }
        }
        return values;
    }

    /**
     * {@code "阿里巴巴 20, 通义实验室 30"}: entries split by commas or new lines, each a word (it may hold spaces)
     * and its weight, like the lines of the server's {@code --hotword} file.
     */
    private static Map<String, Integer> hotwords(Settings s, String raw) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String entry : raw.split("[,，\\n]")) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            int space = e.lastIndexOf(' ');
            String hint = "setting 'hotwords' takes 'word weight' pairs separated by commas, such as "
                    + "'阿里巴巴 20, 通义实验室 30'; the entry '" + e + "'";
            if (space <= 0) {
                throw s.error(hint + " has no weight");
            }
            try {
                out.put(e.substring(0, space).strip(), Integer.parseInt(e.substring(space + 1)));
            } catch (NumberFormatException x) {
                throw s.error(hint + " does not end with a whole-number weight");
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "FunAsrSettings[url=" + url + ", mode=" + mode.wire() + ", chunkSize=" + chunkSize + ", hotwords="
                + hotwords.size() + ", itn=" + itn + "]";
    }
}
