package dev.videochat.ffmpeg;

/** One kind of output of the {@code ffmpeg} muxer ({@link FfmpegMuxer.Builder#outputs}). */
public enum MuxOutput {
    /** One MPEG-TS segment per packet (and at key frames past the target), handed to the sink. */
    TS,
    /** A live HLS playlist over the TS segments (needs an output folder; brings {@link #TS} with it). */
    HLS,
    /** Fragmented MP4: an init segment, then a fragment per cut, for Media Source Extensions. */
    FMP4,
    /**
     * One MP4 of the whole session (needs an output folder): its packets are recorded on disk as each segment is
     * cut and muxed into {@code session.mp4} at close, whose segment names the file and carries no bytes.
     */
    MP4,
    /** A live FLV push to an RTMP server (needs an RTMP URL); pair it with a live session. */
    RTMP
}
