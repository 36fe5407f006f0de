package dev.videochat.tts.offline;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.core.config.BuilderChecks;
import dev.videochat.core.config.InvalidValueException;
import dev.videochat.core.config.Settings;
import dev.videochat.core.tts.MultilingualSynthesizer;
import dev.videochat.tts.espeak.EspeakProvider;
import dev.videochat.tts.espeak.EspeakSynthesizer;
import dev.videochat.tts.freetts.FreeTtsProvider;
import dev.videochat.tts.freetts.FreeTtsSynthesizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The voices that need no server: English by FreeTTS (inside the JVM, always there) and Chinese by espeak-ng's
 * Mandarin in-process where libespeak-ng1 is installed, routed per language run
 * ({@link MultilingualSynthesizer}), so a Chinese sentence with an English word in it is spoken by both. Without the
 * library, Chinese text fails with a message that says what to install.
 *
 * <pre>{@code
 * SpeechSynthesizer tts = OfflineVoices.builder()
 *         .freeTts(english -> english.rate(170))
 *         .espeak(mandarin -> mandarin.speed(160))
 *         .build();
 * }</pre>
 */
public final class OfflineVoices {

    static final String NAME = "offline";
    static final String NO_VOICE_HINT = "for Chinese install libespeak-ng1 (apt-get install -y libespeak-ng1 "
            + "espeak-ng-data), which the offline voices then use for Mandarin; or use a CosyVoice / GPT-SoVITS / "
            + "edge-tts voice (VIDEOCHAT_TTS=cosyvoice, gpt-sovits or edge-tts in the examples)";
    /**
     * The provider's keys: {@code voice}, and each engine's own under its prefix (dotted, or dashed as an
     * environment variable sends them).
     */
    static final Set<String> SETTINGS = Set.of("voice", "freetts.*", "freetts-*", "espeak.*", "espeak-*");
    private static final String MANDARIN = "cmn-latn-pinyin";
    private static final Logger log = LoggerFactory.getLogger(OfflineVoices.class);

    private OfflineVoices() {
    }

    /** The offline voices with every setting at its default. */
    public static SpeechSynthesizer create() {
        return builder().build();
    }

    /**
     * The offline voices from the provider's settings: {@code voice}, and settings prefixed {@code freetts.} and
     * {@code espeak.} for each engine (for example {@code freetts.rate}, {@code espeak.speed}; {@code espeak-speed}
     * as well, which is how an environment variable {@code ..._ESPEAK_SPEED} arrives), mapped onto
     * {@link #builder()}.
     *
     * @throws ConfigurationException for an unknown key (naming it with its prefix) or a bad value
     */
    public static SpeechSynthesizer create(Map<String, String> settings) {
        Settings s = Settings.of(Stage.TTS, NAME, dotted(settings), SETTINGS);
        Settings english = s.under("freetts.", new FreeTtsProvider().settingNames());
        Settings mandarin = s.under("espeak.", new EspeakProvider().settingNames());
        Builder builder = builder()
                .freeTts(b -> FreeTtsProvider.configure(english, b))
                .espeak(b -> EspeakProvider.configure(mandarin, b));
        s.ifSet("voice", builder::voice);
        return s.build(builder::build, Map.of("voice(String)", "voice"));
    }

    /** A builder: FreeTTS and espeak-ng at their defaults, espeak-ng speaking Mandarin. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code freetts-rate} as {@code freetts.rate}: the keys of both spellings are one. */
    private static Map<String, String> dotted(Map<String, String> settings) {
        Map<String, String> out = new HashMap<>();
        settings.forEach((k, v) -> {
            if (k != null && (k.startsWith("freetts-") || k.startsWith("espeak-"))) {
                out.put(k.replaceFirst("-", "."), v);
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Builds the offline voices; each method checks its value and names itself when it is wrong. */
    public static final class Builder {
        private static final BuilderChecks CHECK = new BuilderChecks(Stage.TTS, NAME, "OfflineVoices.builder()");

        private String voice = "";
        private final List<Consumer<FreeTtsSynthesizer.Builder>> english = new ArrayList<>();
        private final List<Consumer<EspeakSynthesizer.Builder>> mandarin = new ArrayList<>();

        private Builder() {
        }

        /**
         * The voice to speak with: {@code kevin16} for English (the default), or an espeak-ng voice such as
         * {@code cmn-latn-pinyin}, which then speaks the Chinese runs; checked when the engine is built.
         */
        public Builder voice(String voice) {
            this.voice = CHECK.notBlank("voice(String)", voice);
            return this;
        }

        /** Configures the English engine, FreeTTS (rate, pitch, concurrency, ...). */
        public Builder freeTts(Consumer<FreeTtsSynthesizer.Builder> configure) {
            english.add(CHECK.notNull("freeTts(Consumer)", configure));
            return this;
        }

        /** Configures the Mandarin engine, espeak-ng, whose voice starts as {@code cmn-latn-pinyin}. */
        public Builder espeak(Consumer<EspeakSynthesizer.Builder> configure) {
            mandarin.add(CHECK.notNull("espeak(Consumer)", configure));
            return this;
        }

        /**
         * The voices: FreeTTS always, espeak-ng's Mandarin when libespeak-ng1 is installed.
         *
         * @throws InvalidValueException naming {@code voice(String)} when no offline voice has that name
         */
        public SpeechSynthesizer build() {
            FreeTtsSynthesizer.Builder freeTts = FreeTtsSynthesizer.builder();
            english.forEach(c -> c.accept(freeTts));
            SpeechSynthesizer englishVoice = freeTts.build();
            MultilingualSynthesizer.Builder voices = MultilingualSynthesizer.builder()
                    .voice("en", englishVoice, englishVoice.defaultVoice())
                    .whenNoVoice(NO_VOICE_HINT);
            boolean namedIsEnglish = englishVoice.voices().stream().anyMatch(v -> v.id().equalsIgnoreCase(voice));
            boolean namedElse = !voice.isEmpty() && !namedIsEnglish;
            if (EspeakProvider.isAvailable()) {
                SpeechSynthesizer mandarinVoice;
                try {
                    EspeakSynthesizer.Builder espeak = EspeakSynthesizer.builder().voice(MANDARIN);
                    mandarin.forEach(c -> c.accept(espeak));
                    if (namedElse) {
                        espeak.voice(voice);
                    }
                    mandarinVoice = espeak.build();
                } catch (ConfigurationException e) {
                    englishVoice.close();
                    if (namedElse) {
                        throw unknownVoice("kevin16 (English), cmn-latn-pinyin and the other espeak-ng voices");
                    }
                    throw e;
                } catch (RuntimeException e) {
                    englishVoice.close();
                    throw e;
                }
                voices.voice("zh", mandarinVoice, mandarinVoice.defaultVoice());
            } else if (namedElse) {
                englishVoice.close();
                throw unknownVoice("kevin16 (English; cmn-latn-pinyin too once libespeak-ng1 is installed)");
            } else {
                log.info("[TTS/offline] libespeak-ng is not installed: English only (apt-get install -y libespeak-ng1 "
                        + "espeak-ng-data for Mandarin)");
            }
            return voices.build();
        }

        private InvalidValueException unknownVoice(String known) {
            return CHECK.invalid("voice(String)", "names '" + voice + "', which no offline voice is; the offline "
                    + "voices are " + Objects.requireNonNull(known));
        }
    }
}
