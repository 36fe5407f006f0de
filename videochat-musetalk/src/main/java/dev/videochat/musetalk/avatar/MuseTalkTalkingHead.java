package dev.videochat.musetalk.avatar;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.ModelException;
import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.thg.Avatar;
import dev.videochat.api.thg.AvatarAnimator;
import dev.videochat.api.thg.FrameSink;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.api.tts.WordTiming;
import dev.videochat.musetalk.MuseTalkVersion;
import dev.videochat.musetalk.runtime.FaceStream;
import dev.videochat.musetalk.runtime.FaceWorker;
import dev.videochat.musetalk.runtime.GeneratedFaces;
import dev.videochat.musetalk.runtime.MuseTalkRuntime;
import dev.videochat.musetalk.runtime.SessionRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code musetalk} talking head: one {@link MuseTalkRuntime} (models loaded once) shared by every session, and
 * the prepared avatars of a folder, each loaded once. Each animated session gets a {@link FaceStream} on the
 * runtime's {@link FaceWorker}, which fills every batch from all sessions with frames waiting; a session beyond
 * the worker's measured capacity is refused or queued when admission is on.
 */
public final class MuseTalkTalkingHead implements TalkingHead {

    /** The engine's name, also its provider's ({@code musetalk}). */
    public static final String NAME = "musetalk";
    private static final Logger LOG = LoggerFactory.getLogger(MuseTalkTalkingHead.class);
    private static final AtomicBoolean FEATURE_STEP_WARNED = new AtomicBoolean();

    private final MuseTalkRuntime runtime;
    private final Path avatarRoot;
    private final double lookaheadSeconds;
    private final Map<Path, PreparedAvatar> loaded;
    /** The session this view of the head serves; null for the head itself. */
    private final FaceStream session;
    private final Object sharedStreamLock;
    private FaceStream sharedStream;

