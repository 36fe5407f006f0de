package dev.videochat.asr.funasr;

import dev.videochat.api.Stage;
import dev.videochat.core.config.Settings;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
    private static final Set<String> SVS_LANGUAGES = Set.of("auto", "zh", "en", "yue", "ja", "ko");

    FunAsrSettings {
        chunkSize = List.copyOf(chunkSize);
        hotwords = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hotwords));
    }

    static FunAsrSettings from(Map<String, String> raw) {
        Settings s = Settings.of(Stage.ASR, FunAsrProvider.NAME, raw);
        URI url = s.getUri("url", DEFAULT_URL);
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw s.error("setting 'url' must be ws://host:port or wss://host:port (the FunASR runtime server, "
                    + "default " + DEFAULT_URL + "), got '" + url + "'");
        }
        String modeName = s.get("mode", FunAsrMode.TWO_PASS.wire());
        FunAsrMode mode = FunAsrMode.parse(modeName).orElseThrow(() ->
                s.error("setting 'mode' must be 2pass, online or offline, got '" + modeName + "'"));
        String svsLang = s.get("svs-lang", "auto").toLowerCase(Locale.ROOT);
        if (!SVS_LANGUAGES.contains(svsLang)) {
            throw s.error("setting 'svs-lang' must be one of auto, zh, en, yue, ja, ko; got '" + svsLang + "'");
        }
        Duration connect = s.getDuration("connect-timeout", Duration.ofSeconds(10));
        Duration finalWait = s.getDuration("final-timeout", Duration.ofSeconds(30));
        if (connect.isZero() || finalWait.isZero()) {
            throw s.error("settings 'connect-timeout' and 'final-timeout' must be longer than zero");
        }
        return new FunAsrSettings(url, mode, chunkSize(s), hotwords(s), s.getBoolean("itn", true), svsLang,
                s.getBoolean("svs-itn", true), connect, finalWait, s.get("wav-name", "videochat"),
                s.getBoolean("trust-all-certificates", false));
    }

    /** {@code "5,10,5"}: three counts of 60 ms; the middle one (the chunk) must not be 0 or the server never answers. */
    private static List<Integer> chunkSize(Settings s) {
        String raw = s.get("chunk-size", "5,10,5");
        String[] parts = raw.split("[,\\s]+");
        String hint = "setting 'chunk-size' must be three counts of 60 ms such as 5,10,5 (look-back, chunk, "
                + "look-ahead; the chunk above 0), got '" + raw + "'";
        if (parts.length != 3) {
            throw s.error(hint);
        }
        Integer[] values = new Integer[3];
        for (int i = 0; i < 3; i++) {
            try {
                values[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw s.error(hint);
            }
            if (values[i] < 0 || values[i] > 100) {
                throw s.error(hint);
            }
        }
        if (values[1] == 0) {
            throw s.error(hint);
        }
        return List.of(values);
    }

    /**
     * {@code "阿里巴巴 20, 通义实验室 30"}: entries split by commas or new lines, each a word (it may hold spaces)
     * and its weight, like the lines of the server's {@code --hotword} file.
     */
    private static Map<String, Integer> hotwords(Settings s) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String entry : s.get("hotwords", "").split("[,，\\n]")) {
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
