package dev.videochat.webrtc;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.media.RawMediaSink;
import dev.videochat.api.video.VideoFrame;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link RawMediaSink} to hand a session when it is built, before any browser has connected; the peer that
 * connects later is attached to it, and a second peer for the same session replaces the first. Media written
 * while nothing is attached is dropped (a live session keeps writing, so nothing is lost that matters).
 * Thread-safe: attach and detach may run on any thread while the session writes.
 */
public final class ForwardingMediaSink implements RawMediaSink {

    private final AtomicReference<RawMediaSink> target = new AtomicReference<>();

    /**
     * Sends the session's media to {@code next} from now on.
     *
     * @return the sink that was attached before, if any (the caller decides whether to close it)
     */
    public Optional<RawMediaSink> attach(RawMediaSink next) {
        Objects.requireNonNull(next, "sink");
        if (next == this) {
            throw new IllegalArgumentException("a forwarding sink cannot forward to itself");
        }
        return Optional.ofNullable(target.getAndSet(next));
    }

    /**
     * Stops forwarding to {@code expected}, if it is still the one attached; a sink that has since been replaced
     * is left alone, so a closing peer cannot detach its successor.
     *
     * @return whether {@code expected} was attached
     */
    public boolean detach(RawMediaSink expected) {
        return target.compareAndSet(Objects.requireNonNull(expected, "sink"), null);
    }

    /** The sink media goes to now, if any. */
    public Optional<RawMediaSink> attached() {
        return Optional.ofNullable(target.get());
    }

    @Override
    public void onAudio(AudioChunk chunk) {
        RawMediaSink t = target.get();
        if (t != null) {
            t.onAudio(chunk);
        }
    }

    @Override
    public void onVideo(VideoFrame frame) {
        RawMediaSink t = target.get();
        if (t != null) {
            t.onVideo(frame);
        }
    }

    @Override
    public void discardPending() {
        RawMediaSink t = target.get();
        if (t != null) {
            t.discardPending();
        }
    }
}
