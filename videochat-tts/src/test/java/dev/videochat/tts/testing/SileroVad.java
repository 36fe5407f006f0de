package dev.videochat.tts.testing;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.core.testing.TestAssets;

import java.util.Map;

/**
 * The Silero VAD v5/v6 model from the shared test assets, used to check that synthesized audio is speech.
 * Input: 16 kHz audio in windows of 512 new samples, each preceded by the last 64 samples of the previous window.
 */
public final class SileroVad implements AutoCloseable {

    /** Samples per window at 16 kHz (32 ms). */
    public static final int WINDOW = 512;
    private static final int CONTEXT = 64;
    private static final int RATE = 16_000;

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    private SileroVad(OrtSession session) {
        this.session = session;
    }

    /** Loads the model; skips the calling test when the shared assets are absent. */
    public static SileroVad load() throws OrtException {
        String path = TestAssets.require("models/silero_vad/silero_vad.onnx").toString();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        return new SileroVad(env.createSession(path, options));
    }

    /** The speech probability of each whole 512-sample window of {@code audio} (which must be 16 kHz). */
    public float[] probabilities(AudioChunk audio) throws OrtException {
        if (audio.sampleRate() != RATE) {
            throw new IllegalArgumentException("Silero VAD needs 16000 Hz audio, got " + audio.sampleRate());
        }
        float[] pcm = audio.toFloats();
        int windows = pcm.length / WINDOW;
        float[] out = new float[windows];
        float[][][] state = new float[2][1][128];
        float[][] input = new float[1][CONTEXT + WINDOW];
        try (OnnxTensor sr = OnnxTensor.createTensor(env, (long) RATE)) {
            for (int w = 0; w < windows; w++) {
                // Keep the previous window's last 64 samples in front as context (zeros for the first window).
                System.arraycopy(input[0], WINDOW, input[0], 0, CONTEXT);
                System.arraycopy(pcm, w * WINDOW, input[0], CONTEXT, WINDOW);
                try (OnnxTensor x = OnnxTensor.createTensor(env, input);
                     OnnxTensor s = OnnxTensor.createTensor(env, state);
                     OrtSession.Result r = session.run(Map.of("input", x, "state", s, "sr", sr))) {
                    out[w] = ((float[][]) r.get("output").orElseThrow().getValue())[0][0];
                    state = (float[][][]) r.get("stateN").orElseThrow().getValue();
                }
            }
        }
        return out;
    }

    /** The share of windows whose speech probability is at least 0.5, from 0 to 1. */
    public double speechFraction(AudioChunk audio) throws OrtException {
        float[] p = probabilities(audio);
        return fractionAbove(p, 0, p.length);
    }

    /** The share of windows {@code [from, to)} whose probability is at least 0.5. */
    public static double fractionAbove(float[] p, int from, int to) {
        if (to <= from) {
            return 0;
        }
        int speech = 0;
        for (int i = from; i < to; i++) {
            if (p[i] >= 0.5f) {
                speech++;
            }
        }
        return speech / (double) (to - from);
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
