package dev.videochat.tts.espeak;

import dev.videochat.api.Call;
import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SynthesisHandler;
import dev.videochat.api.tts.SynthesisResult;
import dev.videochat.api.tts.Voice;
import dev.videochat.core.config.BuilderChecks;
import dev.videochat.core.config.InvalidValueException;
import dev.videochat.core.tts.MultilingualSynthesizer;
import dev.videochat.tts.mandarin.ChineseNumbers;
import dev.videochat.tts.mandarin.Pinyin;
import dev.videochat.tts.synthesis.EngineThreads;
import dev.videochat.tts.synthesis.SynthesisCall;
import dev.videochat.tts.text.TextPreparation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;

/**
 * espeak-ng inside the JVM through libespeak-ng: no process per packet. Samples stream to the handler in 100 ms
 * blocks as espeak-ng makes them (22,050 Hz mono); cancelling stops it at the next block. espeak-ng is not
 * re-entrant, so syntheses run one at a time, across every engine of the JVM (see {@link EspeakNative}).
 *
 * <p>Mandarin: espeak-ng 1.51 reads Chinese characters through its {@code cmn} voice as pinyin with the tone digits
 * spoken as English numbers; its {@code cmn-latn-pinyin} voice speaks tone-numbered pinyin correctly. So Mandarin
 * voices get text whose numbers are written out in Chinese ({@link ChineseNumbers}) and then converted, phrase by
 * phrase, to tone-numbered pinyin ({@link Pinyin}).
 *
 * <pre>{@code
 * SpeechSynthesizer tts = EspeakSynthesizer.builder().voice("en-gb").voice("zh", "cmn-latn-pinyin").speed(160).build();
 * }</pre>
 * The {@code espeak} provider maps its settings onto {@link #builder()}.
 */
public final class EspeakSynthesizer implements SpeechSynthesizer {

    static final String NAME = "espeak";
    static final String MANDARIN_VOICE = "cmn-latn-pinyin";
    private static final Logger log = LoggerFactory.getLogger(EspeakSynthesizer.class);
    /** Voice names that mean Mandarin; all are spoken by {@link #MANDARIN_VOICE}. */
    private static final Map<String, String> MANDARIN = Map.of("cmn", MANDARIN_VOICE, "zh", MANDARIN_VOICE,
            "zh-cn", MANDARIN_VOICE, "zh-cmn", MANDARIN_VOICE, MANDARIN_VOICE, MANDARIN_VOICE);
    /** Chinese punctuation as espeak-ng pauses for it. */
    private static final Map<Character, String> PUNCTUATION = Map.ofEntries(Map.entry('，', ", "),
            Map.entry('、', ", "), Map.entry('；', "; "), Map.entry('：', ": "), Map.entry('。', ". "),
            Map.entry('！', "! "), Map.entry('？', "? "), Map.entry('…', "... "), Map.entry('—', ", "),
            Map.entry('“', " "), Map.entry('”', " "), Map.entry('‘', " "), Map.entry('’', " "),
            Map.entry('「', " "), Map.entry('」', " "), Map.entry('《', " "), Map.entry('》', " "),
            Map.entry('（', ", "), Map.entry('）', ", "));

    private final EspeakNative espeak;
    private final EspeakOptions options;
    private final TextPreparation text;
    private final List<Voice> voices;
    private final ExecutorService executor;

    EspeakSynthesizer(EspeakNative espeak, EspeakOptions options, TextPreparation text) {
        this.espeak = espeak;
        this.options = options;
        this.text = text;
        this.voices = voiceList(espeak.voices(), options.voice());
        // One thread: espeak-ng speaks one text at a time anyway, and later calls wait in order.
        this.executor = EngineThreads.executor(NAME, 1);
        if (MANDARIN_VOICE.equals(voices.get(0).id())) {
            warmUpMandarin();
        }
    }

