package dev.videochat.api;

import org.jspecify.annotations.Nullable;

/**
 * A setting is missing or wrong: an unknown engine name, an absent API key, an unreadable model folder.
 * The message says which setting to fix and how (for example which environment variable to set).
 */
public class ConfigurationException extends VideoChatException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(Stage stage, String provider, String message) {
        super(stage, provider, message);
    }

    public ConfigurationException(Stage stage, String provider, String message, @Nullable Throwable cause) {
        super(stage, provider, message, cause);
    }
}
