package dev.videochat.api.media;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.video.VideoFrame;

/**
 * Receives the raw audio and frames of a session before encoding, for applications with a transport of their
 * own (WebRTC, a game engine texture). Called on the muxer's thread, in presentation order per stream. Keep it
 * quick and never block: unlike the engines' handlers it is not a point of back-pressure (a live stream is paced by
 * the wall clock), so it buffers what it cannot pass on at once and declares no {@link InterruptedException}.
 */
public interface RawMediaSink {

    void onAudio(AudioChunk chunk);

    void onVideo(VideoFrame frame);

    /**
     * The running turn was cancelled (a Stop, a barge-in, a new question): drop whatever media this sink still holds
     * and has not played, so the user stops hearing and seeing the answer at once; the stream goes on with what comes
     * next. Called once per cancel, from the cancelling thread, possibly while the writing thread is inside
     * {@link #onAudio} or {@link #onVideo}. Sinks that hold nothing ignore it (the default).
     */
    default void discardPending() {
    }
}
