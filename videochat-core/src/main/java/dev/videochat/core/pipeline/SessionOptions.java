package dev.videochat.core.pipeline;

import dev.videochat.api.media.RawMediaSink;
import dev.videochat.api.media.SegmentSink;
import dev.videochat.api.tts.Voice;
import dev.videochat.api.turn.TurnListener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What makes one conversation its own: avatar, voice, chat mode, history length, outputs and listeners.
 * Build with {@link #builder()}; immutable.
 */
public final class SessionOptions {

    /** The default number of history messages sent in {@link ChatMode#INTERACTIVE}. */
    public static final int DEFAULT_HISTORY_MESSAGES = 10;

    private final String avatar;
    private final Voice voice;
    private final ChatMode mode;
    private final Prompts prompts;
    private final int historyMessages;
    private final List<SegmentSink> segmentSinks;
    private final List<RawMediaSink> rawSinks;
    private final List<TurnListener> listeners;
    private final boolean live;
    private final Duration turnTimeout;
    private final Duration stageIdleTimeout;
    private final boolean speechToSpeech;

    private SessionOptions(Builder b) {
        this.speechToSpeech = b.speechToSpeech;
        this.turnTimeout = b.turnTimeout;
        this.stageIdleTimeout = b.stageIdleTimeout;
        this.live = b.live;
        this.avatar = b.avatar;
        this.voice = b.voice;
        this.mode = b.mode;
        this.prompts = b.prompts;
        this.historyMessages = b.historyMessages;
        this.segmentSinks = List.copyOf(b.segmentSinks);
        this.rawSinks = List.copyOf(b.rawSinks);
        this.listeners = List.copyOf(b.listeners);
    }

    /** Options with every default: the engine's first avatar and default voice, interactive mode. */
    public static SessionOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The avatar reference, or empty for the talking head's first one. */
    public Optional<String> avatar() {
        return Optional.ofNullable(avatar);
    }

    /** The voice, or empty for the synthesizer's default. */
    public Optional<Voice> voice() {
        return Optional.ofNullable(voice);
    }

    public ChatMode mode() {
        return mode;
    }

    /** The prompts, or empty to pick them from the voice's language. */
    public Optional<Prompts> prompts() {
        return Optional.ofNullable(prompts);
    }

    /** How many history messages (user and assistant) are kept and sent in interactive mode. */
    public int historyMessages() {
        return historyMessages;
    }

    public List<SegmentSink> segmentSinks() {
        return segmentSinks;
    }

    public List<RawMediaSink> rawSinks() {
        return rawSinks;
    }

    public List<TurnListener> listeners() {
        return listeners;
    }

    /** Whether the stream goes on with idle frames between turns (for live outputs). */
    public boolean live() {
        return live;
    }

    /** The overall deadline of each turn, or empty for the engine's ({@link VideoChatEngine.Builder#turnTimeout}). */
    public Optional<Duration> turnTimeout() {
        return Optional.ofNullable(turnTimeout);
    }

    /**
     * How long a stage may work without producing anything, or empty for the engine's
     * ({@link VideoChatEngine.Builder#stageIdleTimeout}).
     */
    public Optional<Duration> stageIdleTimeout() {
        return Optional.ofNullable(stageIdleTimeout);
    }

    /** Whether {@code say} and {@code ask} go to the engine's speech-to-speech model instead of ASR, LLM and TTS. */
    public boolean speechToSpeech() {
        return speechToSpeech;
    }

    /** Builds {@link SessionOptions}. */
    public static final class Builder {
        private String avatar;
        private Voice voice;
        private ChatMode mode = ChatMode.INTERACTIVE;
        private Prompts prompts;
        private int historyMessages = DEFAULT_HISTORY_MESSAGES;
        private final List<SegmentSink> segmentSinks = new ArrayList<>();
        private final List<RawMediaSink> rawSinks = new ArrayList<>();
        private final List<TurnListener> listeners = new ArrayList<>();
        private boolean live;
        private Duration turnTimeout;
        private Duration stageIdleTimeout;
        private boolean speechToSpeech;

        private Builder() {
        }

        /**
         * Speech-to-speech mode: {@code say(text)} and {@code ask(audio)} are answered by the engine's
         * speech-to-speech model ({@link VideoChatEngine.Builder#speechToSpeech}) with audio and its transcript,
         * cut into packets for the talking head; {@code speak(text)} still uses the TTS. Off by default.
         */
        public Builder speechToSpeech(boolean on) {
            this.speechToSpeech = on;
            return this;
        }

        /**
         * The longest a turn of this session may take, from its start to its final event; past it the turn ends
         * {@code Failed} with a {@link dev.videochat.api.StageTimeoutException} naming the stage still working.
         * Overrides the engine's default (120 s).
         *
         * @throws IllegalArgumentException unless positive
         */
        public Builder turnTimeout(Duration timeout) {
            this.turnTimeout = VideoChatEngine.requirePositive(timeout, "turnTimeout");
            return this;
        }

        /**
         * The longest a stage may work on its engine without producing anything (no LLM delta, no audio chunk, no
         * frame, no finished write to the muxer); past it the turn ends {@code Failed} with a
         * {@link dev.videochat.api.StageTimeoutException} naming the stage. Waiting for another stage does not
         * count. Overrides the engine's default (30 s).
         *
         * @throws IllegalArgumentException unless positive
         */
        public Builder stageIdleTimeout(Duration timeout) {
            this.stageIdleTimeout = VideoChatEngine.requirePositive(timeout, "stageIdleTimeout");
            return this;
        }

        /** An avatar name or path, as the talking head's {@code loadAvatar} takes it. */
        public Builder avatar(String reference) {
            this.avatar = Objects.requireNonNull(reference, "avatar");
            return this;
        }

        public Builder voice(Voice voice) {
            this.voice = Objects.requireNonNull(voice, "voice");
            return this;
        }

        public Builder mode(ChatMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        public Builder prompts(Prompts prompts) {
            this.prompts = Objects.requireNonNull(prompts, "prompts");
            return this;
        }

        /** Messages of history to keep, 0 to 1,000 (default 10). */
        public Builder historyMessages(int count) {
            if (count < 0 || count > 1000) {
                throw new IllegalArgumentException("historyMessages must be 0..1000, got " + count);
            }
            this.historyMessages = count;
            return this;
        }

        /** Receives every encoded segment of the session. */
        public Builder segmentSink(SegmentSink sink) {
            segmentSinks.add(Objects.requireNonNull(sink, "segmentSink"));
            return this;
        }

        /** Receives the raw audio and frames of the session. */
        public Builder rawSink(RawMediaSink sink) {
            rawSinks.add(Objects.requireNonNull(sink, "rawSink"));
            return this;
        }

        /** Receives the events of every turn of the session. */
        public Builder listener(TurnListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Keeps the stream going between turns with the avatar's idle frames and silence, paced to the wall
         * clock, for live outputs (RTMP, live HLS). Off by default: then the stream holds only the answers.
         */
        public Builder live(boolean live) {
            this.live = live;
            return this;
        }

        public SessionOptions build() {
            return new SessionOptions(this);
        }
    }
}
