package dev.videochat.tts.freetts;

import com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory;
import dev.videochat.api.Call;
import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SynthesisHandler;
import dev.videochat.api.tts.SynthesisResult;
import dev.videochat.api.tts.Voice;
import dev.videochat.core.config.BuilderChecks;
import dev.videochat.core.text.TextLanguages;
import dev.videochat.tts.synthesis.EngineThreads;
import dev.videochat.tts.synthesis.SynthesisCall;
import dev.videochat.tts.text.TextPreparation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;

/**
 * FreeTTS's kevin16 voice inside the JVM. A FreeTTS voice is not thread-safe, so each running synthesis has a
 * voice of its own: at most {@code concurrency} syntheses (by default one per core) run at once, each on a voice
 * taken from a pool; further calls wait their turn in order. One voice is loaded at start, so a missing voice is
 * reported at once and the first call does not pay for loading; more are loaded when calls overlap, and every
 * voice is released at close (one in use then, when its synthesis ends).
 *
 * <pre>{@code
 * SpeechSynthesizer tts = FreeTtsSynthesizer.builder().rate(170).concurrency(2).build();
 * }</pre>
 * The {@code freetts} provider maps its settings onto {@link #builder()}.
 */
public final class FreeTtsSynthesizer implements SpeechSynthesizer {

    static final String NAME = "freetts";
    static final String KEVIN16 = "kevin16";
    private static final Voice VOICE = new Voice(KEVIN16, "en-US");
    private static final Logger log = LoggerFactory.getLogger(FreeTtsSynthesizer.class);
    private static final String NO_VOICE_HINT = "use the TTS provider offline or espeak (VIDEOCHAT_TTS=offline in the "
            + "examples; both need libespeak-ng1: apt-get install -y libespeak-ng1 espeak-ng-data) or a CosyVoice / "
            + "GPT-SoVITS / edge-tts voice";

    /** One loaded FreeTTS voice with the player it writes to. */
    private record LoadedVoice(com.sun.speech.freetts.Voice voice, PcmForwardingPlayer player) {
    }

    private final FreeTtsOptions options;
    private final TextPreparation text;
    private final ExecutorService executor;
    private final ConcurrentLinkedQueue<LoadedVoice> idle = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    FreeTtsSynthesizer(FreeTtsOptions options, TextPreparation text) {
        this.options = options;
        this.text = text;
        this.executor = EngineThreads.executor(NAME, options.concurrency());
        idle.add(load());
    }

    /** A builder starting from the voice's own rate and pitch, full volume and one voice per core. */
    public static Builder builder() {
        return new Builder();
    }

    /** What this engine was built with. */
    FreeTtsOptions options() {
        return options;
    }