    /**
     * @param runtime            the models; closed with this talking head
     * @param avatarRoot         the folder whose sub-folders are prepared avatars, offered by name
     * @param lookaheadSeconds   speech (seconds) a frame waits for past the end of its audio window, >= 0
     */
    public MuseTalkTalkingHead(MuseTalkRuntime runtime, Path avatarRoot, double lookaheadSeconds) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.avatarRoot = Objects.requireNonNull(avatarRoot, "avatarRoot");
        if (!(lookaheadSeconds >= 0) || Double.isInfinite(lookaheadSeconds)) {
            throw new IllegalArgumentException("lookahead must be a finite number of seconds >= 0, got "
                    + lookaheadSeconds);
        }
        this.lookaheadSeconds = lookaheadSeconds;
        this.loaded = new ConcurrentHashMap<>();
        this.session = null;
        this.sharedStreamLock = new Object();
    }

    /**
     * A talking head as before features streamed per batch; {@code featureStepSeconds} has no effect.
     *
     * @deprecated use {@link #MuseTalkTalkingHead(MuseTalkRuntime, Path, double)}: features are encoded once per
     *             batch of frames as speech streams, so there is no step to set
     */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public MuseTalkTalkingHead(MuseTalkRuntime runtime, Path avatarRoot, double featureStepSeconds,
                               double lookaheadSeconds) {
        this(runtime, avatarRoot, lookaheadSeconds);
        warnFeatureStepIgnored();
    }

    /** Logs, once per JVM, that a feature step was set and has no effect. */
    static void warnFeatureStepIgnored() {
        if (FEATURE_STEP_WARNED.compareAndSet(false, true)) {
            LOG.warn("the MuseTalk feature step ('feature-step', featureStep(..)) is deprecated and has no effect: "
                    + "features are encoded once per batch of frames as speech streams; remove it");
        }
    }

    /** The head as one session's animator sees it: the same models and avatars, generating through {@code session}. */
    private MuseTalkTalkingHead(MuseTalkTalkingHead head, FaceStream session) {
        this.runtime = head.runtime;
        this.avatarRoot = head.avatarRoot;
        this.lookaheadSeconds = head.lookaheadSeconds;
        this.loaded = head.loaded;
        this.session = session;
        this.sharedStreamLock = head.sharedStreamLock;
    }

    /**
     * A builder for a talking head over a model folder, which the {@code musetalk} provider's settings map onto:
     * {@code MuseTalkTalkingHead.builder().models(Path.of("models")).build()}.
     */
    public static MuseTalkTalkingHeadBuilder builder() {
        return new MuseTalkTalkingHeadBuilder();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The models in use. */
    public MuseTalkRuntime runtime() {
        return runtime;
    }

    @Override
    public List<String> avatars() {
        return AvatarStore.list(avatarRoot).stream().map(p -> p.getFileName().toString()).toList();
    }

    @Override
    public Avatar loadAvatar(String reference) {
        Objects.requireNonNull(reference, "reference");
        Path folder = avatarRoot.resolve(reference);
        if (reference.isBlank() || !AvatarStore.isAvatar(folder)) {
            folder = Path.of(reference);
        }
        if (!AvatarStore.isAvatar(folder)) {
            throw new ConfigurationException(Stage.THG, name(), "no prepared avatar '" + reference + "': "
                    + (Files.isDirectory(avatarRoot) ? "the avatars in " + avatarRoot + " are " + avatars()
                    : "the avatar folder " + avatarRoot + " does not exist")
                    + "; make one with 'prepare-avatar <video>'");
        }
        Path key = folder.toAbsolutePath().normalize();
        return loaded.computeIfAbsent(key, k -> {
            PreparedAvatar avatar = AvatarStore.read(k);
            if (avatar.version() != runtime.version()) {
                LOG.info("avatar '{}' was prepared for MuseTalk {} and runs on {} models; its latents come from "
                        + "the same VAE, so it is used as is", avatar.id(), avatar.version(), runtime.version());
            }
            LOG.info("loaded {}", avatar);
            return avatar;
        });
    }

    /**
     * Starts a session: a stream on the runtime's face worker (admission applies) and an animator generating
     * through it. Closing the animator cancels the session's queued frames and frees its place.
     *
     * @throws SessionRefusedException when admission is on and the worker cannot carry another session
     */
    @Override
    public AvatarAnimator animate(Avatar avatar) {
        if (!(avatar instanceof PreparedAvatar prepared)) {
            throw new IllegalArgumentException("the musetalk talking head animates only its own avatars, got "
                    + avatar);
        }
        FaceStream stream = runtime.worker().openStream(prepared.id());
        try {
            MuseTalkTalkingHead view = new MuseTalkTalkingHead(this, stream);
            return new Session(new MuseTalkAnimator(view, prepared, lookaheadSeconds), stream);
        } catch (RuntimeException | Error e) {
            stream.close();
            throw e;
        }
    }

    /**
     * The face worker's {@link FaceWorker#spareSessions()}: more sessions at the avatars' rate that its measured
     * rate carries, the figure admission goes by.
     */
    @Override
    public OptionalInt spareSessions() {
        return runtime.worker().spareSessions();
    }

    /**
     * Runs the Whisper encoder on one window's log-mel ([80, 3000]) and copies its feature rows
     * {@code [firstRow, firstRow + rows)} into {@code states}.
     */
    void encodeWindow(float[] logMel, int firstRow, int rows, float[] states) {
        runtime.whisper().encodeWindow(logMel, firstRow, rows, states);
    }

    /** Frames per generator batch (the animator submits at most this many at a time). */
    int batchSize() {
        return runtime.worker().batchSize();
    }

    /** Whisper features of 16 kHz samples in [-1, 1]. */
    float[] encode(float[] samples16k) {
        return runtime.whisper().encode(samples16k);
    }

    /**
     * Waits for a submission and converts its faces to BGR (256 x 256) into {@code out} on the calling thread,
     * giving the buffer back to the stream.
     *
     * @throws InterruptedException when interrupted while waiting; the submission is cancelled
     */
    static void receive(CompletableFuture<GeneratedFaces> pending, byte[][] out) throws InterruptedException {
        try (GeneratedFaces faces = await(pending)) {
            for (int frame = 0; frame < faces.frames(); frame++) {
                faces.bgr(frame, out[frame]);
            }
        }
    }

    /**
     * Queues the faces of utterance frames {@code firstFrame …} on the avatar frames {@code cycle} without waiting,
     * so a caller can composite one submission while the worker generates the next (each stream double-buffers).
     * {@code cycle} and {@code states} must stay unchanged until the future completes.
     */
    CompletableFuture<GeneratedFaces> submit(PreparedAvatar avatar, int[] cycle, float[] states, int rows,
                                             int firstFrame) {
        MuseTalkVersion version = runtime.version();
        double fps = avatar.fps();
        return stream().submit(cycle.length, (frame, slot) -> {
            slot.latent(avatar.latent(cycle[frame]));
            slot.prompt(version, states, rows, firstFrame + frame, fps);
        });
    }

    /** Waits for a submission; the worker's failure is rethrown, an interrupt cancels it. */
    static GeneratedFaces await(CompletableFuture<GeneratedFaces> pending) throws InterruptedException {
        try {
            return pending.get();
        } catch (InterruptedException e) {
            pending.cancel(false);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof VideoChatException v) {
                throw v; // names the stage, the session and the frame already
            }
            throw new ModelException(Stage.THG, NAME, "generating faces failed: " + cause, cause);
        }
    }

    /** This session's stream, or for the head itself one stream shared by direct callers. */
    private FaceStream stream() {
        if (session != null) {
            return session;
        }
        synchronized (sharedStreamLock) {
            if (sharedStream == null) {
                sharedStream = runtime.worker().openStream("direct");
            }
            return sharedStream;
        }
    }

    /** Closes the runtime (and with it the face worker, cancelling what any session still has queued). */
    @Override
    public void close() {
        if (session != null) {
            session.close();
            return;
        }
        runtime.close();
    }

    /** One session's animator, which leaves the face worker when closed. */
    /** The animator inside what {@link #animate} returns (for tests that count its model runs). */
    static MuseTalkAnimator animatorOf(AvatarAnimator animator) {
        return animator instanceof Session s ? (MuseTalkAnimator) s.animator : (MuseTalkAnimator) animator;
    }

    private static final class Session implements AvatarAnimator {

        private final AvatarAnimator animator;
        private final FaceStream stream;

        Session(AvatarAnimator animator, FaceStream stream) {
            this.animator = animator;
            this.stream = stream;
        }

        @Override
        public Avatar avatar() {
            return animator.avatar();
        }

        @Override
        public void speak(AudioChunk audio, FrameSink sink) throws InterruptedException {
            animator.speak(audio, sink);
        }

        @Override
        public void hint(WordTiming word) {
            animator.hint(word);
        }

        @Override
        public void endUtterance(FrameSink sink) throws InterruptedException {
            animator.endUtterance(sink);
        }

        @Override
        public void abandonUtterance() throws InterruptedException {
            // Forwarded, not inherited: the default would render the owed frames only to drop them.
            animator.abandonUtterance();
        }

        @Override
        public void idle(int count, FrameSink sink) throws InterruptedException {
            animator.idle(count, sink);
        }

        @Override
        public long nextFrameIndex() {
            return animator.nextFrameIndex();
        }

        @Override
        public void close() {
            try {
                animator.close();
            } finally {
                stream.close();
            }
        }
    }
}
