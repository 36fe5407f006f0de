package dev.videochat.api.asr;

/** Receives a streaming recognition's results, one callback at a time, in order. */
public interface TranscriptHandler {

    /** The current hypothesis for the utterance in progress; it may still change. */
    void onPartial(String text);

    /** A finished utterance (the server or the local VAD decided it ended). */
    void onFinal(Transcript transcript);
}
