package dev.videochat.api.thg;

import dev.videochat.api.video.VideoFrame;

/** Receives rendered frames, one at a time, in order. It may block (back-pressure). */
@FunctionalInterface
public interface FrameSink {

    void accept(VideoFrame frame) throws InterruptedException;
}
