package dev.videochat.tts.espeak;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.api.audio.AudioChunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * libespeak-ng loaded once per JVM and initialised for synchronous output: {@code espeak_Synth} returns when the
 * text is spoken, and the samples come to a callback on the calling thread in blocks of {@value #BLOCK_MILLIS} ms,
 * which is what lets a synthesis stream and stop early. espeak-ng keeps global state and is not re-entrant, so
 * every call into it holds this class's lock: syntheses from all engines of the JVM run one at a time.
 */
final class EspeakNative {

    static final String INSTALL_HINT = "install it with `apt-get install -y libespeak-ng1 espeak-ng-data` "
            + "(Debian/Ubuntu), `brew install espeak-ng` (macOS), or point jna.library.path at libespeak-ng";
    private static final Logger log = LoggerFactory.getLogger(EspeakNative.class);
    private static final int BLOCK_MILLIS = 100;
    private static final Object LOCK = new Object();
    private static volatile EspeakNative instance;
    private static volatile Throwable loadFailure;

    /** Where one synthesis's samples go; returning {@code false} aborts it. */
    @FunctionalInterface
    interface Sink {
        boolean accept(AudioChunk chunk) throws Exception;
    }

    /** Speaking parameters, as espeak-ng takes them. */
    record Parameters(int wordsPerMinute, int pitch, int amplitude, int wordGap) {
    }

    private final EspeakLibrary lib;
    private final int sampleRate;
    private final List<String> voices;
    // The one callback espeak-ng knows; a strong reference, or the GC would free it under espeak-ng. Under LOCK.
    private final EspeakLibrary.SynthCallback callback;
    private Sink sink;
    private Exception sinkFailure;

    private EspeakNative(EspeakLibrary lib, int sampleRate) {
        this.lib = lib;
        this.sampleRate = sampleRate;
        this.callback = this::receive;
        lib.espeak_SetSynthCallback(callback);
        this.voices = listVoices(lib);
    }

    /** Whether libespeak-ng can be loaded and initialised here. */
    static boolean isAvailable() {
        try {
            load(null);
            return true;
        } catch (ConfigurationException e) {
            return false;
        }
    }

    /**
     * The library, loaded and initialised on first use with {@code dataPath} (null: the library's own
     * espeak-ng-data). The data path of the first call holds for the life of the JVM.
     *
     * @throws ConfigurationException saying what to install when the library is missing or cannot start
     */
    static EspeakNative load(String dataPath) {
        EspeakNative loaded = instance;
        if (loaded != null) {
            return loaded;
        }
        synchronized (LOCK) {
            if (instance != null) {
                return instance;
            }
            if (loadFailure != null) {
                throw missing(loadFailure);
            }
            EspeakLibrary lib;
            try {
                lib = Native.load("espeak-ng", EspeakLibrary.class);
            } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
                loadFailure = e;
                throw missing(e);
            }
            int rate = lib.espeak_Initialize(EspeakLibrary.AUDIO_OUTPUT_SYNCHRONOUS, BLOCK_MILLIS, dataPath,
                    EspeakLibrary.INITIALIZE_DONT_EXIT);
            if (rate <= 0) {
                throw new ConfigurationException(Stage.TTS, EspeakSynthesizer.NAME, "libespeak-ng was found but could "
                        + "not start (espeak_Initialize returned " + rate + "): its voice data is missing or unreadable"
                        + (dataPath == null ? "" : " at '" + dataPath + "'") + "; " + INSTALL_HINT);
            }
            instance = new EspeakNative(lib, rate);
            log.info("[TTS/espeak] libespeak-ng loaded in-process: {} Hz, {} voices", rate, instance.voices.size());
            return instance;
        }
    }

    private static ConfigurationException missing(Throwable cause) {
        return new ConfigurationException(Stage.TTS, EspeakSynthesizer.NAME, "libespeak-ng is not installed ("
                + cause.getMessage().lines().findFirst().orElse("") + "); " + INSTALL_HINT, cause);
    }

    /** The output rate in Hz (22,050 for espeak-ng's own voices). */
    int sampleRate() {
        return sampleRate;
    }

    /** The voice names (each voice's first language, as in {@code espeak-ng --voices}), in espeak-ng's order. */
    List<String> voices() {
        return voices;
    }

    /**
     * Speaks {@code text} with {@code voice}, passing its samples to {@code sink} as they are made; waits while
     * another synthesis runs.
     *
     * @return whether it ran to the end ({@code false} when the sink stopped it)
     * @throws Exception what the sink threw, or a failure of espeak-ng
     */
    boolean speak(String voice, Parameters parameters, String text, Sink target) throws Exception {
        byte[] utf8 = (text + "\0").getBytes(StandardCharsets.UTF_8);
        synchronized (LOCK) {
            check(lib.espeak_SetVoiceByName(voice), "setting voice " + voice);
            lib.espeak_SetParameter(EspeakLibrary.RATE, parameters.wordsPerMinute(), 0);
            lib.espeak_SetParameter(EspeakLibrary.PITCH, parameters.pitch(), 0);
            lib.espeak_SetParameter(EspeakLibrary.VOLUME, parameters.amplitude(), 0);
            lib.espeak_SetParameter(EspeakLibrary.WORDGAP, parameters.wordGap(), 0);
            sink = target;
            sinkFailure = null;
            boolean completed;
            try {
                check(lib.espeak_Synth(utf8, new NativeLong(utf8.length), 0, EspeakLibrary.POS_CHARACTER, 0,
                        EspeakLibrary.CHARS_UTF8 | EspeakLibrary.ENDPAUSE, null, null), "synthesizing");
                completed = sink != null; // receive() clears it when the sink stops the synthesis
            } finally {
                sink = null;
            }
            if (sinkFailure != null) {
                throw sinkFailure;
            }
            return completed;
        }
    }

    /** espeak-ng's callback, on the thread inside {@code espeak_Synth} (which holds LOCK). */
    private int receive(Pointer wav, int numSamples, Pointer events) {
        Sink target = sink;
        if (target == null) {
            return 1;
        }
        if (wav == null || numSamples <= 0) {
            return 0;
        }
        try {
            if (target.accept(new AudioChunk(wav.getShortArray(0, numSamples), sampleRate))) {
                return 0;
            }
        } catch (Exception e) {
            sinkFailure = e; // thrown on from speak(); an exception must not cross into C
        } catch (Error e) {
            sinkFailure = new IllegalStateException("delivering espeak-ng's audio failed: " + e, e);
        }
        sink = null;
        return 1;
    }

    private void check(int error, String what) {
        if (error != EspeakLibrary.EE_OK) {
            throw new IllegalStateException("espeak-ng failed " + what + " (espeak_ERROR " + error + ")");
        }
    }

    private static List<String> listVoices(EspeakLibrary lib) {
        Pointer array = lib.espeak_ListVoices(null);
        Set<String> names = new LinkedHashSet<>();
        if (array == null) {
            return List.of();
        }
        for (int i = 0; ; i++) {
            Pointer voice = array.getPointer((long) i * Native.POINTER_SIZE);
            if (voice == null) {
                break;
            }
            firstLanguage(voice.getPointer(Native.POINTER_SIZE)).ifPresent(names::add);
        }
        return List.copyOf(new ArrayList<>(names));
    }

    /** The first language of an {@code espeak_VOICE.languages} list: a priority byte, a NUL-terminated name, ... */
    private static Optional<String> firstLanguage(Pointer languages) {
        if (languages == null || languages.getByte(0) == 0) {
            return Optional.empty();
        }
        String name = languages.getString(1, StandardCharsets.UTF_8.name());
        return name.isBlank() ? Optional.empty() : Optional.of(name);
    }
}
