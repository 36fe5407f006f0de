package dev.videochat.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns JMH's CSV results ({@code -rf csv}) into a Markdown table: benchmark, params, mode, score, error, unit.
 * Usage: {@code JmhTable results.csv} prints the table to standard output. Used by {@code benchmarks/run.sh}, so
 * the suite needs nothing but Java and Maven.
 */
public final class JmhTable {

    private static final String PARAM = "Param: ";

    private JmhTable() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: JmhTable <jmh results .csv>");
        }
        System.out.print(markdown(Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)));
    }

    /** The table for the lines of a JMH CSV file, header line first. */
    static String markdown(List<String> lines) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("the JMH CSV file is empty: did the benchmarks run?");
        }
        List<String> header = fields(lines.get(0));
        int benchmark = column(header, "Benchmark");
        int mode = column(header, "Mode");
        int score = column(header, "Score");
        int error = column(header, "Score Error (99.9%)");
        int unit = column(header, "Unit");
        StringBuilder md = new StringBuilder("| benchmark | params | mode | score | error | unit |\n"
                + "|---|---|---|---:|---:|---|\n");
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> row = fields(line);
            List<String> params = new ArrayList<>();
            for (int i = 0; i < header.size() && i < row.size(); i++) {
                if (header.get(i).startsWith(PARAM) && !row.get(i).isEmpty()) {
                    params.add(header.get(i).substring(PARAM.length()) + "=" + row.get(i));
                }
            }
            String name = row.get(benchmark);
            String[] parts = name.split("\\.");
            String shortName = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : name;
            md.append("| ").append(shortName).append(" | ").append(String.join(", ", params)).append(" | ")
                    .append(row.get(mode)).append(" | ").append(number(row.get(score))).append(" | ")
                    .append(number(row.get(error))).append(" | ").append(row.get(unit)).append(" |\n");
        }
        return md.toString();
    }

    private static int column(List<String> header, String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("the JMH CSV header has no column '" + name + "': " + header);
        }
        return i;
    }

    /** Three decimals; empty for NaN or a missing value. */
    private static String number(String value) {
        try {
            double d = Double.parseDouble(value);
            return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.3f", d);
        } catch (NumberFormatException e) {
            return value;
        }
    }

    /** The fields of one CSV line: comma-separated, optionally in double quotes ("" inside quotes is a quote). */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }
}
