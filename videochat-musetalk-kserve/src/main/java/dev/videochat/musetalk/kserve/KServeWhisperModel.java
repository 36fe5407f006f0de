package dev.videochat.musetalk.kserve;

import dev.videochat.musetalk.kserve.protocol.ModelInferRequest;
import dev.videochat.musetalk.runtime.WhisperModel;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * The Whisper encoder on the server: 960,000 bytes of log-mel go, 11,520,000 bytes of hidden states come back per
 * 30 s window (the protocol has no way to ask for the few rows a batch uses). A run is cancelled when the waiting
 * thread is interrupted.
 */
final class KServeWhisperModel implements WhisperModel {

    private final KServeClient client;
    private final RemoteModel model;
    private final ByteBuffer inputBytes = KServeFaceModels.buffer(4L * INPUT_FLOATS);
    private final ByteBuffer outputBytes = KServeFaceModels.buffer(4L * OUTPUT_FLOATS);
    private final FloatBuffer input = inputBytes.asFloatBuffer();
    private final FloatBuffer output = outputBytes.asFloatBuffer();
    private final ModelInferRequest request;

    KServeWhisperModel(KServeClient client, RemoteModel model) {
        this.client = client;
        this.model = model;
        this.request = model.requestTemplate(1).build();
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
        var response = client.infer(request.toBuilder().addRawInputContents(KServeFaceModels.wrap(inputBytes)).build(),
                new RemoteCall());
        model.copyOutput(response, "states", outputBytes);
    }

    @Override
    public void close() {
        // Nothing of its own: the channel is the backend's.
    }
}
