package dev.videochat.benchmarks;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.thg.AvatarAnimator;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.core.provider.Providers;
import dev.videochat.musetalk.avatar.MuseTalkTalkingHead;
import dev.videochat.musetalk.avatar.PreparedAvatar;
import dev.videochat.musetalk.kserve.RemoteTurns;
import dev.videochat.musetalk.runtime.FaceWorker;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client JVM of {@link KServePoolBenchmark}: a {@code musetalk} talking head on the {@code kserve} backend,
 * {@code N} sessions on it, each speaking without pause, as fast as the pool gives it faces. It prints
 * {@code READY} once connected and warmed up, waits for {@code GO} on standard input, speaks for the given seconds,
 * then prints one {@code SESSION} line per session and one {@code WORKER} line ({@code key=value} fields) and
 * exits.
 *
 * <p>Arguments: the server's URL, the model folder, sessions, seconds, the face batch, the JVM's label.
 */
public final class PoolClient {

    private static final int RATE = 16_000;
    /** 0.1 s of speech per {@code speak}, as a TTS engine streams it. */
    private static final int CHUNK = RATE / 10;

    private PoolClient() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String models = args[1];
        int sessions = Integer.parseInt(args[2]);
        double seconds = Double.parseDouble(args[3]);
        String batch = args[4];
        String label = args[5];
        List<AudioChunk> speech = speech(100);
        try (TalkingHead head = Providers.talkingHead("musetalk", Map.of("models", models, "device", "cpu",
                "batch-size", batch, "threads", "1", "backend", "kserve", "kserve-url", url))) {
            PreparedAvatar avatar = RemoteTurns.avatar();
            List<AvatarAnimator> animators = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                animators.add(head.animate(avatar));
            }
            for (AvatarAnimator animator : animators) {
                for (int i = 0; i < 4; i++) {
                    animator.speak(speech.get(i), frame -> { });
                }
                animator.endUtterance(frame -> { });
            }
            FaceWorker worker = ((MuseTalkTalkingHead) head).runtime().worker();
            FaceWorker.Stats before = worker.stats();
            System.out.println("READY");
            System.out.flush();
            String go = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (!"GO".equals(go)) {
                throw new IllegalStateException("expected GO on standard input, got " + go);
            }
            ExecutorService threads = Executors.newFixedThreadPool(sessions);
            List<Future<long[]>> results = new ArrayList<>();
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            for (AvatarAnimator animator : animators) {
                results.add(threads.submit(() -> speakUntil(animator, speech, start, end)));
            }
            for (int i = 0; i < results.size(); i++) {
                long[] r = results.get(i).get();
                System.out.printf(Locale.ROOT, "SESSION jvm=%s session=%d frames=%d seconds=%.3f%n", label, i, r[0],
                        r[1] / 1e9);
            }
            threads.shutdown();
            FaceWorker.Stats after = worker.stats();
            OptionalInt spare = head.spareSessions();
            System.out.printf(Locale.ROOT, "WORKER jvm=%s batches=%d frames=%d padded=%d fps=%.1f spare=%d%n", label,
                    after.batches() - before.batches(), after.frames() - before.frames(),
                    after.paddedSlots() - before.paddedSlots(), after.framesPerSecond(),
                    spare.isPresent() ? spare.getAsInt() : -1);
            System.out.flush();
            for (AvatarAnimator animator : animators) {
                animator.close();
            }
        }
    }

    /** Speaks chunk after chunk until {@code end}; returns the frames made and the nanoseconds it took. */
    private static long[] speakUntil(AvatarAnimator animator, List<AudioChunk> speech, long start, long end)
            throws InterruptedException {
        AtomicLong frames = new AtomicLong();
        int next = 0;
        while (System.nanoTime() < end) {
            animator.speak(speech.get(next), frame -> frames.incrementAndGet());
            next = (next + 1) % speech.size();
        }
        animator.endUtterance(frame -> frames.incrementAndGet());
        return new long[] {frames.get(), System.nanoTime() - start};
    }

    /** {@code tenths} tenths of a second of a gliding tone, in 0.1 s chunks. */
    private static List<AudioChunk> speech(int tenths) {
        List<AudioChunk> chunks = new ArrayList<>();
        for (int i = 0; i < tenths; i++) {
            short[] s = new short[CHUNK];
            for (int k = 0; k < CHUNK; k++) {
                double t = (i * CHUNK + k) / (double) RATE;
                s[k] = (short) (8000 * Math.sin(2 * Math.PI * (200 + 150 * Math.sin(3 * t)) * t));
            }
            chunks.add(new AudioChunk(s, RATE));
        }
        return chunks;
    }
}
