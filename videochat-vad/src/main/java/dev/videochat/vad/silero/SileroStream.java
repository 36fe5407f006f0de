package dev.videochat.vad.silero;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.videochat.api.ModelException;
import dev.videochat.api.Stage;
import dev.videochat.api.vad.VadStream;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Objects;

/**
 * One stream's state for {@link SileroVad}. Every tensor is bound once to a direct buffer: the frame is written
 * into the input buffer in place, and the outputs are pinned, so ONNX Runtime writes the probability and the next
 * state straight into our buffers. The state ping-pongs between two buffers (one read, one written per frame).
 * Per frame nothing is allocated on our side; ONNX Runtime allocates only its small {@code Result} wrapper.
 */
final class SileroStream implements VadStream {

    private static final int INPUT_SAMPLES = SileroVad.CONTEXT_SAMPLES + SileroVad.FRAME_SAMPLES;
    private static final int STATE_FLOATS = 2 * 128;

    /** The tensors of one direction of the state ping-pong. */
    private record Binding(Map<String, OnnxTensor> inputs, Map<String, OnnxValue> outputs) {
    }

    private final SileroVad owner;
    private final FloatBuffer input;
    private final FloatBuffer[] states = new FloatBuffer[2];
    private final FloatBuffer probability;
    private final OnnxTensor inputTensor;
    private final OnnxTensor sampleRateTensor;
    private final OnnxTensor probabilityTensor;
    private final OnnxTensor[] stateTensors = new OnnxTensor[2];
    private final Binding[] bindings = new Binding[2];
    /** Which binding the next frame runs: it reads {@code states[current]} and writes the other. */
    private int current;
    private boolean closed;

    SileroStream(SileroVad owner) throws OrtException {
        this.owner = owner;
        OrtEnvironment env = SileroVad.environment();
        input = floats(INPUT_SAMPLES);
        probability = floats(1);
        states[0] = floats(STATE_FLOATS);
        states[1] = floats(STATE_FLOATS);
        inputTensor = OnnxTensor.createTensor(env, input, new long[] {1, INPUT_SAMPLES});
        probabilityTensor = OnnxTensor.createTensor(env, probability, new long[] {1, 1});
        stateTensors[0] = OnnxTensor.createTensor(env, states[0], SileroContract.STATE_SHAPE);
        stateTensors[1] = OnnxTensor.createTensor(env, states[1], SileroContract.STATE_SHAPE);
        sampleRateTensor = owner.sampleRateIsVector()
                ? OnnxTensor.createTensor(env, new long[] {SileroVad.SAMPLE_RATE})
                : OnnxTensor.createTensor(env, (long) SileroVad.SAMPLE_RATE);
        for (int i = 0; i < 2; i++) {
            bindings[i] = new Binding(
                    Map.of(SileroContract.INPUT, inputTensor, SileroContract.STATE, stateTensors[i],
                            SileroContract.SAMPLE_RATE, sampleRateTensor),
                    Map.of(SileroContract.OUTPUT, probabilityTensor, SileroContract.STATE_OUT, stateTensors[1 - i]));
        }
    }

    /**
     * @param frame exactly 512 samples at 16 kHz
     * @throws IllegalArgumentException when the frame has another length
     * @throws IllegalStateException    after {@link #close()}
     */
    @Override
    public float speechProbability(short[] frame) {
        Objects.requireNonNull(frame, "frame");
        if (frame.length != SileroVad.FRAME_SAMPLES) {
            throw new IllegalArgumentException("Silero VAD takes frames of exactly " + SileroVad.FRAME_SAMPLES
                    + " samples (32 ms at " + SileroVad.SAMPLE_RATE + " Hz), got " + frame.length);
        }
        if (closed) {
            throw new IllegalStateException("this Silero VAD stream is closed");
        }
        // The model reads the previous frame's last 64 samples before the new ones; they sit at the end of input.
        for (int i = 0; i < SileroVad.CONTEXT_SAMPLES; i++) {
            input.put(i, input.get(SileroVad.FRAME_SAMPLES + i));
        }
        for (int i = 0; i < SileroVad.FRAME_SAMPLES; i++) {
            input.put(SileroVad.CONTEXT_SAMPLES + i, frame[i] / 32768f);
        }
        Binding binding = bindings[current];
        try {
            // The outputs are pinned: the result only wraps our own tensors, and closing it leaves them open.
            owner.session().run(binding.inputs(), binding.outputs()).close();
        } catch (OrtException e) {
            throw new ModelException(Stage.VAD, SileroVad.NAME, "Silero VAD (" + owner.file() + ") failed on a frame: "
                    + e.getMessage(), e);
        }
        current = 1 - current;
        return probability.get(0);
    }

    @Override
    public void reset() {
        for (int i = 0; i < INPUT_SAMPLES; i++) {
            input.put(i, 0f);
        }
        for (FloatBuffer state : states) {
            for (int i = 0; i < STATE_FLOATS; i++) {
                state.put(i, 0f);
            }
        }
        current = 0;
    }

    /** Frees the stream's tensors. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        owner.forget(this);
        inputTensor.close();
        sampleRateTensor.close();
        probabilityTensor.close();
        stateTensors[0].close();
        stateTensors[1].close();
    }

    private static FloatBuffer floats(int count) {
        return ByteBuffer.allocateDirect(count * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
