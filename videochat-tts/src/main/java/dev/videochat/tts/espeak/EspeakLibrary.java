package dev.videochat.tts.espeak;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The part of libespeak-ng's C API ({@code speak_lib.h}, espeak-ng 1.51) that this engine calls through JNA.
 * espeak-ng keeps global state and is not re-entrant: {@link EspeakNative} serialises every call.
 */
interface EspeakLibrary extends Library {

    /** {@code AUDIO_OUTPUT_SYNCHRONOUS}: {@code espeak_Synth} returns when the text is spoken, audio via callback. */
    int AUDIO_OUTPUT_SYNCHRONOUS = 2;
    /** {@code espeakINITIALIZE_DONT_EXIT}: report errors instead of calling {@code exit()}. */
    int INITIALIZE_DONT_EXIT = 0x8000;
    /** {@code espeakCHARS_UTF8}. */
    int CHARS_UTF8 = 1;
    /** {@code espeakENDPAUSE}: a sentence pause at the end of the text, as the command line has by default. */
    int ENDPAUSE = 0x1000;
    /** {@code POS_CHARACTER}. */
    int POS_CHARACTER = 1;
    /** {@code EE_OK}. */
    int EE_OK = 0;
    /** {@code espeak_PARAMETER} values. */
    int RATE = 1;
    int VOLUME = 2;
    int PITCH = 3;
    int WORDGAP = 7;

    /** Receives synthesized samples; returns 0 to go on, 1 to abort the synthesis. */
    interface SynthCallback extends Callback {
        int invoke(Pointer wav, int numSamples, Pointer events);
    }

    /** @return the sample rate in Hz, or -1 on failure */
    int espeak_Initialize(int output, int bufferMillis, String dataPath, int options);

    void espeak_SetSynthCallback(SynthCallback callback);

    int espeak_SetVoiceByName(String name);

    int espeak_SetParameter(int parameter, int value, int relative);

    int espeak_Synth(byte[] text, NativeLong size, int position, int positionType, int endPosition, int flags,
                     Pointer uniqueIdentifier, Pointer userData);

    /** A NULL-terminated array of {@code espeak_VOICE*}; {@code spec} NULL lists every voice. */
    Pointer espeak_ListVoices(Pointer spec);
}
