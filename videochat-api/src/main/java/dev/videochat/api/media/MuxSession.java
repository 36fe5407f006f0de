package dev.videochat.api.media;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.video.VideoFrame;

/**
 * One session's encoder and muxer. Audio is the master clock: presentation times derive from the number of
 * samples written, so audio and video stay aligned across packets and turns. Not thread-safe: the pipeline's
 * mux stage drives it from one thread. Closing it finishes the stream (final files, playlists).
 */
public interface MuxSession extends AutoCloseable {

    /** The format it was opened with. */
    MediaFormat format();

    /**
     * Writes audio at the session's sample rate.
     *
     * @throws IllegalArgumentException when the chunk holds no samples or is at another rate than the session's
     */
    void writeAudio(AudioChunk chunk);

    /** Writes the next video frame. */
    void writeVideo(VideoFrame frame);

    /**
     * Ends the current packet: what was written so far is encoded and handed to the segment sink now, so it can
     * play while the next packet is still being made.
     */
    void endPacket();

    @Override
    void close();
}
