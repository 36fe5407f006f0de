package dev.videochat.musetalk.runtime;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.musetalk.audio.AudioPrompts;
import dev.videochat.musetalk.audio.WhisperLogMel;

import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * Turns 16 kHz speech into MuseTalk's audio features: Whisper log-mel per 30 s window, the Whisper-tiny encoder,
 * and the five stacked hidden states of every window concatenated and trimmed to
 * {@code floor(samples * 50 / 16000)} rows of {@code [5, 384]} floats. The encoder itself runs on the runtime's
 * {@link InferenceBackend}. Calls are serialised (the model owns one set of pre-allocated buffers).
 */
public final class WhisperEncoder implements AutoCloseable {

    /** Feature rows one 30 s window yields. */
    public static final int ROWS_PER_WINDOW = 1500;

    private final WhisperModel model;
    private final WhisperLogMel logMel = new WhisperLogMel();
    private final float[] features = new float[WhisperLogMel.OUTPUT_SIZE];
    private final FloatBuffer input;
    private final FloatBuffer output;

    WhisperEncoder(WhisperModel model) {
        this.model = model;
        this.input = model.logMel();
        this.output = model.states();
    }

    /**
     * The features of a 16 kHz clip.
     *
     * @throws IllegalArgumentException when the clip is not at 16,000 Hz (resample it first)
     */
    public float[] encode(AudioChunk audio) {
        Objects.requireNonNull(audio, "audio");
        if (audio.sampleRate() != WhisperLogMel.SAMPLE_RATE) {
            throw new IllegalArgumentException("Whisper needs 16000 Hz audio, got " + audio.sampleRate()
                    + " Hz; resample it first (dev.videochat.core.audio.Resampler)");
        }
        float[] samples = new float[audio.sampleCount()];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = audio.sample(i) / 32768f;
        }
        return encode(samples);
    }

    /**
     * The features of 16 kHz samples in [-1, 1]: {@code [rows, 5, 384]} floats with
     * {@code rows = floor(samples.length * 50 / 16000)}.
     */
    public synchronized float[] encode(float[] samples) {
        Objects.requireNonNull(samples, "samples");
        int rows = AudioPrompts.featureRows(samples.length);
        float[] states = new float[rows * AudioPrompts.ROW_SIZE];
        int done = 0;
        for (int start = 0; done < rows; start += WhisperLogMel.WINDOW_SAMPLES) {
            int length = Math.min(WhisperLogMel.WINDOW_SAMPLES, samples.length - start);
            int take = Math.min(ROWS_PER_WINDOW, rows - done);
            runWindow(samples, start, length, take);
            output.get(0, states, done * AudioPrompts.ROW_SIZE, take * AudioPrompts.ROW_SIZE);
            done += take;
        }
        return states;
    }

    /**
     * Runs the encoder on one window's log-mel (computed by the caller, e.g. with
     * {@link dev.videochat.musetalk.audio.StreamingLogMel}) and copies feature rows {@code [firstRow, firstRow + rows)}
     * of its states into {@code states} from index 0. Allocates nothing.
     *
     * @param logMel {@link WhisperLogMel#OUTPUT_SIZE} floats, band-major ({@code [80, 3000]})
     * @param states receives {@code rows * 5 * 384} floats
     */
    public synchronized void encodeWindow(float[] logMel, int firstRow, int rows, float[] states) {
        Objects.requireNonNull(logMel, "logMel");
        Objects.requireNonNull(states, "states");
        if (logMel.length < WhisperLogMel.OUTPUT_SIZE) {
            throw new IllegalArgumentException("logMel must hold " + WhisperLogMel.OUTPUT_SIZE + " floats, got "
                    + logMel.length);
        }
        Objects.checkFromIndexSize(firstRow, rows, ROWS_PER_WINDOW);
        Objects.checkFromIndexSize(0, rows * AudioPrompts.ROW_SIZE, states.length);
        input.put(0, logMel, 0, WhisperLogMel.OUTPUT_SIZE);
        model.run(firstRow, rows);
        output.get(firstRow * AudioPrompts.ROW_SIZE, states, 0, rows * AudioPrompts.ROW_SIZE);
    }

    /**
     * Runs one window of silence so that the first real call does not pay for initialisation; one row is enough
     * to ask for (a remote encoder then answers 7,680 bytes, not 11.5 MB).
     */
    synchronized void warmUp() {
        runWindow(new float[0], 0, 0, 1);
    }

    /** Encodes one window of {@code samples} and makes its first {@code rows} feature rows valid in the output. */
    private void runWindow(float[] samples, int start, int length, int rows) {
        logMel.compute(samples, start, length, features);
        input.put(0, features);
        model.run(0, rows);
    }

    @Override
    public synchronized void close() {
        model.close();
    }
}
