package dev.videochat.api.media;

/** A media encoding engine. Thread-safe: opens one {@link MuxSession} per conversation session. */
public interface Muxer extends AutoCloseable {

    /** The provider name, for messages and metrics. */
    String name();

    /**
     * Opens an encoder for one session's stream.
     *
     * @param format what will be written
     * @param sink   receives the segments as they are cut
     */
    MuxSession open(MediaFormat format, SegmentSink sink);

    @Override
    default void close() {
    }
}
