package dev.videochat.tts.mandarin;

import com.github.houbb.pinyin.constant.enums.PinyinStyleEnum;
import com.github.houbb.pinyin.util.PinyinHelper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Chinese characters to tone-numbered pinyin ({@code 重庆} {@code chong2 qing4}), phrase by phrase so that
 * polyphones read right ({@code 银行} yin2 hang2, {@code 长大} zhang3 da4). The phrase dictionary of
 * {@code com.github.houbb:pinyin} does the work; a short list of its known misses ({@code pinyin-overrides.txt},
 * for example {@code 行长} hang2 zhang3) is applied first. The neutral tone is {@code 5}; {@code ü} is written
 * {@code ü}. Characters that are not Chinese pass through unchanged. Thread-safe.
 */
public final class Pinyin {

    private static final Map<String, String> OVERRIDES = loadOverrides();
    private static final int LONGEST_OVERRIDE = OVERRIDES.keySet().stream().mapToInt(String::length).max().orElse(0);

    private Pinyin() {
    }

    /** {@code text} with each Chinese character replaced by its tone-numbered syllable, syllables space-separated. */
    public static String toneNumbered(String text) {
        Objects.requireNonNull(text, "text");
        StringBuilder out = new StringBuilder(text.length() * 4);
        int plainStart = 0;
        int i = 0;
        while (i < text.length()) {
            String override = null;
            int matched = 0;
            for (int length = Math.min(LONGEST_OVERRIDE, text.length() - i); length >= 2; length--) {
                override = OVERRIDES.get(text.substring(i, i + length));
                if (override != null) {
                    matched = length;
                    break;
                }
            }
            if (override == null) {
                i++;
                continue;
            }
            append(out, library(text.substring(plainStart, i)));
            append(out, override);
            i += matched;
            plainStart = i;
        }
        append(out, library(text.substring(plainStart)));
        return out.toString();
    }

    private static String library(String text) {
        return text.isEmpty() ? "" : PinyinHelper.toPinyin(text, PinyinStyleEnum.NUM_LAST);
    }

    private static void append(StringBuilder out, String part) {
        if (part.isEmpty()) {
            return;
        }
        if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
            out.append(' ');
        }
        out.append(part);
    }

    private static Map<String, String> loadOverrides() {
        Map<String, String> map = new HashMap<>();
        try (InputStream in = Pinyin.class.getResourceAsStream("pinyin-overrides.txt")) {
            if (in == null) {
                throw new IllegalStateException("pinyin-overrides.txt is missing from the videochat-tts jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t");
                map.put(cols[0].strip(), cols[1].strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(map);
    }
}