    /**
     * Loads the pinyin dictionaries and the Mandarin voice once, here, so that the first packet of the first turn
     * does not pay for them (about 0.7 s on the 2-core test machine).
     */
    private void warmUpMandarin() {
        long start = System.nanoTime();
        try {
            espeak.speak(MANDARIN_VOICE, options.parameters(), mandarinText("你好，2026年。"), chunk -> true);
            log.debug("[TTS/espeak] Mandarin warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
        } catch (Exception e) {
            log.warn("[TTS/espeak] warming up the Mandarin voice failed: {}", e.toString());
        }
    }

    private static List<Voice> voiceList(List<String> names, String defaultVoice) {
        String wanted = MANDARIN.getOrDefault(defaultVoice.toLowerCase(Locale.ROOT), defaultVoice);
        String first = names.stream().filter(n -> n.equalsIgnoreCase(wanted)).findFirst()
                .orElseThrow(() -> new InvalidValueException(Stage.TTS, NAME, "voice(String)", "names '"
                        + defaultVoice + "', which this espeak-ng does not have; " + sample(names)));
        List<Voice> list = new ArrayList<>();
        list.add(new Voice(first, languageOf(first)));
        for (String n : names) {
            if (!n.equals(first)) {
                list.add(new Voice(n, languageOf(n)));
            }
        }
        return List.copyOf(list);
    }

    /** The BCP 47 tag for an espeak-ng voice name. */
    static String languageOf(String voice) {
        String v = voice.toLowerCase(Locale.ROOT);
        return v.startsWith("cmn") ? "zh" : v;
    }

    /**
     * A builder starting from espeak-ng's defaults: voice {@code en-us} (Chinese then spoken by
     * {@value #MANDARIN_VOICE}), 175 words per minute, pitch 50, amplitude 100.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** What this engine was built with. */
    EspeakOptions options() {
        return options;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Voice> voices() {
        return voices;
    }

    @Override
    public Call<SynthesisResult> synthesize(String input, Voice voice, SynthesisHandler handler) {
        Objects.requireNonNull(voice, "voice");
        Objects.requireNonNull(handler, "handler");
        List<String> pieces = text.prepare(input);
        String espeakVoice = resolve(voice.id());
        boolean mandarin = MANDARIN_VOICE.equals(espeakVoice);
        return SynthesisCall.start(NAME, executor, handler, call -> {
            call.expectSampleRate(espeak.sampleRate());
            for (String piece : pieces) {
                if (call.isCancelled()) {
                    return;
                }
                String spoken = mandarin ? mandarinText(piece) : piece;
                if (!espeak.speak(espeakVoice, options.parameters(), spoken, call::deliver)) {
                    return;
                }
                log.debug("[TTS/espeak] voice {} spoke {} chars", espeakVoice, piece.length());
            }
        });
    }

    /** Chinese text as espeak-ng's {@code cmn-latn-pinyin} voice reads it: numbers in words, then pinyin. */
    static String mandarinText(String chinese) {
        String words = ChineseNumbers.normalise(chinese);
        StringBuilder plain = new StringBuilder(words.length() + 8);
        for (int i = 0; i < words.length(); i++) {
            char c = words.charAt(i);
            plain.append(PUNCTUATION.getOrDefault(c, String.valueOf(c)));
        }
        return Pinyin.toneNumbered(plain.toString()).replaceAll(" +([,.;:!?])", "$1").replaceAll(" {2,}", " ")
                .strip();
    }

    private String resolve(String id) {
        String wanted = MANDARIN.getOrDefault(id.toLowerCase(Locale.ROOT), id);
        for (String n : espeak.voices()) {
            if (n.equalsIgnoreCase(wanted)) {
                return n;
            }
        }
        throw new IllegalArgumentException("[TTS/espeak] unknown voice '" + id + "'; " + sample(espeak.voices()));
    }

    private static String sample(List<String> names) {
        return "it has " + names.size() + " voices (see `espeak-ng --voices`), for example "
                + String.join(", ", names.stream().filter(n -> n.matches("en-us|en-gb|cmn-latn-pinyin|yue|de|fr|es|ja"))
                .toList());
    }

    @Override
    public void close() {
        EngineThreads.shutdownNow(executor);
    }

    /** Builds an espeak-ng engine; each method checks its value and names itself when it is wrong. */
    public static final class Builder {
        private static final BuilderChecks CHECK = new BuilderChecks(Stage.TTS, NAME, "EspeakSynthesizer.builder()");

        private Path dataPath;
        private String voice = "en-us";
        private final Map<String, String> perLanguage = new LinkedHashMap<>();
        private int speed = 175;
        private int pitch = 50;
        private int amplitude = 100;
        private int wordGap;
        private boolean cleanText = true;
        private int maxChars = 4_000;

        private Builder() {
        }

        /**
         * The default voice, an espeak-ng voice name such as {@code en-us}, {@code de} or {@code cmn-latn-pinyin}
         * ({@code cmn}, {@code zh} and {@code zh-cn} mean the last); checked against the library's voices when the
         * engine is built.
         */
        public Builder voice(String voice) {
            this.voice = CHECK.notBlank("voice(String)", voice);
            return this;
        }

        /**
         * The voice that speaks {@code language} (a BCP 47 tag such as {@code zh}) wherever the text is in it; the
         * rest goes to the default voice. Without one for Chinese, {@value #MANDARIN_VOICE} speaks it.
         */
        public Builder voice(String language, String voice) {
            String method = "voice(String, String)";
            String primary = Voice.primaryLanguage(CHECK.notBlank(method, language));
            if (primary.isEmpty()) {
                throw CHECK.invalid(method, "names no language: give a language tag such as zh or en, got '"
                        + language + "'");
            }
            perLanguage.put(primary, CHECK.notBlank(method, voice));
            return this;
        }

        /** The folder holding {@code espeak-ng-data} (default: the library's own). */
        public Builder dataPath(Path folder) {
            this.dataPath = CHECK.notNull("dataPath(Path)", folder);
            return this;
        }

        /** The speaking rate, 80 to 450 words per minute (default 175). */
        public Builder speed(int wordsPerMinute) {
            this.speed = CHECK.range("speed(int)", wordsPerMinute, 80, 450);
            return this;
        }

        /** The pitch, 0 to 99 (default 50). */
        public Builder pitch(int pitch) {
            this.pitch = CHECK.range("pitch(int)", pitch, 0, 99);
            return this;
        }

        /** The loudness, 0 to 200 (default 100). */
        public Builder amplitude(int amplitude) {
            this.amplitude = CHECK.range("amplitude(int)", amplitude, 0, 200);
            return this;
        }

        /** An extra pause between words, 0 to 100 units of 10 ms (default 0). */
        public Builder wordGap(int tensOfMillis) {
            this.wordGap = CHECK.range("wordGap(int)", tensOfMillis, 0, 100);
            return this;
        }

        /** Whether markdown, emoji and URLs are removed before synthesis (default true). */
        public Builder cleanText(boolean clean) {
            this.cleanText = clean;
            return this;
        }

        /** The longest piece of text synthesized at once, 2 to 16,000 chars (default 4,000); longer text is split. */
        public Builder maxChars(int chars) {
            this.maxChars = CHECK.range("maxChars(int)", chars, 2, 16_000);
            return this;
        }

        /**
         * The engine, routing each language to its voice.
         *
         * @throws ConfigurationException when libespeak-ng is not installed (saying how to install it), or an
         *                                {@link InvalidValueException} naming {@code voice(String)} when the
         *                                default voice is not one it has
         */
        public SpeechSynthesizer build() {
            EspeakOptions options = new EspeakOptions(dataPath == null ? null : dataPath.toString(), voice, speed,
                    pitch, amplitude, wordGap);
            EspeakSynthesizer engine = new EspeakSynthesizer(EspeakNative.load(options.dataPath()), options,
                    new TextPreparation(cleanText, maxChars));
            Map<String, String> routes = new LinkedHashMap<>();
            perLanguage.forEach((language, id) -> routes.put("voice." + language, id));
            if (!engine.defaultVoice().canSpeak("zh")
                    && engine.voices().stream().anyMatch(v -> v.id().equals(MANDARIN_VOICE))) {
                routes.putIfAbsent("voice.zh", MANDARIN_VOICE);
            }
            return MultilingualSynthesizer.perLanguageVoices(engine, routes);
        }
    }
}