    /** How text is prepared before synthesis. */
    TextPreparation text() {
        return text;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Voice> voices() {
        return List.of(VOICE);
    }

    @Override
    public Call<SynthesisResult> synthesize(String input, Voice voice, SynthesisHandler handler) {
        Objects.requireNonNull(voice, "voice");
        Objects.requireNonNull(handler, "handler");
        List<String> pieces = text.prepare(input);
        if (!KEVIN16.equalsIgnoreCase(voice.id())) {
            throw new IllegalArgumentException("[TTS/freetts] unknown voice '" + voice.id()
                    + "'; this engine has only " + KEVIN16 + " (" + VOICE.language() + ")");
        }
        Optional<String> foreign = TextLanguages.standard().languages(input).stream()
                .filter(language -> !VOICE.canSpeak(language) && !TextLanguages.UNDETERMINED.equals(language))
                .findFirst();
        if (foreign.isPresent()) {
            // FreeTTS would drop these characters without a word: say so instead of going silent.
            VideoChatException unspeakable = new VideoChatException(Stage.TTS, NAME, "the freetts voice " + KEVIN16
                    + " speaks English only; the text \"" + excerpt(input) + "\" has "
                    + Locale.forLanguageTag(foreign.get()).getDisplayLanguage(Locale.ENGLISH) + " in it: "
                    + NO_VOICE_HINT);
            return SynthesisCall.start(NAME, executor, handler, call -> {
                throw unspeakable;
            });
        }
        return SynthesisCall.start(NAME, executor, handler, call -> speak(call, pieces));
    }

    private static String excerpt(String text) {
        String t = text.strip();
        return t.codePointCount(0, t.length()) <= 24 ? t : t.substring(0, t.offsetByCodePoints(0, 24)) + "…";
    }

    private void speak(SynthesisCall call, List<String> pieces) {
        call.expectSampleRate(16_000);
        LoadedVoice loaded = idle.poll();
        if (loaded == null) {
            loaded = load();
        }
        boolean broken = false;
        try {
            for (String piece : pieces) {
                if (call.isCancelled()) {
                    return;
                }
                loaded.player().attach(call);
                boolean spoken;
                try {
                    spoken = loaded.voice().speak(piece);
                } catch (Throwable e) {
                    // FreeTTS failed inside: the voice's state is unknown, so it is not used again.
                    broken = true;
                    throw e;
                } finally {
                    Throwable failure = loaded.player().detach();
                    if (failure != null) {
                        throw failure instanceof RuntimeException r ? r
                                : new VideoChatException(Stage.TTS, NAME, "delivering audio failed: " + failure, failure);
                    }
                }
                if (!spoken && !call.isCancelled()) {
                    throw new VideoChatException(Stage.TTS, NAME, "FreeTTS could not speak a piece of "
                            + piece.length() + " chars");
                }
            }
        } finally {
            release(loaded, !broken);
        }
    }

    /** Puts a voice back in the pool, or frees it when the engine is closed or the voice failed. */
    private void release(LoadedVoice voice, boolean reusable) {
        if (!reusable || closed) {
            free(voice);
            return;
        }
        idle.add(voice);
        if (closed && idle.remove(voice)) {
            free(voice); // close() drained the pool before this voice came back
        }
    }

    private static void free(LoadedVoice voice) {
        try {
            voice.voice().deallocate();
        } catch (RuntimeException e) {
            log.warn("[TTS/freetts] releasing a voice failed", e);
        }
    }

    private LoadedVoice load() {
        com.sun.speech.freetts.Voice voice = null;
        for (com.sun.speech.freetts.Voice v : new KevinVoiceDirectory().getVoices()) {
            if (KEVIN16.equals(v.getName())) {
                voice = v;
            }
        }
        if (voice == null) {
            throw new ConfigurationException(Stage.TTS, NAME, "the FreeTTS jar has no " + KEVIN16
                    + " voice; use net.sf.sociaal:freetts:1.2.2");
        }
        long start = System.nanoTime();
        voice.allocate();
        if (!Float.isNaN(options.rate())) {
            voice.setRate(options.rate());
        }
        if (!Float.isNaN(options.pitch())) {
            voice.setPitch(options.pitch());
        }
        if (!Float.isNaN(options.pitchRange())) {
            voice.setPitchRange(options.pitchRange());
        }
        voice.setVolume(options.volume());
        PcmForwardingPlayer player = new PcmForwardingPlayer();
        voice.setAudioPlayer(player);
        log.debug("[TTS/freetts] loaded voice {} in {} ms", KEVIN16, (System.nanoTime() - start) / 1_000_000);
        return new LoadedVoice(voice, player);
    }

    @Override
    public void close() {
        closed = true;
        EngineThreads.shutdownNow(executor);
        LoadedVoice v;
        while ((v = idle.poll()) != null) {
            free(v);
        }
    }

    /** Builds a {@link FreeTtsSynthesizer}; each method checks its value and names itself when it is wrong. */
    public static final class Builder {
        private static final BuilderChecks CHECK = new BuilderChecks(Stage.TTS, NAME, "FreeTtsSynthesizer.builder()");

        private float rate = Float.NaN;
        private float pitch = Float.NaN;
        private float pitchRange = Float.NaN;
        private float volume = 1;
        private int concurrency = FreeTtsOptions.defaultConcurrency();
        private boolean cleanText = true;
        private int maxChars = 1_000;

        private Builder() {
        }

        /** The voice: only {@code kevin16} (en-US) is there, so any other name is refused. */
        public Builder voice(String voice) {
            String name = CHECK.notBlank("voice(String)", voice);
            if (!name.equalsIgnoreCase(KEVIN16)) {
                throw CHECK.invalid("voice(String)", "names '" + name + "', a voice this engine does not have; its "
                        + "only voice is " + KEVIN16 + " (en-US)");
            }
            return this;
        }

        /** The speaking rate, 50 to 400 words per minute (default the voice's own, 150). */
        public Builder rate(double wordsPerMinute) {
            this.rate = (float) CHECK.range("rate(double)", wordsPerMinute, 50, 400);
            return this;
        }

        /** The baseline pitch, 50 to 300 Hz (default the voice's own, 100). */
        public Builder pitch(double hz) {
            this.pitch = (float) CHECK.range("pitch(double)", hz, 50, 300);
            return this;
        }

        /** The pitch variation, 0 to 100 Hz (default the voice's own). */
        public Builder pitchRange(double hz) {
            this.pitchRange = (float) CHECK.range("pitchRange(double)", hz, 0, 100);
            return this;
        }

        /** The output gain, 0 to 1 (default 1). */
        public Builder volume(double gain) {
            this.volume = (float) CHECK.range("volume(double)", gain, 0, 1);
            return this;
        }

        /**
         * Syntheses run at once, each with its own voice, 1 to 256 (default the number of cores: synthesis is
         * CPU-bound, so one voice per core uses the machine).
         */
        public Builder concurrency(int voices) {
            this.concurrency = CHECK.range("concurrency(int)", voices, 1, FreeTtsOptions.MAX_CONCURRENCY);
            return this;
        }

        /** Whether markdown, emoji and URLs are removed before synthesis (default true). */
        public Builder cleanText(boolean clean) {
            this.cleanText = clean;
            return this;
        }

        /** The longest piece of text synthesized at once, 2 to 100,000 chars (default 1,000); longer text is split. */
        public Builder maxChars(int chars) {
            this.maxChars = CHECK.range("maxChars(int)", chars, 2, 100_000);
            return this;
        }

        /**
         * The engine, with one voice loaded.
         *
         * @throws ConfigurationException when the kevin16 voice is not on the class path
         */
        public SpeechSynthesizer build() {
            return new FreeTtsSynthesizer(new FreeTtsOptions(rate, pitch, pitchRange, volume, concurrency),
                    new TextPreparation(cleanText, maxChars));
        }
    }
}
