package dev.videochat.sprite.lipsync;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.WordTiming;
import dev.videochat.core.thg.FrameClock;

import java.util.Objects;

/**
 * Chooses a mouth shape for every video frame of an utterance from the audio of that frame. Frame {@code j} of an
 * utterance is measured on the window of one frame's length centred on its time, {@code j / fps} seconds: exactly
 * the audio that is at hand when the {@link FrameClock} says the frame is owed, so no audio is held back and an
 * onset shows on the frame it falls in or the next one.
 *
 * <p>Not thread-safe: one per animated session. After its first utterance at a given sample rate it allocates
 * nothing per frame.
 */
public final class LipSync {

    /** Receives the shape of each owed frame, in order. */
    @FunctionalInterface
    public interface VisemeSink {
        /** Takes the shape of the next frame. */
        void accept(Viseme viseme) throws InterruptedException;
    }

    private final int fps;
    private final FrameClock clock;
    private final VisemeChooser chooser;
    private final WordHints hints = new WordHints();
    private int rate;
    /** The rate of the utterance in progress, 0 between utterances. */
    private int utteranceRate;
    private SampleRing ring;
    private SpectrumAnalyzer analyzer;
    private float[] window;
    private long frame;

    /** @param fps video frames per second, at least 1 */
    public LipSync(int fps) {
        this.clock = new FrameClock(fps);
        this.fps = fps;
        this.chooser = new VisemeChooser(fps);
    }

    /**
     * Adds audio to the current utterance and hands on the shape of every frame it completes. Frames are counted
     * by one {@link FrameClock} over all utterances, so rounding carries from one utterance to the next and the
     * video never drifts from the audio.
     *
     * @throws IllegalArgumentException when the rate differs from earlier audio of the same utterance
     */
    public void speak(AudioChunk audio, VisemeSink sink) throws InterruptedException {
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(sink, "sink");
        if (utteranceRate != 0 && audio.sampleRate() != utteranceRate) {
            throw new IllegalArgumentException("audio rate changed from " + utteranceRate + " to "
                    + audio.sampleRate() + " Hz within one utterance");
        }
        utteranceRate = audio.sampleRate();
        prepare(audio.sampleRate());
        // Slices keep every window that is still due inside the ring, however long the chunk.
        int slice = ring.capacity() / 2;
        for (int pos = 0; pos < audio.sampleCount(); ) {
            int count = Math.min(slice, audio.sampleCount() - pos);
            ring.append(audio, pos, count);
            int owed = clock.advance(count, rate);
            for (int k = 0; k < owed; k++) {
                sink.accept(nextShape());
            }
            pos += count;
        }
    }

    /** A word or phoneme timing of the current utterance, relative to its first sample. */
    public void hint(WordTiming word) {
        hints.add(Objects.requireNonNull(word, "word"));
    }

    /** Ends the current utterance. Every frame it owes has already been handed on by {@link #speak}. */
    public void endUtterance() {
        utteranceRate = 0;
        hints.clear();
        if (ring != null) {
            ring.clear();
        }
        frame = 0;
    }

    /** The shape of a frame with no speech (between turns): the mouth closes. */
    public Viseme silentFrame() {
        return chooser.silence();
    }

    /** The shape chosen for the last frame. */
    public Viseme current() {
        return chooser.current();
    }

    private void prepare(int sampleRate) {
        if (sampleRate == rate) {
            return;
        }
        int longest = (int) Math.ceil((double) sampleRate / fps) + 2;
        rate = sampleRate;
        ring = new SampleRing(4 * longest);
        window = new float[longest];
        analyzer = new SpectrumAnalyzer(sampleRate, longest - 3);
    }

    private Viseme nextShape() {
        long j = frame++;
        long start = ceilDiv((2 * j - 1) * rate, 2L * fps);
        long end = ceilDiv((2 * j + 1) * rate, 2L * fps);
        int length = (int) (end - start);
        ring.read(start, length, window);
        analyzer.analyze(window, length);
        return chooser.choose(analyzer, hints.at(j * 1_000_000_000L / fps));
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
