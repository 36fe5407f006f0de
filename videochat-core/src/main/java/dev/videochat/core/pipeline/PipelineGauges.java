package dev.videochat.core.pipeline;

import dev.videochat.api.Stage;

import java.util.OptionalInt;

/**
 * The levels of one engine, read on demand from any thread: what a metrics registry samples at each scrape. A
 * read copies the list of open sessions and takes each running turn's queue lock for a moment, as a stage putting
 * an item does. A {@link PipelineObserver} is handed these when its engine is built.
 */
public interface PipelineGauges {

    /** Sessions open now. */
    int openSessions();

    /** Sessions opened since the engine was built (a count that only grows). */
    long sessionsOpened();

    /**
     * Video frames written to the muxers of every session since the engine was built, a count that only grows:
     * the turns' frames, a live session's idle frames between turns, and the idle frames that pad a stopped turn's
     * video to its audio. Its rate is the engine's output in frames per second.
     */
    long framesWritten();

    /**
     * Items waiting, in every running turn, in the queue in front of {@code stage}: {@link Stage#TTS} (text
     * packets), {@link Stage#THG} (audio chunks and word timings) or {@link Stage#MUX} (audio chunks and frames).
     * 0 between turns: a turn's queues end with it.
     *
     * @throws IllegalArgumentException for any other stage
     */
    int queuedItems(Stage stage);

    /**
     * The bytes of audio, pixels and text held by the queues of {@link #queuedItems} (what each queue's byte
     * bound, {@link VideoChatEngine.Builder#mediaQueueBytes}, counts).
     *
     * @throws IllegalArgumentException for any stage but TTS, THG and MUX
     */
    long queuedBytes(Stage stage);

    /** The talking head's {@link dev.videochat.api.thg.TalkingHead#spareSessions()}: more sessions it takes now. */
    OptionalInt spareTalkingHeadSessions();
}
