package dev.videochat.musetalk.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import dev.videochat.musetalk.audio.AudioPrompts;
import dev.videochat.musetalk.audio.WhisperLogMel;

import java.nio.FloatBuffer;
import java.util.Map;

/** The Whisper encoder in an ONNX Runtime session, its input and output pinned to direct buffers allocated once. */
final class OnnxWhisperModel implements WhisperModel {

    private final OnnxModel model;
    private final FloatBuffer input;
    private final FloatBuffer output;
    private final OnnxTensor inputTensor;
    private final OnnxTensor outputTensor;
    private final Map<String, OnnxTensor> inputs;
    private final Map<String, OnnxTensor> outputs;
    private boolean closed;

    OnnxWhisperModel(OrtEnvironment env, OnnxModel model) {
        this.model = model;
        var in = OnnxModel.direct(4L * INPUT_FLOATS);
        var out = OnnxModel.direct(4L * OUTPUT_FLOATS);
        this.input = in.asFloatBuffer();
        this.output = out.asFloatBuffer();
        this.inputTensor = OnnxModel.tensor(env, in, OnnxJavaType.FLOAT, 1, WhisperLogMel.MEL_BANDS, WhisperLogMel.FRAMES);
        try {
            this.outputTensor = OnnxModel.tensor(env, out, OnnxJavaType.FLOAT, 1, WhisperEncoder.ROWS_PER_WINDOW,
                    AudioPrompts.LAYERS, AudioPrompts.WIDTH);
        } catch (RuntimeException e) {
            inputTensor.close();
            throw e;
        }
        this.inputs = Map.of(model.input("input_features"), inputTensor);
        this.outputs = Map.of(model.output("states"), outputTensor);
    }

    @Override
    public FloatBuffer logMel() {
        return input;
    }

    @Override
    public FloatBuffer states() {
        return output;
    }

    @Override
    public void run() {
        model.run(inputs, outputs);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        inputTensor.close();
        outputTensor.close();
        model.close();
    }
}
