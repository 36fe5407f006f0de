package dev.videochat.musetalk.runtime;

/**
 * Where MuseTalk's per-frame model runs happen: the Whisper encoder and the face generator (UNet + VAE decoder, or
 * the fused graph). The log-mel, the prompt windows, the positional encoding, the BGR conversion and the compositing
 * stay in the JVM whichever backend runs the models.
 *
 * <p>Two exist: {@code onnx}, ONNX Runtime in this process (CUDA or CPU, the default), and {@code kserve}, a KServe
 * v2 / Triton inference server over gRPC (module {@code videochat-musetalk-kserve}, found through
 * {@link InferenceBackendFactory}). A backend is opened checked and ready: its models fit the MuseTalk tensor
 * contract. {@link MuseTalkRuntime} owns it and closes it.
 */
public interface InferenceBackend extends AutoCloseable {

    /** The backend's setting value, for example {@code "onnx"} or {@code "kserve"}. */
    String name();

    /**
     * Where the models run and why. A remote backend reports {@link ExecutionDevice#CPU}, where what stays in the
     * JVM runs, and names the server in the reason.
     */
    DeviceDecision device();

    /** The Whisper encoder. */
    WhisperModel whisper();

    /** The face generator's models. */
    FaceModels faces();

    /** Closes the models and whatever connects to them (sessions, channels, threads); idempotent. */
    @Override
    void close();
}
