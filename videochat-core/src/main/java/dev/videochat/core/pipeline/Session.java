package dev.videochat.core.pipeline;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.llm.ChatMessage;
import dev.videochat.api.media.MediaFormat;
import dev.videochat.api.media.MediaSegment;
import dev.videochat.api.media.MuxSession;
import dev.videochat.api.media.SegmentSink;
import dev.videochat.api.thg.Avatar;
import dev.videochat.api.thg.AvatarAnimator;
import dev.videochat.api.tts.Voice;
import dev.videochat.api.s2s.SpeechConversation;
import dev.videochat.api.turn.TurnListener;
import dev.videochat.api.vad.VoiceActivityDetector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One conversation: its chat history, avatar and voice, its output stream (one muxer session for all its turns,
 * so the timeline and the avatar's frame index continue across turns), and at most one running turn.
 *
 * <p>Starting a turn while another runs cancels the running one first (barge-in) and waits until its stages have
 * stopped touching the muxer and the avatar; only then do the new turn's stages start. This holds whichever
 * threads start turns: of two starts at once, both return a turn, the later one runs and the earlier ends
 * {@code Cancelled}. Listeners run on the session's event thread (see {@link TurnListener} for the contract) and
 * may start, cancel and await turns themselves. Thread-safe. Close it to finish the stream (final files,
 * playlists).
 */
public final class Session implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Session.class);

    private final VideoChatEngine engine;
    private final String id;
    private final SessionOptions options;
    private final Voice voice;
    private final Prompts prompts;
    private final AvatarAnimator animator;
    private final MuxSession mux;
    private final MediaTimeline timeline;
    private final Deque<ChatMessage> history = new ArrayDeque<>();
    private final AtomicLong turnIds = new AtomicLong();
    private TurnRun active;
    /** Mirrors {@code active != null} for the idle feed, which must not take this object's monitor. */
    private volatile boolean turnRunning;
    private boolean closed;
    /** Held while the idle feed writes, so a turn never shares the muxer or the animator with it. */
    private final ReentrantLock mediaLock = new ReentrantLock();
    /** Held by a start from its check of the running turn to its new turn's start, and by close: one at a time. */
    private final ReentrantLock startLock = new ReentrantLock();
    private final SessionEvents events;
    /** The speech-to-speech conversation, in that mode, once a turn opened it. */
    private SpeechConversation conversation;
    private final List<VoiceInput> voiceInputs = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The factor the running turn's audio is multiplied by (1: not ducked), read by the mux stage. */
    private volatile float duckGain = 1;
    private final IdleFeed idleFeed;

    Session(VideoChatEngine engine, String id, SessionOptions options) {
        this.engine = engine;
        this.id = id;
        this.options = options;
        this.events = new SessionEvents(id);
        this.voice = options.voice().orElseGet(() -> engine.synthesizer().defaultVoice());
        this.prompts = options.prompts().orElseGet(() -> Prompts.forLanguage(voice.language()));
        String avatarRef = options.avatar().orElseGet(() -> {
            List<String> known = engine.talkingHead().avatars();
            if (known.isEmpty()) {
                throw new ConfigurationException(Stage.THG, engine.talkingHead().name(),
                        "no avatar was named and the talking head offers none; set one in SessionOptions.avatar(...)");
            }
            return known.get(0);
        });
        Avatar avatar = engine.talkingHead().loadAvatar(avatarRef);
        this.animator = engine.talkingHead().animate(avatar);
        MediaFormat format = new MediaFormat(avatar.width(), avatar.height(), avatar.pixelFormat(), avatar.fps(),
                engine.settings().sampleRate());
        MuxSession opened;
        try {
            opened = engine.muxer().open(format, this::onSegment);
        } catch (RuntimeException e) {
            animator.close();
            throw e;
        }
        this.mux = opened;
        this.timeline = new MediaTimeline(opened, options.rawSinks(), engine.gauges().frameCounter());
        this.idleFeed = options.live() ? new IdleFeed(this, mediaLock) : null;
        if (idleFeed != null) {
            idleFeed.start();
        }
        log.debug("session {} opened: avatar {} {}x{}@{} fps, voice {}, {} Hz", id, avatar.id(), avatar.width(),
                avatar.height(), avatar.fps(), voice.id(), format.sampleRate());
    }

    /** The session's id. */
    public String id() {
        return id;
    }

    /** The voice every turn speaks with. */
    public Voice voice() {
        return voice;
    }

    /** The avatar being animated. */
    public Avatar avatar() {
        return animator.avatar();
    }

    /** The format of the session's stream. */
    public MediaFormat mediaFormat() {
        return mux.format();
    }

    /**
     * Answers {@code text} with the language model and speaks the answer.
     *
     * @param extra listeners for this turn only, in addition to the session's
     * @throws IllegalArgumentException when the text is null or blank
     * @throws ConfigurationException   when the engine has no language model
     */
    public Turn say(String text, TurnListener... extra) {
        requireText(text);
        if (options.speechToSpeech()) {
            requireSpeechToSpeech();
            return start(TurnInput.spoken(Optional.empty(), Optional.of(text)), extra);
        }
        if (engine.chatModel().isEmpty()) {
            throw new ConfigurationException(Stage.LLM, "-", "this engine has no language model; add one with "
                    + "VideoChatEngine.builder().chatModel(...) or use speak(text) to voice a given text");
        }
        return start(TurnInput.question(text), extra);
    }

    /** Speaks {@code text} as it is, without the language model (scripted hosts, news reading). */
    public Turn speak(String text, TurnListener... extra) {
        requireText(text);
        return start(TurnInput.script(text), extra);
    }

    /**
     * Recognizes the user's audio, then answers like {@link #say}. Audio at another rate than the recognizer's is
     * resampled to the recognizer's rate first, not rejected.
     *
     * @param audio the user's speech: mono 16-bit PCM at any supported rate (Hz), at least one sample
     * @param extra listeners for this turn only, in addition to the session's
     * @throws IllegalArgumentException when the audio is null or empty
     * @throws ConfigurationException   when the engine has no recognizer or no language model
     */
    public Turn ask(AudioChunk audio, TurnListener... extra) {
        if (audio == null || audio.isEmpty()) {
            throw new IllegalArgumentException("the user's audio must not be empty");
        }
        if (options.speechToSpeech()) {
            requireSpeechToSpeech();
            return start(TurnInput.spoken(Optional.of(audio), Optional.empty()), extra);
        }
        if (engine.recognizer().isEmpty()) {
            throw new ConfigurationException(Stage.ASR, "-", "this engine has no speech recognizer; add one with "
                    + "VideoChatEngine.builder().recognizer(...) or send text with say(text)");
        }
        if (engine.chatModel().isEmpty()) {
            throw new ConfigurationException(Stage.LLM, "-", "this engine has no language model to answer with");
        }
        return start(TurnInput.audio(audio), extra);
    }

    /**
     * Starts listening to the user's microphone: push its PCM into the returned input, and each utterance is
     * answered when it ends (recognized with the engine's recognizer, then like {@link #ask}); the user talking
     * over the avatar stops the answer (or ducks it, by {@link ListeningOptions#bargeIn()}), and the history keeps
     * only the part of the answer that was played. Several inputs may listen at once (rarely useful).
     *
     * @throws dev.videochat.api.ConfigurationException when the engine has no voice activity detector
     * @throws IllegalStateException                    when the session is closed
     */
    public VoiceInput listen(ListeningOptions options) {
        Objects.requireNonNull(options, "options");
        VoiceActivityDetector detector = engine.voiceActivityDetector().orElseThrow(() ->
                new ConfigurationException(Stage.VAD, "-", "this engine has no voice activity detector to listen "
                        + "with; add one with VideoChatEngine.builder().voiceActivityDetector(Providers.vad(\"silero\", "
                        + "settings))"));
        VoiceInput input;
        synchronized (this) {
            requireOpen();
            input = new VoiceInput(this, detector, options);
            voiceInputs.add(input);
        }
        input.start();
        return input;
    }

    /** {@link #listen(ListeningOptions)} with {@link ListeningOptions#defaults()}. */
    public VoiceInput listen() {
        return listen(ListeningOptions.defaults());
    }

    void voiceInputClosed(VoiceInput input) {
        voiceInputs.remove(input);
    }

    /** The turn running now, or null. */
    synchronized Turn runningTurn() {
        return active;
    }

    /** {@link #runningTurn()} with its machinery, for the engine's gauges. */
    synchronized TurnRun runningRun() {
        return active;
    }

    /** Whether {@link #ask} can run: speech-to-speech mode, or a recognizer and a language model. */
    boolean canRecognize() {
        if (options.speechToSpeech()) {
            return engine.speechToSpeech().isPresent();
        }
        return engine.recognizer().isPresent() && engine.chatModel().isPresent();
    }

    private void requireSpeechToSpeech() {
        if (engine.speechToSpeech().isEmpty()) {
            throw new ConfigurationException(Stage.S2S, "-", "this session is in speech-to-speech mode but the "
                    + "engine has no speech-to-speech model; add one with VideoChatEngine.builder().speechToSpeech(...)");
        }
    }

    /** The session's conversation with the speech-to-speech model, opened on first use. */
    synchronized SpeechConversation conversation() {
        requireOpen();
        if (conversation == null) {
            String system = prompts.forMode(options.mode());
            conversation = engine.speechToSpeech().orElseThrow()
                    .open(system.isBlank() ? Optional.empty() : Optional.of(system));
        }
        return conversation;
    }

    /** Multiplies the running turn's audio by {@code gain} (1: full volume) from its next chunk on. */
    void duck(double gain) {
        duckGain = (float) gain;
    }

    float duckGain() {
        return duckGain;
    }

    /** The chat history kept for interactive mode, oldest first. */
    public synchronized List<ChatMessage> history() {
        return List.copyOf(history);
    }

    /** Forgets the chat history. */
    public synchronized void clearHistory() {
        history.clear();
    }

    /**
     * Cancels the running turn, if any, and waits for its stages to stop. From a listener it does not wait for the
     * delivery of that turn's last events (the listener is holding them up); from any other thread it does.
     */
    public void cancelTurn() throws InterruptedException {
        TurnRun running;
        synchronized (this) {
            running = active;
        }
        if (running != null) {
            refuseOnStageThread(running, "cancelTurn()");
            running.cancel();
            running.await();
        }
    }

    private static void refuseOnStageThread(TurnRun running, String what) {
        if (running.isStageThread()) {
            throw new IllegalStateException(what + " was called on a stage thread of turn " + running.id()
                    + " (from a segment or raw-media sink?); call it from another thread, or from a turn listener");
        }
    }

    private static void requireText(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("text must not be null or blank");
        }
    }

    private Turn start(TurnInput input, TurnListener[] extra) {
        // The engine's observers first: a listener reading the metrics then sees this event counted.
        List<TurnListener> listeners = new ArrayList<>(engine.observerListeners());
        listeners.addAll(options.listeners());
        for (TurnListener l : extra) {
            listeners.add(Objects.requireNonNull(l, "listener"));
        }
        try {
            startLock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to start a turn", e);
        }
        try {
            TurnRun previous;
            synchronized (this) {
                requireOpen();
                previous = active;
            }
            if (previous != null) {
                refuseOnStageThread(previous, "starting a turn");
                previous.cancel();
                try {
                    previous.awaitStopped();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while stopping the previous turn", e);
                }
            }
            TurnRun turn;
            synchronized (this) {
                requireOpen();
                turn = new TurnRun(this, id + "-t" + turnIds.incrementAndGet(), input, listeners);
                active = turn;
                turnRunning = true;
            }
            mediaLock.lock();
            try {
                if (idleFeed != null) {
                    idleFeed.cutBeforeTurn();
                }
            } finally {
                mediaLock.unlock();
            }
            turn.start();
            return turn;
        } finally {
            startLock.unlock();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("session " + id + " is closed");
        }
    }

    /**
     * How far ahead of the wall clock a live session writes a turn's media: enough to absorb scheduling jitter,
     * little enough that a cancelled turn's media stops almost at once for whoever watches the stream.
     */
    static final long LIVE_LEAD_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100);

    /**
     * For a live session, the wall-clock instant ({@link System#nanoTime()}) before which media that starts
     * {@code mediaNanos} into the stream must not be written; 0 for a session that is not live (written at once).
     */
    long liveDueNanos(long mediaNanos) {
        return idleFeed == null ? 0 : idleFeed.originNanos() + mediaNanos - LIVE_LEAD_NANOS;
    }

    boolean hasActiveTurn() {
        return turnRunning;
    }

    synchronized void turnEnded(TurnRun turn) {
        if (active == turn) {
            active = null;
            turnRunning = false;
        }
    }

    /** The messages to send for {@code question}: the system prompt, the history (interactive mode), the question. */
    synchronized List<ChatMessage> messagesFor(String question) {
        List<ChatMessage> messages = new ArrayList<>();
        String system = prompts.forMode(options.mode());
        if (!system.isBlank()) {
            messages.add(ChatMessage.system(system));
        }
        if (options.mode() == ChatMode.INTERACTIVE) {
            messages.addAll(history);
        }
        messages.add(ChatMessage.user(question));
        return messages;
    }

    /** Records an exchange, keeping the last {@link SessionOptions#historyMessages()} messages. */
    synchronized void remember(String question, String answer) {
        if (options.historyMessages() == 0 || answer.isBlank()) {
            return;
        }
        history.addLast(ChatMessage.user(question));
        history.addLast(ChatMessage.assistant(answer));
        while (history.size() > options.historyMessages()) {
            history.removeFirst();
        }
    }

    VideoChatEngine engine() {
        return engine;
    }

    SessionEvents events() {
        return events;
    }

    Duration turnTimeout() {
        return options.turnTimeout().orElse(engine.settings().turnTimeout());
    }

    Duration stageIdleTimeout() {
        return options.stageIdleTimeout().orElse(engine.settings().stageIdleTimeout());
    }

    AvatarAnimator animator() {
        return animator;
    }

    MediaTimeline timeline() {
        return timeline;
    }

    private void onSegment(MediaSegment segment) {
        for (SegmentSink sink : options.segmentSinks()) {
            try {
                sink.onSegment(segment);
            } catch (RuntimeException e) {
                log.warn("segment sink {} failed on {}: {}", sink, segment, e.toString());
            }
        }
        if (timeline != null) { // null while the muxer opens (an init segment): no turn to own it yet
            timeline.segmentCut(segment);
        }
    }

    /**
     * Stops the running turn and waits for its stages to stop (even when interrupted meanwhile, so nothing still
     * encodes when the muxer is freed), finishes the stream and releases the animator, then delivers the events
     * still queued (waiting up to 10 s for slow listeners, unless called from a listener). Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (active != null) {
                refuseOnStageThread(active, "close()");
            }
            closed = true;
        }
        for (VoiceInput input : voiceInputs) {
            input.close();
        }
        TurnRun running;
        startLock.lock();
        try {
            synchronized (this) {
                running = active;
            }
            if (running != null) {
                running.cancel();
                running.awaitStoppedUninterruptibly();
            }
        } finally {
            startLock.unlock();
        }
        if (idleFeed != null) {
            idleFeed.stop();
        }
        try {
            mux.close();
        } catch (RuntimeException e) {
            log.warn("closing the muxer of session {} failed: {}", id, e.toString());
        }
        animator.close();
        SpeechConversation open;
        synchronized (this) {
            open = conversation;
        }
        if (open != null) {
            try {
                open.close();
            } catch (RuntimeException e) {
                log.warn("closing the speech-to-speech conversation of session {} failed: {}", id, e.toString());
            }
        }
        events.close(10_000);
        engine.sessionClosed(this);
    }
}
