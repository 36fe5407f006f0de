package dev.videochat.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * The numbers a soak or capacity run reads from system properties ({@code -Dvideochat.bench.<name>=…}), checked
 * at start so a typo fails before minutes of work rather than after.
 */
final class RunProperties {

    static final String PREFIX = "videochat.bench.";

    private RunProperties() {
    }

    /** {@code videochat.bench.<name>} as an integer in {@code [min, max]}, or {@code fallback} when unset. */
    static int integer(String name, int fallback, int min, int max) {
        String raw = System.getProperty(PREFIX + name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + name + " must be an integer, got '" + raw + "'", e);
        }
        return requireRange(name, value, min, max);
    }

    /** {@code videochat.bench.<name>} as a number in {@code [min, max]}, or {@code fallback} when unset. */
    static double decimal(String name, double fallback, double min, double max) {
        String raw = System.getProperty(PREFIX + name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        double value;
        try {
            value = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + name + " must be a number, got '" + raw + "'", e);
        }
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(PREFIX + name + " must be " + min + ".." + max + ", got " + raw);
        }
        return value;
    }

    /** {@code videochat.bench.<name>} as a comma-separated list of integers in {@code [min, max]}. */
    static List<Integer> integers(String name, List<Integer> fallback, int min, int max) {
        String raw = System.getProperty(PREFIX + name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        List<Integer> values = new ArrayList<>();
        for (String part : raw.split(",")) {
            try {
                values.add(requireRange(name, Integer.parseInt(part.trim()), min, max));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(PREFIX + name + " must be integers separated by commas, got '"
                        + raw + "'", e);
            }
        }
        return List.copyOf(values);
    }

    /** {@code videochat.bench.<name>} as a boolean ({@code true} or {@code false}), or {@code fallback}. */
    static boolean flag(String name, boolean fallback) {
        String raw = System.getProperty(PREFIX + name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        return switch (raw.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(
                    PREFIX + name + " must be true or false, got '" + raw + "'");
        };
    }

    private static int requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(PREFIX + name + " must be " + min + ".." + max + ", got " + value);
        }
        return value;
    }
}
