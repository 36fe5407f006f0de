package dev.videochat.api.media;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.video.VideoFrame;

/**
 * Receives the raw audio and frames of a session before encoding, for applications with a transport of their
 * own (WebRTC, a game engine texture). Called on the muxer's thread, in presentation order per stream.
 */
public interface RawMediaSink {

    void onAudio(AudioChunk chunk);

    void onVideo(VideoFrame frame);
}
