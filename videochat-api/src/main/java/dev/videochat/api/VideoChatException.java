package dev.videochat.api;

import org.jspecify.annotations.Nullable;

import java.util.Objects;

/**
 * The root of every failure the SDK reports. It names the {@link Stage} that failed and the provider
 * (engine) that was running it, so a message such as {@code [TTS/gpt-sovits] server answered 500 ...}
 * tells a user where to look without a stack trace. When no provider applies (no language model configured,
 * say) the message names the stage alone: {@code [LLM] no language model ...}.
 */
public class VideoChatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Stage stage;
    private final String provider;

    /**
     * @param stage    the stage that failed
     * @param provider the provider name (for example {@code "openai"}), or {@code "-"} (or {@code null}) when none
     *                 applies
     * @param message  what happened and, where possible, what to do about it
     * @param cause    the underlying failure, or {@code null}
     */
    public VideoChatException(Stage stage, @Nullable String provider, String message, @Nullable Throwable cause) {
        super(prefix(Objects.requireNonNull(stage, "stage"), provider) + Objects.requireNonNull(message, "message"),
                cause);
        this.stage = stage;
        this.provider = Objects.requireNonNullElse(provider, "-");
    }

    /** Same as {@link #VideoChatException(Stage, String, String, Throwable)} without a cause. */
    public VideoChatException(Stage stage, @Nullable String provider, String message) {
        this(stage, provider, message, null);
    }

    /** {@code [STAGE/provider] }, or {@code [STAGE] } when no provider applies: users read it, so no "-". */
    private static String prefix(Stage stage, @Nullable String provider) {
        return provider == null || provider.isBlank() || provider.equals("-")
                ? "[" + stage + "] " : "[" + stage + "/" + provider + "] ";
    }

    /** The stage that failed. */
    public Stage stage() {
        return stage;
    }

    /** The name of the provider that was running the stage, or {@code "-"}. */
    public String provider() {
        return provider;
    }
}
