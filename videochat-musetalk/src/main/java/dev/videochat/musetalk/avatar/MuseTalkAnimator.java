package dev.videochat.musetalk.avatar;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.thg.Avatar;
import dev.videochat.api.thg.AvatarAnimator;
import dev.videochat.api.thg.FrameClock;
import dev.videochat.api.thg.FrameSink;
import dev.videochat.api.video.PixelFormat;
import dev.videochat.api.video.VideoFrame;
import dev.videochat.core.audio.Resampler;
import dev.videochat.musetalk.audio.AudioPrompts;
import dev.videochat.musetalk.audio.WhisperLogMel;
import dev.videochat.musetalk.runtime.FaceGenerator;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Animates one prepared avatar for one session with MuseTalk.
 *
 * <p>Speech is collected per utterance at 16 kHz. Whenever {@code featureStep} seconds of new audio have arrived,
 * the Whisper features of the utterance so far are computed again and every frame whose audio window (and
 * {@code lookahead} seconds after it) is covered is generated, in batches of the generator's size; the rest follow
 * at {@link #endUtterance}. Each speech frame is the avatar's frame at the current cycle position with the model's
 * face blended into its face region; idle frames are the avatar's frames as they are. The cycle position is the
 * timeline index, so idle and speech continue each other without a jump.
 */
final class MuseTalkAnimator implements AvatarAnimator {

    private final MuseTalkTalkingHead head;
    private final PreparedAvatar avatar;
    private final FrameClock clock;
    private final int featureStepSamples;
    private final int lookaheadSamples;
    private final int windowFramesAhead;
    private final FaceComposer composer;
    private final byte[][] faces;

    private Resampler resampler;
    private int utteranceRate;
    private float[] audio = new float[WhisperLogMel.SAMPLE_RATE * 4];
    private int audioLength;
    private int encodedLength = -1;
    private float[] states = new float[0];
    private int rows;
    private long utteranceStartFrames;
    private int utteranceDone;
    private long nextIndex;

    MuseTalkAnimator(MuseTalkTalkingHead head, PreparedAvatar avatar, double featureStepSeconds,
                     double lookaheadSeconds) {
        this.head = head;
        this.avatar = avatar;
        this.clock = new FrameClock(avatar.fps());
        this.featureStepSamples = (int) Math.round(featureStepSeconds * WhisperLogMel.SAMPLE_RATE);
        this.lookaheadSamples = (int) Math.round(lookaheadSeconds * WhisperLogMel.SAMPLE_RATE);
        this.windowFramesAhead = windowFramesAhead(avatar.fps());
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
        if (audioLength - Math.max(encodedLength, 0) < featureStepSamples) {
            return;
        }
        int owed = (int) (clock.frames() - utteranceStartFrames);
        // Frame i needs the audio up to the end of its prompt window, plus the lookahead.
        int covered = (int) Math.floor((audioLength - lookaheadSamples) * (double) avatar.fps()
                / WhisperLogMel.SAMPLE_RATE) - windowFramesAhead;
        int ready = Math.min(owed, covered);
        if (ready - utteranceDone >= faces.length) {
            encode();
            render(ready - (ready - utteranceDone) % faces.length, sink);
        }
    }

    @Override
    public void endUtterance(FrameSink sink) throws InterruptedException {
        Objects.requireNonNull(sink, "sink");
        if (resampler == null) {
            return;
        }
        append(resampler.flush());
        int owed = (int) (clock.frames() - utteranceStartFrames);
        if (owed > utteranceDone) {
            encode();
            render(owed, sink);
        }
        resampler = null;
        audioLength = 0;
        encodedLength = -1;
        utteranceDone = 0;
        rows = 0;
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
            sink.accept(new VideoFrame(avatar.width(), avatar.height(), PixelFormat.BGR24, index,
                    ByteBuffer.wrap(picture)));
        }
    }

    @Override
    public long nextFrameIndex() {
        return nextIndex;
    }

    /** Whisper rows of the prompt window that lie after the frame's own time, in frames. */
    private static int windowFramesAhead(int fps) {
        // The window of frame i ends at row 2i + 6 (exclusive) at 25 fps: 6 rows = 0.12 s after the frame's start.
        double rowsAhead = AudioPrompts.WINDOW_ROWS - 2.0 * Math.ceil(AudioPrompts.ROWS_PER_SECOND / (double) fps);
        return (int) Math.ceil(rowsAhead * fps / AudioPrompts.ROWS_PER_SECOND);
    }

    private void append(AudioChunk chunk) {
        int n = chunk.sampleCount();
        if (audioLength + n > audio.length) {
            audio = Arrays.copyOf(audio, Math.max(audio.length * 2, audioLength + n));
        }
        short[] samples = chunk.samples();
        for (int i = 0; i < n; i++) {
            audio[audioLength + i] = samples[i] / 32768f;
        }
        audioLength += n;
    }

    private void encode() {
        if (encodedLength == audioLength) {
            return;
        }
        states = head.encode(Arrays.copyOf(audio, audioLength));
        rows = AudioPrompts.featureRows(audioLength);
        encodedLength = audioLength;
    }

    /** Generates and delivers utterance frames up to (not including) {@code end}. */
    private void render(int end, FrameSink sink) throws InterruptedException {
        int batch = faces.length;
        while (utteranceDone < end) {
            int count = Math.min(batch, end - utteranceDone);
            int[] cycle = new int[count];
            for (int slot = 0; slot < count; slot++) {
                cycle[slot] = avatar.cycleFrame(nextIndex + slot);
            }
            head.generate(avatar, cycle, states, rows, utteranceDone, faces);
            for (int slot = 0; slot < count; slot++) {
                byte[] picture = composer.compose(cycle[slot], faces[slot]);
                sink.accept(VideoFrame.of(avatar.width(), avatar.height(), PixelFormat.BGR24, nextIndex++,
                        picture));
                utteranceDone++;
            }
        }
    }
}
