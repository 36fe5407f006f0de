package dev.videochat.core.config;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;

import java.util.Objects;

/**
 * A builder was given a value it cannot take. The message names the builder method ({@code temperature(double)
 * must be 0..2, got 3.0}); when the value came from a string setting, {@link Settings} reports the same
 * {@link #problem()} under the setting's name instead.
 */
public final class InvalidValueException extends ConfigurationException {
    private static final long serialVersionUID = 1L;

    private final String method;
    private final String problem;

    /**
     * @param stage    the stage of the engine being built
     * @param provider the provider name
     * @param method   the builder method, with its parameter types, for example {@code temperature(double)}
     * @param problem  what is wrong with the value, starting with a verb: {@code must be 0..2, got 3.0}
     */
    public InvalidValueException(Stage stage, String provider, String method, String problem) {
        super(stage, provider, Objects.requireNonNull(method, "method") + " " + Objects.requireNonNull(problem,
                "problem"));
        this.method = method;
        this.problem = problem;
    }

    /** The builder method that was given the value, with its parameter types: {@code temperature(double)}. */
    public String method() {
        return method;
    }

    /** What is wrong with the value, without naming where it came from: {@code must be 0..2, got 3.0}. */
    public String problem() {
        return problem;
    }
}
