package dev.videochat.api.llm;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Per-request generation settings. Absent values fall back to the model's configured defaults.
 *
 * @param model       the model name to ask for, or {@code null} for the engine's default
 * @param temperature sampling temperature, 0 to 2, or {@code NaN} for the default
 * @param maxTokens   the most tokens to generate, or 0 for the default
 */
public record ChatOptions(String model, double temperature, int maxTokens) {

    private static final ChatOptions DEFAULTS = new ChatOptions(null, Double.NaN, 0);

    public ChatOptions {
        if (!Double.isNaN(temperature) && (temperature < 0 || temperature > 2)) {
            throw new IllegalArgumentException("temperature must be in 0..2, got " + temperature);
        }
        if (maxTokens < 0) {
            throw new IllegalArgumentException("maxTokens must be >= 0, got " + maxTokens);
        }
    }

    /** No overrides: every value comes from the engine's configuration. */
    public static ChatOptions defaults() {
        return DEFAULTS;
    }

    public ChatOptions withModel(String newModel) {
        return new ChatOptions(newModel, temperature, maxTokens);
    }

    public ChatOptions withTemperature(double newTemperature) {
        return new ChatOptions(model, newTemperature, maxTokens);
    }

    public ChatOptions withMaxTokens(int newMaxTokens) {
        return new ChatOptions(model, temperature, newMaxTokens);
    }

    public Optional<String> modelOverride() {
        return Optional.ofNullable(model);
    }

    public OptionalDouble temperatureOverride() {
        return Double.isNaN(temperature) ? OptionalDouble.empty() : OptionalDouble.of(temperature);
    }

    public OptionalInt maxTokensOverride() {
        return maxTokens == 0 ? OptionalInt.empty() : OptionalInt.of(maxTokens);
    }
}
