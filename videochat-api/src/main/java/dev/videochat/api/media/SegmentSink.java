package dev.videochat.api.media;

/** Receives encoded segments as the muxer cuts them, in order, on the muxer's thread. Keep it quick. */
@FunctionalInterface
public interface SegmentSink {

    void onSegment(MediaSegment segment);
}
