package dev.videochat.core.pipeline;

import dev.videochat.api.turn.PacketMetrics;
import dev.videochat.api.turn.TurnMetrics;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/** A turn's metrics as a plain-text table, for logs, consoles and benchmark reports. */
public final class MetricsTable {

    private MetricsTable() {
    }

    /**
     * The per-packet table: index, media duration, LLM, TTS, THG, mux and cost in seconds, then the first-packet
     * latency, the total and the media duration. Lines end with the platform's line separator.
     */
    public static String of(TurnMetrics metrics) {
        Objects.requireNonNull(metrics, "metrics");
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-5s %8s %8s %8s %8s %8s %8s  %s%n",
                "#", "media", "llm", "tts", "thg", "mux", "cost", "text"));
        for (PacketMetrics p : metrics.packets()) {
            out.append(String.format(Locale.ROOT, "%-5d %8s %8s %8s %8s %8s %8s  %s%n", p.index(),
                    seconds(p.media()), seconds(p.llm()), seconds(p.tts()), seconds(p.thg()), seconds(p.mux()),
                    seconds(p.cost()), abbreviate(p.text())));
        }
        out.append("first-packet latency: ")
                .append(metrics.firstPacketLatency().map(MetricsTable::seconds).map(s -> s + " s").orElse("none"))
                .append(String.format(Locale.ROOT, "; total %s s; media %s s%n", seconds(metrics.total()),
                        seconds(metrics.mediaDuration())));
        return out.toString();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace('\n', ' ');
        return oneLine.codePointCount(0, oneLine.length()) <= 40 ? oneLine
                : oneLine.substring(0, oneLine.offsetByCodePoints(0, 39)) + "…";
    }
}
