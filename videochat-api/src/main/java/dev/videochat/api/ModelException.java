package dev.videochat.api;

import org.jspecify.annotations.Nullable;

/**
 * A model file is missing, cannot be loaded, or does not fit the contract the engine expects
 * (input or output names, shapes, data types). The message names the file and the mismatch.
 */
public class ModelException extends VideoChatException {
    private static final long serialVersionUID = 1L;

    public ModelException(Stage stage, String provider, String message) {
        super(stage, provider, message);
    }

    public ModelException(Stage stage, String provider, String message, @Nullable Throwable cause) {
        super(stage, provider, message, cause);
    }
}
