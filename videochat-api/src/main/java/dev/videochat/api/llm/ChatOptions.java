package dev.videochat.api.llm;

import org.jspecify.annotations.Nullable;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Per-request generation settings. The rule is one for all of them: each is optional, and an empty value means
 * the engine's configured default (its {@code model}, {@code temperature} and {@code max-tokens} settings).
 * Immutable; made with {@link #builder()}.
 *
 * <pre>{@code
 * ChatOptions options = ChatOptions.builder().model("qwen-plus").temperature(0.3).build();
 * }</pre>
 */
public final class ChatOptions {

    private static final ChatOptions DEFAULTS = builder().build();

    private final Optional<String> model;
    private final OptionalDouble temperature;
    private final OptionalInt maxTokens;

    private ChatOptions(Builder builder) {
        this.model = builder.model;
        this.temperature = builder.temperature;
        this.maxTokens = builder.maxTokens;
    }

    /** No overrides: every value comes from the engine's configuration. */
    public static ChatOptions defaults() {
        return DEFAULTS;
    }

    /** A builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.model = model;
        b.temperature = temperature;
        b.maxTokens = maxTokens;
        return b;
    }

    /** The model name to ask for; empty for the engine's default. */
    public Optional<String> model() {
        return model;
    }

    /** The sampling temperature, 0 to 2; empty for the engine's default. */
    public OptionalDouble temperature() {
        return temperature;
    }

    /** The most tokens to generate, at least 1; empty for the engine's default. */
    public OptionalInt maxTokens() {
        return maxTokens;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof ChatOptions other && other.model.equals(model) && other.temperature.equals(temperature)
                && other.maxTokens.equals(maxTokens);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, temperature, maxTokens);
    }

    @Override
    public String toString() {
        return "ChatOptions[model=" + model.orElse("default")
                + ", temperature=" + (temperature.isPresent() ? String.valueOf(temperature.getAsDouble()) : "default")
                + ", maxTokens=" + (maxTokens.isPresent() ? String.valueOf(maxTokens.getAsInt()) : "default") + "]";
    }

    /** Sets the values to override; what is not set stays the engine's default. */
    public static final class Builder {
        private Optional<String> model = Optional.empty();
        private OptionalDouble temperature = OptionalDouble.empty();
        private OptionalInt maxTokens = OptionalInt.empty();

        private Builder() {
        }

        /**
         * The model name to ask for, for example {@code "qwen-plus"}.
         *
         * @throws IllegalArgumentException when it is blank
         */
        public Builder model(String name) {
            Objects.requireNonNull(name, "model");
            if (name.isBlank()) {
                throw new IllegalArgumentException("model must not be blank");
            }
            this.model = Optional.of(name);
            return this;
        }

        /**
         * The sampling temperature.
         *
         * @param value 0 (most deterministic) to 2
         * @throws IllegalArgumentException when it is outside 0..2 or not a number
         */
        public Builder temperature(double value) {
            if (!(value >= 0 && value <= 2)) {
                throw new IllegalArgumentException("temperature must be in 0..2, got " + value);
            }
            this.temperature = OptionalDouble.of(value);
            return this;
        }

        /**
         * The most tokens to generate.
         *
         * @throws IllegalArgumentException when it is below 1
         */
        public Builder maxTokens(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxTokens must be >= 1, got " + value);
            }
            this.maxTokens = OptionalInt.of(value);
            return this;
        }

        /** Goes back to the engine's default for every value. */
        public Builder useDefaults() {
            model = Optional.empty();
            temperature = OptionalDouble.empty();
            maxTokens = OptionalInt.empty();
            return this;
        }

        /** The options. */
        public ChatOptions build() {
            return new ChatOptions(this);
        }
    }
}
