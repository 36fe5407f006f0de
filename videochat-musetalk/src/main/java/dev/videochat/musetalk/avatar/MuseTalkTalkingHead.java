package dev.videochat.musetalk.avatar;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.api.thg.Avatar;
import dev.videochat.api.thg.AvatarAnimator;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.musetalk.MuseTalkProvider;
import dev.videochat.musetalk.runtime.FaceGenerator;
import dev.videochat.musetalk.runtime.MuseTalkRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code musetalk} talking head: one {@link MuseTalkRuntime} (models loaded once) shared by every session, and
 * the prepared avatars of a folder, each loaded once. Sessions take turns on the face generator one batch at a
 * time, so several conversations share one GPU fairly.
 */
public final class MuseTalkTalkingHead implements TalkingHead {

    private static final Logger LOG = LoggerFactory.getLogger(MuseTalkTalkingHead.class);

    private final MuseTalkRuntime runtime;
    private final Path avatarRoot;
    private final double featureStepSeconds;
    private final double lookaheadSeconds;
    private final Map<Path, PreparedAvatar> loaded = new ConcurrentHashMap<>();
    private final ReentrantLock generatorLock = new ReentrantLock(true);

    /**
     * @param runtime            the models; closed with this talking head
     * @param avatarRoot         the folder whose sub-folders are prepared avatars, offered by name
     * @param featureStepSeconds new speech (seconds) that triggers a feature update while an utterance streams
     * @param lookaheadSeconds   speech (seconds) a frame waits for past the end of its audio window
     */
    public MuseTalkTalkingHead(MuseTalkRuntime runtime, Path avatarRoot, double featureStepSeconds,
                               double lookaheadSeconds) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.avatarRoot = Objects.requireNonNull(avatarRoot, "avatarRoot");
        if (!(featureStepSeconds > 0) || !(lookaheadSeconds >= 0)) {
            throw new IllegalArgumentException("feature step must be > 0 and lookahead >= 0 seconds, got "
                    + featureStepSeconds + " and " + lookaheadSeconds);
        }
        this.featureStepSeconds = featureStepSeconds;
        this.lookaheadSeconds = lookaheadSeconds;
    }

    @Override
    public String name() {
        return MuseTalkProvider.NAME;
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

    @Override
    public AvatarAnimator animate(Avatar avatar) {
        if (!(avatar instanceof PreparedAvatar prepared)) {
            throw new IllegalArgumentException("the musetalk talking head animates only its own avatars, got "
                    + avatar);
        }
        return new MuseTalkAnimator(this, prepared, lookaheadSeconds);
    }

    /**
     * Runs the Whisper encoder on one window's log-mel ([80, 3000]) and copies its feature rows
     * {@code [firstRow, firstRow + rows)} into {@code states}.
     */
    void encodeWindow(float[] logMel, int firstRow, int rows, float[] states) {
        runtime.whisper().encodeWindow(logMel, firstRow, rows, states);
    }

    /** Frames per generator call. */
    int batchSize() {
        return runtime.faces().batchSize();
    }

    /** Whisper features of 16 kHz samples in [-1, 1]. */
    float[] encode(float[] samples16k) {
        return runtime.whisper().encode(samples16k);
    }

    /**
     * Generates the faces of utterance frames {@code firstFrame …} on the avatar frames {@code cycle} into
     * {@code out} (BGR, 256 x 256), one batch; unused slots repeat the last frame.
     */
    void generate(PreparedAvatar avatar, int[] cycle, float[] states, int rows, int firstFrame, byte[][] out) {
        FaceGenerator generator = runtime.faces();
        generatorLock.lock();
        try {
            for (int slot = 0; slot < generator.batchSize(); slot++) {
                int source = Math.min(slot, cycle.length - 1);
                generator.setLatent(slot, avatar.latent(cycle[source]));
                generator.setPrompt(slot, runtime.version(), states, rows, firstFrame + source, avatar.fps());
            }
            generator.generate();
            ByteBuffer faces = generator.frames();
            for (int slot = 0; slot < cycle.length; slot++) {
                faces.get(slot * FaceGenerator.FRAME_BYTES, out[slot]);
            }
        } finally {
            generatorLock.unlock();
        }
    }

    @Override
    public void close() {
        runtime.close();
    }
}
