package dev.videochat.musetalk.runtime;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;

/** Finds an {@link InferenceBackend} by the name the {@code backend} setting gives. */
public final class InferenceBackends {

    /** The in-process ONNX Runtime backend's name, the default. */
    public static final String ONNX = "onnx";

    private InferenceBackends() {
    }

    /**
     * Opens the backend {@code name}: {@value #ONNX} in this module, any other through an
     * {@link InferenceBackendFactory} on the class path.
     *
     * @throws ConfigurationException when no backend has that name (the message lists those found)
     */
    public static InferenceBackend open(String name, ModelManifest manifest, MuseTalkOptions options,
                                        Map<String, String> settings) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(settings, "settings");
        if (name.equals(ONNX)) {
            return OnnxBackend.open(manifest, options, GpuDiscovery::discover);
        }
        for (InferenceBackendFactory factory : ServiceLoader.load(InferenceBackendFactory.class)) {
            if (factory.name().equals(name)) {
                return factory.open(manifest, options, settings);
            }
        }
        throw new ConfigurationException(Stage.THG, "musetalk", "setting 'backend' is '" + name
                + "', but the backends on the class path are " + available()
                + (name.equals("kserve") ? "; add the dependency dev.videochat:videochat-musetalk-kserve" : ""));
    }

    /** The names of the backends on the class path, {@value #ONNX} first. */
    public static List<String> available() {
        List<String> names = new ArrayList<>();
        names.add(ONNX);
        for (InferenceBackendFactory factory : ServiceLoader.load(InferenceBackendFactory.class)) {
            names.add(factory.name());
        }
        return names;
    }
}
