package dev.videochat.benchmarks;

import dev.videochat.musetalk.kserve.LoopbackInferenceServer;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One row of the shared-pool table: N sessions in each of the two JVMs.
 *
 * @param sessionsPerJvm  N
 * @param framesPerSecond frames all sessions got per second of wall time
 * @param slowestSession  the frames per second of the session that got fewest
 * @param fastestSession  the frames per second of the session that got most
 * @param jvmFill         frames the JVMs' face workers carried over the slots of the batches they sent
 * @param runs            the server's face-model runs
 * @param framesPerRun    the mean slots per run (every request carries a JVM's whole batch, padding included)
 * @param serverBatch     the server's largest run
 * @param mixedShare      the share of runs holding requests from both JVMs
 * @param whisperPerSecond the Whisper encoder's requests per second (both JVMs), never merged
 * @param spare           each JVM's admission figure at the end: more 25 fps sessions it would take (-1: none)
 */
record PoolRow(int sessionsPerJvm, double framesPerSecond, double slowestSession, double fastestSession,
               double jvmFill, int runs, double framesPerRun, int serverBatch, double mixedShare,
               double whisperPerSecond, String spare) {

    static final String HEADER = "| queue delay | sessions | frames/s, all | frames/s per session (min–max) | JVM batch fill "
            + "| server runs | slots per run (fill) | runs mixing both JVMs | Whisper calls/s "
            + "| spare 25 fps sessions (A, B) |";
    static final String RULE = "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|";
    static final String LEGEND = "*Queue delay*: how long the server holds a request for others to merge with "
            + "(Triton's `max_queue_delay_microseconds`). *JVM batch fill*: frames each JVM's face worker carried over the slots of the "
            + "batches it sent (a batch goes as soon as the worker's queue is empty, so a partial one is sent "
            + "padded). *Slots per run*: the server merges requests, each a JVM's whole batch, padding "
            + "included, into runs; the fill is of the server's largest run. *Runs mixing both JVMs*: runs "
            + "holding requests from both client connections. *Whisper calls/s*: the encoder's "
            + "requests, never merged (its input is a fixed `[1, 80, 3000]`), each 0.96 MB up and, with "
            + "the row inputs `videochat triton-repo` serves it with, the batch's 2B + 8 rows of 7,680 bytes "
            + "down (a plain export answers all 1,500, 11.5 MB): "
            + "one per batch of a session's frames. *Spare sessions*: each JVM's admission figure at "
            + "the end (`TalkingHead.spareSessions()`, the gauge `videochat.thg.capacity.sessions`): its face "
            + "worker's measured rate × 0.9 / 25 less its open sessions; it measures that JVM's round trip to the "
            + "pool, not the pool.";

    /** The row from the clients' {@code SESSION} and {@code WORKER} lines and the server's runs. */
    static PoolRow of(int sessionsPerJvm, int batch, int serverBatch, Map<String, List<Map<String, String>>> clients,
                      List<LoopbackInferenceServer.Batch> batches, int calls, int seconds) {
        double all = 0;
        double slowest = Double.MAX_VALUE;
        double fastest = 0;
        long carried = 0;
        long sent = 0;
        StringJoiner spare = new StringJoiner(", ");
        for (String jvm : List.of("A", "B")) {
            for (Map<String, String> line : clients.get(jvm)) {
                if (line.get("kind").equals("SESSION")) {
                    double fps = Long.parseLong(line.get("frames")) / Double.parseDouble(line.get("seconds"));
                    all += fps;
                    slowest = Math.min(slowest, fps);
                    fastest = Math.max(fastest, fps);
                } else {
                    carried += Long.parseLong(line.get("frames"));
                    sent += Long.parseLong(line.get("batches")) * batch;
                    spare.add(line.get("spare"));
                }
            }
        }
        List<LoopbackInferenceServer.Batch> faces = batches.stream()
                .filter(b -> b.model().equals("unet_decoder")).toList();
        double slots = faces.stream().mapToInt(LoopbackInferenceServer.Batch::items).average().orElse(0);
        double mixed = faces.isEmpty() ? 0
                : faces.stream().filter(b -> b.clients().size() > 1).count() / (double) faces.size();
        int faceRequests = faces.stream().mapToInt(LoopbackInferenceServer.Batch::requests).sum();
        return new PoolRow(sessionsPerJvm, all, slowest, fastest, sent == 0 ? 0 : carried / (double) sent,
                faces.size(), slots, serverBatch, mixed, (calls - faceRequests) / (double) seconds, spare.toString());
    }

    /** The row, after the server's queue delay in ms. */
    String toMarkdown(int queueDelayMs) {
        return String.format(Locale.ROOT, "| %d ms | 2 × %d | %.1f | %.1f–%.1f | %.0f %% | %d | %.1f (%.0f %%) "
                        + "| %.0f %% | %.1f | %s |", queueDelayMs, sessionsPerJvm, framesPerSecond, slowestSession,
                fastestSession, 100 * jvmFill, runs, framesPerRun, 100 * framesPerRun / serverBatch,
                100 * mixedShare, whisperPerSecond, spare);
    }
}
