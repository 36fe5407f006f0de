package dev.videochat.musetalk.avatar;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.thg.Avatar;
import dev.videochat.api.thg.AvatarAnimator;
import dev.videochat.api.thg.FrameSink;
import dev.videochat.api.video.PixelFormat;
import dev.videochat.api.video.VideoFrame;
import dev.videochat.core.audio.Resampler;
import dev.videochat.core.thg.FrameClock;
import dev.videochat.musetalk.MuseTalkVersion;
import dev.videochat.musetalk.audio.AudioPrompts;
import dev.videochat.musetalk.audio.FeatureWindow;
import dev.videochat.musetalk.audio.StreamingLogMel;
import dev.videochat.musetalk.audio.WhisperLogMel;
import dev.videochat.musetalk.runtime.FaceGenerator;
import dev.videochat.musetalk.runtime.GeneratedFaces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Animates one prepared avatar for one session with MuseTalk.
 *
 * <p>Speech is collected per utterance at 16 kHz and its Whisper features stream: a frame is ready once the audio
 * reaches {@code lookahead} seconds past the last feature row of its prompt (0.12 s + lookahead for the first frame
 * at 25 fps), and ready frames are generated in batches of the generator's size (the first batch of an utterance
 * takes whatever is ready, so speech starts early). Each batch runs the Whisper encoder once, over the
 * {@link FeatureWindow} that ends the lookahead past the batch's rows and reaches back up to 30 s; the log-mel columns
 * under it are computed once per utterance ({@link StreamingLogMel}), so feature cost grows linearly with the
 * utterance. The rest follow at {@link #endUtterance}; {@link #abandonUtterance} drops them without running a model.
 *
 * <p>Each speech frame is the avatar's frame at the current cycle position with the model's face blended into its
 * face region; idle frames are the avatar's frames as they are. The cycle position is the timeline index, so idle and
 * speech continue each other without a jump. An interrupt is honoured between batches.
 *
 * <p>When several batches are ready at once (speech arriving faster than real time, or the rest of an utterance at
 * its end), the next batch is encoded and queued on the face worker before the current one is converted, blended
 * and delivered, so the generator works while this session composites. At most two batches are out at a time (the
 * face stream's two buffers), and every call returns with all the frames it queued delivered; a failure or an
 * interrupt cancels the batch still queued.
 */
final class MuseTalkAnimator implements AvatarAnimator {

    private static final Logger LOG = LoggerFactory.getLogger(MuseTalkAnimator.class);

    private final MuseTalkTalkingHead head;
    private final PreparedAvatar avatar;
    private final MuseTalkVersion version;
    private final FrameClock clock;
    private final int lookaheadSamples;
    private final FaceComposer composer;
    private final byte[][] faces;
    private final StreamingLogMel audio = new StreamingLogMel();
    private final float[] logMel = new float[WhisperLogMel.OUTPUT_SIZE];
    /** Whisper states of the batch being delivered and of the one queued behind it (used in turn). */
    private final float[][] states = {new float[0], new float[0]};
    private int nextStates;

    private Resampler resampler;
    private int utteranceRate;
    private long utteranceStartFrames;
    /** Utterance frames whose audio (and lookahead) has arrived. */
    private int utteranceReady;
    /** Utterance frames delivered. */
    private int utteranceDone;
    /** Utterance frames queued on the face worker, delivered or not (never behind {@link #utteranceDone}). */
    private int utteranceQueued;
    private long nextIndex;
    private long encoderRuns;
    private long generatorRuns;

    MuseTalkAnimator(MuseTalkTalkingHead head, PreparedAvatar avatar, double lookaheadSeconds) {
        this.head = head;
        this.avatar = avatar;
        this.version = head.runtime().version();
        this.clock = new FrameClock(avatar.fps());
        this.lookaheadSamples = (int) Math.round(lookaheadSeconds * WhisperLogMel.SAMPLE_RATE);
        this.composer = new FaceComposer(avatar);
        this.faces = new byte[head.batchSize()][FaceGenerator.FRAME_BYTES];
    }

    @Override
    public Avatar avatar() {
        return avatar;
    }

    @Override
    public void speak(AudioChunk chunk, FrameSink sink) throws InterruptedException {
        Objects.requireNonNull(chunk, "audio");
        Objects.requireNonNull(sink, "sink");
        if (resampler == null) {
            resampler = new Resampler(chunk.sampleRate(), WhisperLogMel.SAMPLE_RATE);
            utteranceStartFrames = clock.frames();
            utteranceRate = chunk.sampleRate();
        } else if (chunk.sampleRate() != utteranceRate) {
            throw new IllegalArgumentException("audio of one utterance changed rate from " + utteranceRate
                    + " Hz to " + chunk.sampleRate() + " Hz");
        }
        clock.advance(chunk.sampleCount(), chunk.sampleRate());
        append(resampler.process(chunk));
        int owed = owed();
        while (utteranceReady < owed && FeatureWindow.samplesCovered(version, avatar.fps(), utteranceReady)
                + lookaheadSamples <= audio.length()) {
            utteranceReady++;
        }
        render(false, sink);
    }

    @Override
    public void endUtterance(FrameSink sink) throws InterruptedException {
        Objects.requireNonNull(sink, "sink");
        if (resampler == null) {
            return;
        }
        append(resampler.flush());
        int owed = owed();
        utteranceReady = owed;
        render(true, sink);
        LOG.debug("utterance of {} frames ({} samples at 16 kHz) done: {} encoder runs, {} generator runs so far",
                owed, audio.length(), encoderRuns, generatorRuns);
        forgetUtterance();
    }

    /**
     * Ends the current utterance without its remaining frames and without running a model: the frames it still owes
     * are dropped, their indices skipped (as if they had been delivered to a sink that drops them), and its audio and
     * features forgotten.
     */
    @Override
    public void abandonUtterance() {
        if (resampler == null) {
            return;
        }
        int owed = owed();
        if (owed > utteranceDone) {
            LOG.debug("utterance abandoned: {} of {} frames dropped unrendered", owed - utteranceDone, owed);
            nextIndex += owed - utteranceDone;
        }
        forgetUtterance();
    }

    @Override
    public void idle(int count, FrameSink sink) throws InterruptedException {
        if (count < 0) {
            throw new IllegalArgumentException("idle frame count must be >= 0, got " + count);
        }
        Objects.requireNonNull(sink, "sink");
        for (int i = 0; i < count; i++) {
            long index = nextIndex++;
            byte[] picture = avatar.frame(avatar.cycleFrame(index));
            // the prepared avatar's own picture, shared: nothing writes to it
            sink.accept(VideoFrame.wrap(avatar.width(), avatar.height(), PixelFormat.BGR24, index, picture));
        }
    }

    @Override
    public long nextFrameIndex() {
        return nextIndex;
    }

    /** Whisper encoder runs so far (one per batch). */
    long encoderRuns() {
        return encoderRuns;
    }

    /** Face generator (UNet + decoder) runs so far (one per batch). */
    long generatorRuns() {
        return generatorRuns;
    }

    /** Log-mel spectrum columns computed and cached so far: one per 10 ms of speech (edge columns not counted). */
    long logMelColumns() {
        return audio.columnsComputed();
    }

    private int owed() {
        return (int) (clock.frames() - utteranceStartFrames);
    }

    private void forgetUtterance() {
        resampler = null;
        audio.reset();
        utteranceReady = 0;
        utteranceDone = 0;
        utteranceQueued = 0;
    }

    private void append(AudioChunk chunk) {
        audio.append(chunk.samples(), chunk.sampleCount());
    }

    /**
     * Renders the ready frames: while speaking, the first batch of an utterance as soon as one frame is ready and
     * later ones once full; at the end ({@code all}), everything ready. Each batch is queued before the previous one
     * is delivered.
     */
    private void render(boolean all, FrameSink sink) throws InterruptedException {
        int batch = faces.length;
        Queued behind = null;
        boolean completed = false;
        try {
            while (true) {
                int waiting = utteranceReady - utteranceQueued;
                boolean another = all ? waiting > 0 : waiting >= (utteranceQueued == 0 ? 1 : batch);
                Queued next = another ? queue(Math.min(batch, waiting)) : null;
                Queued delivering = behind;
                behind = next;
                if (delivering != null) {
                    deliver(delivering, sink);
                }
                if (next == null) {
                    break;
                }
            }
            completed = true;
        } finally {
            if (behind != null) {
                behind.discard();
            }
            if (!completed) {
                // A cancelled batch the worker is still filling may read its states: later batches get new ones.
                states[0] = new float[0];
                states[1] = new float[0];
            }
            utteranceQueued = utteranceDone; // nothing stays queued once this call returns or throws
        }
    }

    /** Encodes the features of the next {@code count} utterance frames and queues them on the face worker. */
    private Queued queue(int count) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("MuseTalk animation interrupted before frame " + utteranceQueued
                    + " of the utterance");
        }
        int first = utteranceQueued;
        FeatureWindow window = FeatureWindow.forFrames(version, avatar.fps(), first, count, audio.length(),
                lookaheadSamples);
        audio.window(window.startSample(), window.endSample(), logMel);
        int floats = window.rowCount() * AudioPrompts.ROW_SIZE;
        int buffer = nextStates;
        if (states[buffer].length < floats) {
            states[buffer] = new float[floats];
        }
        head.encodeWindow(logMel, window.windowRow(), window.rowCount(), states[buffer]);
        encoderRuns++;
        int[] cycle = new int[count];
        long firstIndex = nextIndex + (first - utteranceDone);
        for (int slot = 0; slot < count; slot++) {
            cycle[slot] = avatar.cycleFrame(firstIndex + slot);
        }
        CompletableFuture<GeneratedFaces> pending = head.submit(avatar, cycle, states[buffer], window.rowCount(),
                first - window.frameShift());
        generatorRuns++;
        nextStates = 1 - buffer; // this buffer stays untouched until the batch is delivered
        utteranceQueued += count;
        return new Queued(pending, cycle);
    }

    /** Waits for a queued batch, converts, blends and delivers its frames. */
    private void deliver(Queued queued, FrameSink sink) throws InterruptedException {
        MuseTalkTalkingHead.receive(queued.pending(), faces);
        int[] cycle = queued.cycle();
        for (int slot = 0; slot < cycle.length; slot++) {
            byte[] picture = composer.compose(cycle[slot], faces[slot]);
            sink.accept(VideoFrame.wrap(avatar.width(), avatar.height(), PixelFormat.BGR24, nextIndex++, picture));
            utteranceDone++;
        }
    }

    /** A batch on the face worker and the avatar frames it is drawn on. */
    private record Queued(CompletableFuture<GeneratedFaces> pending, int[] cycle) {

        /** Cancels the batch; if it finished first, its buffer goes back to the stream. */
        void discard() {
            if (!pending.cancel(false)) {
                pending.thenAccept(GeneratedFaces::close);
            }
        }
    }
}
