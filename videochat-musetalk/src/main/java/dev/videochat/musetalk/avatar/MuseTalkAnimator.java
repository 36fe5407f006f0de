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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

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
    private float[] states = new float[0];

    private Resampler resampler;
    private int utteranceRate;
    private long utteranceStartFrames;
    /** Utterance frames whose audio (and lookahead) has arrived. */
    private int utteranceReady;
    /** Utterance frames delivered. */
    private int utteranceDone;
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
        int batch = faces.length;
        // The first batch goes as soon as one frame is ready; later ones wait until they are full.
        while (utteranceReady - utteranceDone >= (utteranceDone == 0 ? 1 : batch)) {
            renderBatch(Math.min(batch, utteranceReady - utteranceDone), sink);
        }
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
        while (utteranceDone < owed) {
            renderBatch(Math.min(faces.length, owed - utteranceDone), sink);
        }
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
    }

    private void append(AudioChunk chunk) {
        audio.append(chunk.samples(), chunk.sampleCount());
    }

    /** Encodes the features of the next {@code count} utterance frames, generates and delivers them. */
    private void renderBatch(int count, FrameSink sink) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("MuseTalk animation interrupted before frame " + utteranceDone
                    + " of the utterance");
        }
        FeatureWindow window = FeatureWindow.forFrames(version, avatar.fps(), utteranceDone, count, audio.length(),
                lookaheadSamples);
        audio.window(window.startSample(), window.endSample(), logMel);
        int floats = window.rowCount() * AudioPrompts.ROW_SIZE;
        if (states.length < floats) {
            states = new float[floats];
        }
        head.encodeWindow(logMel, window.windowRow(), window.rowCount(), states);
        encoderRuns++;
        int[] cycle = new int[count];
        for (int slot = 0; slot < count; slot++) {
            cycle[slot] = avatar.cycleFrame(nextIndex + slot);
        }
        head.generate(avatar, cycle, states, window.rowCount(), utteranceDone - window.frameShift(), faces);
        generatorRuns++;
        for (int slot = 0; slot < count; slot++) {
            byte[] picture = composer.compose(cycle[slot], faces[slot]);
            sink.accept(VideoFrame.wrap(avatar.width(), avatar.height(), PixelFormat.BGR24, nextIndex++, picture));
            utteranceDone++;
        }
    }
}
