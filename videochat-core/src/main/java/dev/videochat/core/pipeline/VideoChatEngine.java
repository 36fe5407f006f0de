package dev.videochat.core.pipeline;

import dev.videochat.api.asr.SpeechRecognizer;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.llm.ChatModel;
import dev.videochat.api.llm.ChatOptions;
import dev.videochat.api.media.Muxer;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.api.s2s.SpeechToSpeechModel;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.turn.TurnListener;
import dev.videochat.api.vad.VoiceActivityDetector;
import dev.videochat.core.text.SentenceChunker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds what is heavy and shared by many conversations: the stage engines (LLM, TTS, THG, mux and optionally
 * ASR) and the pipeline settings. Thread-safe. Build it once with {@link #builder()}, open a {@link Session} per
 * conversation, and close it at the end: it closes the engines it was given.
 *
 * <pre>{@code
 * try (VideoChatEngine engine = VideoChatEngine.builder()
 *         .chatModel(llm).synthesizer(tts).talkingHead(avatar).muxer(ffmpeg).build();
 *      Session session = engine.openSession(SessionOptions.defaults())) {
 *     session.say("Hello!").await();
 * }
 * }</pre>
 */
public final class VideoChatEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VideoChatEngine.class);
    private static final AtomicLong ENGINE_IDS = new AtomicLong();
    /** The default overall deadline of a turn. */
    public static final Duration DEFAULT_TURN_TIMEOUT = Duration.ofSeconds(120);
    /** The default idle deadline of a stage. */
    public static final Duration DEFAULT_STAGE_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** The default byte bound of each queue between stages. */
    public static final long DEFAULT_MEDIA_QUEUE_BYTES = 64L << 20;

    private final ChatModel chatModel;
    private final SpeechRecognizer recognizer;
    private final VoiceActivityDetector vad;
    private final SpeechToSpeechModel speechToSpeech;
    private final SpeechSynthesizer synthesizer;
    private final TalkingHead talkingHead;
    private final Muxer muxer;
    private final PipelineSettings settings;
    private final String id = "e" + ENGINE_IDS.incrementAndGet();
    private final AtomicLong sessionIds = new AtomicLong();
    private final List<Session> sessions = new ArrayList<>();
    private final List<PipelineObserver> observers;
    /** The observers, as listeners every turn gets before its own. */
    private final List<TurnListener> observerListeners;
    private final EngineGauges gauges = new EngineGauges(this, this::openSessionList);
    /** One thread for every turn's deadline checks. */
    private final ScheduledThreadPoolExecutor deadlineScheduler;
    private boolean closed;

    private VideoChatEngine(Builder b) {
        this.chatModel = b.chatModel;
        this.recognizer = b.recognizer;
        this.vad = b.vad;
        this.speechToSpeech = b.speechToSpeech;
        this.synthesizer = Objects.requireNonNull(b.synthesizer, "a speech synthesizer (TTS) is required");
        this.talkingHead = Objects.requireNonNull(b.talkingHead, "a talking head (THG) is required");
        this.muxer = Objects.requireNonNull(b.muxer, "a muxer is required");
        this.settings = b.settings;
        this.observers = List.copyOf(b.observers);
        this.observerListeners = observers.stream().<TurnListener>map(o -> o::onTurnEvent).toList();
        this.deadlineScheduler = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, "videochat-" + id + "-deadlines");
            t.setDaemon(true);
            return t;
        });
        deadlineScheduler.setRemoveOnCancelPolicy(true);
    }

    static Duration requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be longer than 0, got " + d);
        }
        return d;
    }

    ScheduledExecutorService deadlineScheduler() {
        return deadlineScheduler;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens a conversation: loads its avatar (if not loaded yet), starts its animator and its muxer.
     *
     * @throws dev.videochat.api.ConfigurationException when the avatar cannot be loaded
     * @throws IllegalStateException                    after {@link #close()}
     */
    public Session openSession(SessionOptions options) {
        Objects.requireNonNull(options, "options");
        synchronized (sessions) {
            if (closed) {
                throw new IllegalStateException("the engine is closed");
            }
        }
        Session session = new Session(this, id + "-s" + sessionIds.incrementAndGet(), options);
        synchronized (sessions) {
            sessions.add(session);
        }
        gauges.sessionOpened();
        return session;
    }

    /** Opens a conversation with {@link SessionOptions#defaults()}. */
    public Session openSession() {
        return openSession(SessionOptions.defaults());
    }

    void sessionClosed(Session session) {
        synchronized (sessions) {
            sessions.remove(session);
        }
    }

    private List<Session> openSessionList() {
        synchronized (sessions) {
            return List.copyOf(sessions);
        }
    }

    EngineGauges gauges() {
        return gauges;
    }

    List<TurnListener> observerListeners() {
        return observerListeners;
    }

    Optional<ChatModel> chatModel() {
        return Optional.ofNullable(chatModel);
    }

    Optional<SpeechRecognizer> recognizer() {
        return Optional.ofNullable(recognizer);
    }

    Optional<SpeechToSpeechModel> speechToSpeech() {
        return Optional.ofNullable(speechToSpeech);
    }

    Optional<VoiceActivityDetector> voiceActivityDetector() {
        return Optional.ofNullable(vad);
    }

    SpeechSynthesizer synthesizer() {
        return synthesizer;
    }

    TalkingHead talkingHead() {
        return talkingHead;
    }

    Muxer muxer() {
        return muxer;
    }

    PipelineSettings settings() {
        return settings;
    }

    /** Closes every open session, then the engines. */
    @Override
    public void close() {
        List<Session> open;
        synchronized (sessions) {
            if (closed) {
                return;
            }
            closed = true;
            open = new ArrayList<>(sessions);
        }
        for (Session s : open) {
            s.close();
        }
        closeQuietly(chatModel);
        closeQuietly(recognizer);
        closeQuietly(vad);
        closeQuietly(speechToSpeech);
        closeQuietly(synthesizer);
        closeQuietly(talkingHead);
        closeQuietly(muxer);
        deadlineScheduler.shutdownNow();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            log.warn("closing {} failed: {}", c.getClass().getName(), e.toString());
        }
    }

    /**
     * The pipeline's tuning.
     *
     * @param minChars           the least characters of a packet after the first
     * @param splitCharacters    characters after which a sentence may end
     * @param textQueue          packets waiting for TTS
     * @param speechQueue        audio chunks waiting for THG
     * @param mediaQueue         audio chunks and frames waiting for the muxer
     * @param mediaQueueBytes    the most bytes (PCM and pixels) each queue holds
     * @param turnTimeout        the default overall deadline of a turn
     * @param stageIdleTimeout   the default idle deadline of a stage
     * @param sampleRate         the session stream's audio rate, Hz (TTS audio is resampled to it)
     * @param chatOptions        options sent with every LLM request
     */
    record PipelineSettings(int minChars, String splitCharacters, int textQueue, int speechQueue, int mediaQueue,
                            long mediaQueueBytes, int sampleRate, ChatOptions chatOptions, Duration turnTimeout,
                            Duration stageIdleTimeout) {
    }

    /** Builds a {@link VideoChatEngine}. */
    public static final class Builder {
        private ChatModel chatModel;
        private SpeechRecognizer recognizer;
        private VoiceActivityDetector vad;
        private SpeechToSpeechModel speechToSpeech;
        private SpeechSynthesizer synthesizer;
        private TalkingHead talkingHead;
        private Muxer muxer;
        private int minChars = SentenceChunker.DEFAULT_MIN_CHARS;
        private String splitCharacters = SentenceChunker.DEFAULT_SPLIT_CHARACTERS;
        private int textQueue = 16;
        private int speechQueue = 64;
        private int mediaQueue = 50;
        private long mediaQueueBytes = DEFAULT_MEDIA_QUEUE_BYTES;
        private Duration turnTimeout = DEFAULT_TURN_TIMEOUT;
        private Duration stageIdleTimeout = DEFAULT_STAGE_IDLE_TIMEOUT;
        private int sampleRate = 24_000;
        private ChatOptions chatOptions = ChatOptions.defaults();
        private final List<PipelineObserver> observers = new ArrayList<>();
        private PipelineSettings settings;

        private Builder() {
        }

        /** The language model; without one, only {@link Session#speak} works. */
        public Builder chatModel(ChatModel model) {
            this.chatModel = Objects.requireNonNull(model, "chatModel");
            return this;
        }

        /** Speech recognition; without it, {@link Session#ask} is refused. */
        public Builder recognizer(SpeechRecognizer recognizer) {
            this.recognizer = Objects.requireNonNull(recognizer, "recognizer");
            return this;
        }

        /**
         * A speech-to-speech model, for sessions in that mode ({@link SessionOptions.Builder#speechToSpeech}): it
         * answers the user's audio or text with audio and its transcript, in place of ASR, LLM and TTS; only the
         * talking head and the outputs follow it.
         */
        public Builder speechToSpeech(SpeechToSpeechModel model) {
            this.speechToSpeech = Objects.requireNonNull(model, "speechToSpeech");
            return this;
        }

        /** Voice activity detection, for sessions that listen ({@link Session#listen}); without it they cannot. */
        public Builder voiceActivityDetector(VoiceActivityDetector detector) {
            this.vad = Objects.requireNonNull(detector, "voiceActivityDetector");
            return this;
        }

        public Builder synthesizer(SpeechSynthesizer synthesizer) {
            this.synthesizer = Objects.requireNonNull(synthesizer, "synthesizer");
            return this;
        }

        public Builder talkingHead(TalkingHead talkingHead) {
            this.talkingHead = Objects.requireNonNull(talkingHead, "talkingHead");
            return this;
        }

        public Builder muxer(Muxer muxer) {
            this.muxer = Objects.requireNonNull(muxer, "muxer");
            return this;
        }

        /** The least characters of each packet after the first (default 10). */
        public Builder minChars(int minChars) {
            new SentenceChunker(minChars, splitCharacters);
            this.minChars = minChars;
            return this;
        }

        /** The characters after which a sentence may end. */
        public Builder splitCharacters(String characters) {
            new SentenceChunker(minChars, characters);
            this.splitCharacters = characters;
            return this;
        }

        /**
         * Capacities of the bounded queues between stages: packets before TTS, audio chunks before THG, and
         * media items (chunks and frames) before the muxer. Each at least 1.
         */
        public Builder queueCapacities(int packets, int audioChunks, int mediaItems) {
            if (packets < 1 || audioChunks < 1 || mediaItems < 1) {
                throw new IllegalArgumentException("queue capacities must be >= 1, got " + packets + ", "
                        + audioChunks + ", " + mediaItems);
            }
            this.textQueue = packets;
            this.speechQueue = audioChunks;
            this.mediaQueue = mediaItems;
            return this;
        }

        /**
         * The most bytes of audio and pixels each queue between stages holds (default 64 MiB), on top of the item
         * counts of {@link #queueCapacities}: with large frames the byte bound is the one that holds.
         *
         * @throws IllegalArgumentException below 1 MiB
         */
        public Builder mediaQueueBytes(long bytes) {
            if (bytes < (1 << 20)) {
                throw new IllegalArgumentException("mediaQueueBytes must be at least 1 MiB, got " + bytes);
            }
            this.mediaQueueBytes = bytes;
            return this;
        }

        /**
         * The default overall deadline of a turn (120 s), from its start to its final event; a session may set
         * its own with {@link SessionOptions.Builder#turnTimeout}.
         */
        public Builder turnTimeout(Duration timeout) {
            this.turnTimeout = requirePositive(timeout, "turnTimeout");
            return this;
        }

        /**
         * The default idle deadline of a stage (30 s): the longest the LLM, ASR, TTS, talking head or muxer may
         * work without producing anything before the turn fails; a session may set its own with
         * {@link SessionOptions.Builder#stageIdleTimeout}.
         */
        public Builder stageIdleTimeout(Duration timeout) {
            this.stageIdleTimeout = requirePositive(timeout, "stageIdleTimeout");
            return this;
        }

        /** The audio rate of every session's stream, Hz (default 24,000). */
        public Builder sampleRate(int hz) {
            AudioChunk.checkRate(hz);
            this.sampleRate = hz;
            return this;
        }

        /** Options sent with every LLM request (model, temperature, max tokens). */
        public Builder chatOptions(ChatOptions options) {
            this.chatOptions = Objects.requireNonNull(options, "chatOptions");
            return this;
        }

        /**
         * Adds an observer of every session and turn (metrics: {@code videochat-micrometer}'s
         * {@code VideoChatMetrics}); call once per observer. See {@link PipelineObserver} for when it is called.
         */
        public Builder observer(PipelineObserver observer) {
            observers.add(Objects.requireNonNull(observer, "observer"));
            return this;
        }

        /**
         * @throws NullPointerException naming the missing stage when TTS, THG or the muxer was not given
         */
        public VideoChatEngine build() {
            settings = new PipelineSettings(minChars, splitCharacters, textQueue, speechQueue, mediaQueue,
                    mediaQueueBytes, sampleRate, chatOptions, turnTimeout, stageIdleTimeout);
            VideoChatEngine engine = new VideoChatEngine(this);
            // The deadline thread starts with the first turn, so a build failing here leaves nothing running.
            for (PipelineObserver observer : engine.observers) {
                observer.engineBuilt(engine.gauges);
            }
            return engine;
        }
    }
}
