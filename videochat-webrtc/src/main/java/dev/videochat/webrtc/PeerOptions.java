package dev.videochat.webrtc;

import dev.videochat.api.audio.AudioChunk;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What one {@link WebRtcPeer} does with what the browser sends and how it reports its connection. Immutable;
 * build with {@link #builder()}. Both callbacks run on the peer's own event thread (never on a libwebrtc thread),
 * one at a time and in order, so they may block briefly or close the peer.
 */
public final class PeerOptions {

    /** How many 10 ms microphone chunks may wait for a slow consumer before new ones are dropped (500 ms). */
    public static final int DEFAULT_MICROPHONE_BACKLOG = 50;

    private static final PeerOptions DEFAULTS = builder().build();

    private final Consumer<AudioChunk> microphone;
    private final Consumer<PeerState> stateListener;
    private final String streamId;
    private final int microphoneBacklog;

    private PeerOptions(Builder b) {
        this.microphone = b.microphone;
        this.stateListener = b.stateListener;
        this.streamId = b.streamId;
        this.microphoneBacklog = b.microphoneBacklog;
    }

    /** Options that send the avatar, ignore the microphone and report nothing. */
    public static PeerOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options, to change one of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.microphone = microphone;
        b.stateListener = stateListener;
        b.streamId = streamId;
        b.microphoneBacklog = microphoneBacklog;
        return b;
    }

    /** The consumer of the user's microphone, when one was given. */
    public Optional<Consumer<AudioChunk>> microphone() {
        return Optional.ofNullable(microphone);
    }

    /** The connection-state listener (a no-op when none was given). */
    public Consumer<PeerState> stateListener() {
        return stateListener;
    }

    /** The media stream id the avatar's two tracks share, so the browser plays them in sync. */
    public String streamId() {
        return streamId;
    }

    /** Microphone chunks (10 ms each) allowed to wait for the consumer. */
    public int microphoneBacklog() {
        return microphoneBacklog;
    }

    /** Builds {@link PeerOptions}. */
    public static final class Builder {
        private Consumer<AudioChunk> microphone;
        private Consumer<PeerState> stateListener = state -> { };
        private String streamId = "videochat";
        private int microphoneBacklog = DEFAULT_MICROPHONE_BACKLOG;

        private Builder() {
        }

        /**
         * Receives the user's microphone: mono 16-bit PCM at the rate libwebrtc decodes to (48,000 Hz for Opus),
         * in chunks of 10 ms, stereo mixed down. Without it the browser's audio is not decoded for the
         * application.
         */
        public Builder microphone(Consumer<AudioChunk> consumer) {
            this.microphone = Objects.requireNonNull(consumer, "microphone");
            return this;
        }

        /**
         * Told each connection state change: {@link PeerState#CONNECTED} when media flows,
         * {@link PeerState#DISCONNECTED} or {@link PeerState#FAILED} when the browser vanished (within ICE's
         * timeouts, a few seconds), {@link PeerState#CLOSED} after {@link WebRtcPeer#close()}.
         */
        public Builder onStateChange(Consumer<PeerState> listener) {
            this.stateListener = Objects.requireNonNull(listener, "onStateChange");
            return this;
        }

        /** The media stream id of the avatar's tracks (default {@code "videochat"}). */
        public Builder streamId(String streamId) {
            Objects.requireNonNull(streamId, "streamId");
            if (streamId.isBlank() || streamId.length() > 64) {
                throw new IllegalArgumentException("stream id must be 1..64 non-blank characters, got '"
                        + streamId + "'");
            }
            this.streamId = streamId;
            return this;
        }

        /** Microphone chunks (10 ms each) allowed to wait for a slow consumer before new ones are dropped. */
        public Builder microphoneBacklog(int chunks) {
            if (chunks < 1 || chunks > 10_000) {
                throw new IllegalArgumentException("microphone backlog must be 1..10000 chunks, got " + chunks);
            }
            this.microphoneBacklog = chunks;
            return this;
        }

        public PeerOptions build() {
            return new PeerOptions(this);
        }
    }
}
