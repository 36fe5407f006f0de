package dev.videochat.musetalk.runtime;

import java.util.Map;

/**
 * Opens an {@link InferenceBackend} by name: the service interface through which {@link InferenceBackends} finds
 * backends in other modules ({@code META-INF/services/dev.videochat.musetalk.runtime.InferenceBackendFactory}), so
 * this module does not depend on them.
 */
public interface InferenceBackendFactory {

    /** The value of the {@code backend} setting that selects this backend, for example {@code "kserve"}. */
    String name();

    /**
     * Opens the backend, checked against the MuseTalk contract and warmed up.
     *
     * @param manifest the model folder's manifest (MuseTalk version, tensor names)
     * @param options  the runtime's options (batch size among them)
     * @param settings the {@code musetalk} provider's string settings; a backend reads its own keys
     * @throws dev.videochat.api.VideoChatException naming what failed and what to do
     */
    InferenceBackend open(ModelManifest manifest, MuseTalkOptions options, Map<String, String> settings);
}
