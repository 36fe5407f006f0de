package dev.videochat.core.tts;

import dev.videochat.api.Call;
import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SynthesisHandler;
import dev.videochat.api.tts.SynthesisResult;
import dev.videochat.api.tts.Voice;
import dev.videochat.core.text.LanguageRun;
import dev.videochat.core.text.TextLanguages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A synthesizer that speaks each language with the voice configured for it, across engines: every packet is cut
 * into runs by script ({@link TextLanguages}), so a Latin word inside a Chinese sentence goes to the English voice,
 * and the runs are synthesized one after another into one stream of audio at one rate.
 *
 * <pre>{@code
 * SpeechSynthesizer tts = MultilingualSynthesizer.builder()
 *         .voice("en", freetts, freetts.defaultVoice())
 *         .voice("zh", espeak, mandarin)
 *         .build();
 * }</pre>
 *
 * <p>The voice given to {@link #synthesize} (the session's; any voice of the engines routed to) speaks every run in
 * a language it can speak; other
 * runs go to the voice configured for their language, or else to any configured voice that speaks it (a CosyVoice
 * Chinese voice also reads English). A run no voice can speak fails the synthesis with a
 * {@link VideoChatException} that names the voice, the language found and what to configure; nothing is spoken
 * then. Numbers alone go to the session's voice. Text without any speakable language (emoji only) goes to the
 * session's voice as it is, whose engine drops it.
 *
 * <p>Thread-safe. Closing it closes every engine it routes to.
 */
public final class MultilingualSynthesizer implements SpeechSynthesizer {

    private static final Logger log = LoggerFactory.getLogger(MultilingualSynthesizer.class);
    private static final int EXCERPT_CHARS = 24;

    /** An engine and the voice of it that speaks one language. */
    private record Route(SpeechSynthesizer synthesizer, Voice voice) {
    }

    private final Map<String, Route> routes;
    private final Route defaultRoute;
    private final List<Voice> voices;
    private final TextLanguages languages;
    private final int sampleRate;
    private final String name;
    private final String hint;

    private MultilingualSynthesizer(Builder b) {
        this.routes = Map.copyOf(b.routes);
        this.defaultRoute = b.routes.get(b.defaultLanguage != null ? b.defaultLanguage
                : b.routes.keySet().iterator().next());
        if (defaultRoute == null) {
            throw new IllegalArgumentException("the default language '" + b.defaultLanguage + "' has no voice; "
                    + "configured: " + b.routes.keySet());
        }
        List<Voice> list = new ArrayList<>();
        list.add(defaultRoute.voice());
        b.routes.values().stream().map(Route::voice).filter(v -> !list.contains(v)).forEach(list::add);
        this.voices = List.copyOf(list);
        this.languages = b.languages;
        this.sampleRate = b.sampleRate;
        this.name = String.join("+", engines(b.routes.values()).stream().map(SpeechSynthesizer::name).distinct()
                .toList());
        this.hint = b.hint;
    }

    /** A builder; at least one voice must be added. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Wraps {@code engine} so that settings {@code voice.<language>} (for example {@code voice.zh}, {@code voice.en})
     * pick the engine's voice for each language; the engine's default voice speaks the rest. Without such settings
     * the engine is returned as it is.
     *
     * @param engine   the engine, owned by the result from now on
     * @param settings the engine's settings; only keys {@code voice.<language>} (or {@code voice-<language>}, as an
     *                 environment variable {@code ..._VOICE_ZH} arrives) are read, their values are voice ids
     * @throws dev.videochat.api.ConfigurationException when a key names no language
     */
    public static SpeechSynthesizer perLanguageVoices(SpeechSynthesizer engine, Map<String, String> settings) {
        Objects.requireNonNull(engine, "engine");
        Map<String, String> perLanguage = new LinkedHashMap<>();
        settings.forEach((key, id) -> {
            if (key != null && (key.startsWith("voice.") || key.startsWith("voice-")) && id != null && !id.isBlank()) {
                String language = Voice.primaryLanguage(key.substring("voice.".length()));
                if (language.isEmpty()) {
                    throw new dev.videochat.api.ConfigurationException(Stage.TTS, engine.name(), "setting '" + key
                            + "' names no language: use voice.<language>, for example voice.zh or voice.en");
                }
                perLanguage.put(language, id.strip());
            }
        });
        if (perLanguage.isEmpty()) {
            return engine;
        }
        Voice fallback = engine.defaultVoice();
        Builder builder = builder().voice(Voice.primaryLanguage(fallback.language()), engine, fallback);
        perLanguage.forEach((language, id) -> builder.voice(language, engine, engine.voices().stream()
                .filter(v -> v.id().equalsIgnoreCase(id)).findFirst().orElse(new Voice(id, language))));
        return builder.defaultLanguage(Voice.primaryLanguage(fallback.language())).build();
    }

    @Override
    public String name() {
        return name;
    }

    /** The voices routed to, the default language's first. */
    @Override
    public List<Voice> voices() {
        return voices;
    }

    /** The languages that have a voice, as primary subtags. */
    public Set<String> languages() {
        return new TreeSet<>(routes.keySet());
    }

    @Override
    public Call<SynthesisResult> synthesize(String text, Voice voice, SynthesisHandler handler) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(voice, "voice");
        Objects.requireNonNull(handler, "handler");
        if (text.isBlank()) {
            throw new IllegalArgumentException("[TTS/" + name + "] text must not be blank");
        }
        Route session = sessionRoute(voice);
        List<LanguageRun> runs = languages.runs(text);
        List<RoutedSynthesis.Segment> segments = new ArrayList<>();
        if (runs.isEmpty()) {
            segments.add(new RoutedSynthesis.Segment(session.synthesizer(), session.voice(), text));
        }
        for (LanguageRun run : runs) {
            Route route = choose(run.language(), session);
            if (route == null) {
                return RoutedSynthesis.failed(name, noVoice(session, run, text), handler);
            }
            int last = segments.size() - 1;
            if (last >= 0 && segments.get(last).voice().equals(route.voice())
                    && segments.get(last).synthesizer() == route.synthesizer()) {
                RoutedSynthesis.Segment before = segments.remove(last);
                segments.add(new RoutedSynthesis.Segment(before.synthesizer(), before.voice(),
                        before.text() + run.text()));
            } else {
                segments.add(new RoutedSynthesis.Segment(route.synthesizer(), route.voice(), run.text()));
            }
        }
        if (segments.size() > 1 && log.isDebugEnabled()) {
            log.debug("[TTS/{}] {} runs: {}", name, segments.size(), segments.stream()
                    .map(s -> s.synthesizer().name() + "/" + s.voice().id() + " " + s.text().length() + " chars")
                    .toList());
        }
        return RoutedSynthesis.start(name, segments, handler, sampleRate);
    }

    /**
     * The route of the session's voice: the route with that voice (or its id); else that voice of whichever engine
     * lists it; else the voice as given, on the default language's engine.
     */
    private Route sessionRoute(Voice voice) {
        for (Route r : routes.values()) {
            if (r.voice().equals(voice)) {
                return r;
            }
        }
        for (Route r : routes.values()) {
            if (r.voice().id().equals(voice.id())) {
                return r;
            }
        }
        for (SpeechSynthesizer engine : engines(routes.values())) {
            for (Voice listed : engine.voices()) {
                if (listed.id().equalsIgnoreCase(voice.id())) {
                    return new Route(engine, listed);
                }
            }
        }
        return new Route(defaultRoute.synthesizer(), voice);
    }

    private Route choose(String language, Route session) {
        if (TextLanguages.UNDETERMINED.equals(language) || session.voice().canSpeak(language)) {
            return session;
        }
        Route configured = routes.get(language);
        if (configured != null) {
            return configured;
        }
        for (Route r : routes.values()) {
            if (r.voice().canSpeak(language)) {
                return r;
            }
        }
        return null;
    }

    private VideoChatException noVoice(Route session, LanguageRun run, String text) {
        Voice voice = session.voice();
        String spoken = voice.speaks().isEmpty() ? "no known language"
                : String.join(" and ", voice.speaks().stream().map(MultilingualSynthesizer::languageName).toList())
                + " only";
        String what = runs(text) > 1 ? "the text \"" + excerpt(text) + "\" has " + languageName(run.language())
                + " in it (\"" + excerpt(run.text()) + "\")"
                : "the text \"" + excerpt(text) + "\" is " + languageName(run.language());
        String message = "the " + session.synthesizer().name() + " voice " + voice.id() + " speaks " + spoken + "; "
                + what + ": " + (hint != null ? hint : defaultHint(run.language()));
        return new VideoChatException(Stage.TTS, session.synthesizer().name(), message);
    }

    private int runs(String text) {
        return languages.runs(text).size();
    }

    private String defaultHint(String language) {
        return "configure a voice for " + languageName(language) + " (MultilingualSynthesizer.builder().voice(\""
                + language + "\", ...), or the engine setting voice." + language + ")"
                + ("zh".equals(language) ? ", for example espeak-ng's offline Mandarin (needs libespeak-ng1: "
                + "apt-get install -y libespeak-ng1 espeak-ng-data) or a CosyVoice / GPT-SoVITS / edge-tts voice" : "");
    }

    /** The English name of a language subtag ("Chinese" for {@code zh}). */
    static String languageName(String language) {
        String display = Locale.forLanguageTag(language).getDisplayLanguage(Locale.ENGLISH);
        return display.isEmpty() ? language : display;
    }

    private static String excerpt(String text) {
        String t = text.strip();
        return t.codePointCount(0, t.length()) <= EXCERPT_CHARS ? t
                : t.substring(0, t.offsetByCodePoints(0, EXCERPT_CHARS)) + "…";
    }

    private static List<SpeechSynthesizer> engines(Iterable<Route> routes) {
        Map<SpeechSynthesizer, Boolean> seen = new IdentityHashMap<>();
        List<SpeechSynthesizer> list = new ArrayList<>();
        for (Route r : routes) {
            if (seen.put(r.synthesizer(), Boolean.TRUE) == null) {
                list.add(r.synthesizer());
            }
        }
        return list;
    }

    /** Closes every engine routed to, once each. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (SpeechSynthesizer engine : engines(routes.values())) {
            try {
                engine.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Builds a {@link MultilingualSynthesizer}. */
    public static final class Builder {
        private final Map<String, Route> routes = new LinkedHashMap<>();
        private String defaultLanguage;
        private TextLanguages languages = TextLanguages.standard();
        private int sampleRate;
        private String hint;

        private Builder() {
        }

        /**
         * Speaks {@code language} with {@code voice} of {@code synthesizer}; the first language added is the default
         * unless {@link #defaultLanguage} says otherwise. The same engine may serve several languages.
         *
         * @param language a BCP 47 tag; only its primary subtag counts ({@code "zh-CN"} is {@code "zh"})
         */
        public Builder voice(String language, SpeechSynthesizer synthesizer, Voice voice) {
            String primary = Voice.primaryLanguage(Objects.requireNonNull(language, "language"));
            if (primary.isEmpty()) {
                throw new IllegalArgumentException("not a language tag: '" + language + "'");
            }
            routes.put(primary, new Route(Objects.requireNonNull(synthesizer, "synthesizer"),
                    Objects.requireNonNull(voice, "voice")));
            return this;
        }

        /** The language whose voice is the default (the session's voice unless it picks another). */
        public Builder defaultLanguage(String language) {
            this.defaultLanguage = Voice.primaryLanguage(Objects.requireNonNull(language, "language"));
            return this;
        }

        /** How Latin script is read (default: {@link TextLanguages#standard()}, English). */
        public Builder languages(TextLanguages languages) {
            this.languages = Objects.requireNonNull(languages, "languages");
            return this;
        }

        /** The rate of the audio delivered, in Hz; by default the rate of the first audio of each synthesis. */
        public Builder sampleRate(int hz) {
            AudioChunk.checkRate(hz);
            this.sampleRate = hz;
            return this;
        }

        /** What the failure for text no voice can speak tells the user to do (for example which setting to set). */
        public Builder whenNoVoice(String hint) {
            this.hint = Objects.requireNonNull(hint, "hint");
            return this;
        }

        /** @throws IllegalArgumentException when no voice was added, or the default language has none */
        public MultilingualSynthesizer build() {
            if (routes.isEmpty()) {
                throw new IllegalArgumentException("a MultilingualSynthesizer needs at least one voice");
            }
            return new MultilingualSynthesizer(this);
        }
    }
}
