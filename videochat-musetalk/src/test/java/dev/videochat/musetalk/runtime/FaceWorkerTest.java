package dev.videochat.musetalk.runtime;

import dev.videochat.api.VideoChatException;
import dev.videochat.musetalk.MuseTalkVersion;
import dev.videochat.musetalk.audio.AudioPrompts;
import dev.videochat.musetalk.testmodels.TinyMuseTalkModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared face worker on the tiny models (batch 4): each session gets exactly its own faces, batches mix
 * sessions round-robin and are padded only when nothing else waits, cancellation and failure stay within a session.
 * Frame {@code f} of session {@code s} has its own latent, so every face in a test is distinguishable.
 */
class FaceWorkerTest {

    private static final int BATCH = 4;
    private static final int ROWS = 100;
    private static final float[] STATES = new float[ROWS * AudioPrompts.ROW_SIZE];

    @TempDir
    Path dir;
    private MuseTalkRuntime runtime;
    private final Map<Long, byte[]> expected = new HashMap<>();

    @BeforeEach
    void open() throws Exception {
        runtime = MuseTalkRuntime.open(TinyMuseTalkModels.writeSeparate(dir),
                MuseTalkOptions.builder().device(ExecutionDevice.CPU).batchSize(BATCH).intraOpThreads(1).build(),
                List::of);
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    /** A worker whose batches the test runs one at a time, so their composition is deterministic. */
    private FaceWorker stepped(List<FaceWorker.BatchComposition> batches) {
        FaceWorker worker = new FaceWorker(runtime.faces(), SessionAdmission.off(), null, false);
        worker.observeBatches(batches::add);
        return worker;
    }

    private static float[] latent(int session, int frame) {
        float[] latent = new float[FaceGenerator.LATENT_FLOATS];
        for (int k = 0; k < latent.length; k++) {
            latent[k] = (float) Math.sin(k * 0.01 + session * 0.7 + frame * 0.13) * 0.5f;
        }
        return latent;
    }

    /** Frames {@code first …} of session {@code session}. */
    private static FaceRequest request(int session, int first) {
        return (frame, slot) -> {
            slot.latent(latent(session, first + frame));
            slot.prompt(MuseTalkVersion.V1_5, STATES, ROWS, first + frame, 25);
        };
    }

    /** The face of frame {@code frame} of {@code session}, generated alone on the runtime's own generator. */
    private byte[] expected(int session, int frame) {
        return expected.computeIfAbsent(session * 100_000L + frame, k -> {
            FaceGenerator faces = runtime.faces();
            for (int slot = 0; slot < BATCH; slot++) {
                faces.setLatent(slot, latent(session, frame));
                faces.setPrompt(slot, MuseTalkVersion.V1_5, STATES, ROWS, frame, 25);
            }
            faces.generate();
            byte[] face = new byte[FaceGenerator.FRAME_BYTES];
            faces.frames().get(0, face);
            return face;
        });
    }

    private void assertFaces(int session, int first, GeneratedFaces faces) {
        byte[] face = new byte[FaceGenerator.FRAME_BYTES];
        for (int f = 0; f < faces.frames(); f++) {
            faces.bgr(f, face);
            assertArrayEquals(expected(session, first + f), face, "session " + session + " frame " + (first + f));
        }
    }

    private static void runAll(FaceWorker worker) {
        while (worker.runBatch() > 0) {
            // one batch per call
        }
    }

    @ParameterizedTest(name = "{0} sessions")
    @ValueSource(ints = {2, 8})
    void sessionsSharingTheWorkerEachGetExactlyTheirOwnFramesInOrder(int sessions) throws Exception {
        for (int s = 0; s < sessions; s++) {
            for (int f = 0; f < 12; f++) {
                expected(s, f); // computed before the worker thread owns the generator
            }
        }
        FaceWorker worker = runtime.worker();
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        try {
            List<Future<List<byte[]>>> results = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                int session = s;
                results.add(pool.submit(() -> {
                    List<byte[]> got = new ArrayList<>();
                    try (FaceStream stream = worker.openStream("s" + session)) {
                        for (int first = 0; first < 12; first += 3) {
                            try (GeneratedFaces faces = stream.submit(3, request(session, first)).get()) {
                                for (int f = 0; f < faces.frames(); f++) {
                                    byte[] face = new byte[FaceGenerator.FRAME_BYTES];
                                    faces.bgr(f, face);
                                    got.add(face);
                                }
                            }
                        }
                    }
                    return got;
                }));
            }
            for (int s = 0; s < sessions; s++) {
                List<byte[]> got = results.get(s).get();
                assertEquals(12, got.size());
                for (int f = 0; f < 12; f++) {
                    assertArrayEquals(expected(s, f), got.get(f), "session " + s + " frame " + f);
                }
            }
            assertEquals(sessions * 12L, worker.stats().frames());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eachBatchTakesOneFrameFromEveryWaitingSessionInTurn() throws Exception {
        List<FaceWorker.BatchComposition> batches = new ArrayList<>();
        FaceWorker worker = stepped(batches);
        FaceStream a = worker.openStream("a");
        FaceStream b = worker.openStream("b");
        FaceStream c = worker.openStream("c");
        CompletableFuture<GeneratedFaces> fa = a.submit(3, request(0, 0));
        CompletableFuture<GeneratedFaces> fb = b.submit(5, request(1, 0));
        CompletableFuture<GeneratedFaces> fc = c.submit(1, request(2, 0));
        runAll(worker);
        String na = a.name();
        String nb = b.name();
        String nc = c.name();
        assertEquals(List.of(
                new FaceWorker.BatchComposition(List.of(na, nb, nc, na), 0),
                new FaceWorker.BatchComposition(List.of(nb, na, nb, nb), 0),
                new FaceWorker.BatchComposition(List.of(nb), 3)), batches);
        assertFaces(0, 0, fa.get());
        assertFaces(1, 0, fb.get());
        assertFaces(2, 0, fc.get());
        FaceWorker.Stats stats = worker.stats();
        assertEquals(3, stats.batches());
        assertEquals(9, stats.frames());
        assertEquals(3, stats.paddedSlots());
    }

    @Test
    void aShortSubmissionIsFilledUpWithAnotherSessionsFramesNotWithRepeats() throws Exception {
        List<FaceWorker.BatchComposition> batches = new ArrayList<>();
        FaceWorker worker = stepped(batches);
        FaceStream a = worker.openStream("a");
        FaceStream b = worker.openStream("b");
        CompletableFuture<GeneratedFaces> fa = a.submit(1, request(0, 0));
        CompletableFuture<GeneratedFaces> fb = b.submit(7, request(1, 0));
        runAll(worker);
        assertEquals(2, batches.size());
        assertEquals(List.of(a.name(), b.name(), b.name(), b.name()), batches.get(0).streams());
        assertTrue(batches.stream().allMatch(batch -> batch.padded() == 0), batches.toString());
        assertFaces(0, 0, fa.get());
        assertFaces(1, 0, fb.get());
    }

    @Test
    void aLoneSessionsPartialBatchIsPaddedOnlyBecauseNothingElseWaits() throws Exception {
        List<FaceWorker.BatchComposition> batches = new ArrayList<>();
        FaceWorker worker = stepped(batches);
        FaceStream a = worker.openStream("a");
        CompletableFuture<GeneratedFaces> fa = a.submit(2, request(0, 5));
        runAll(worker);
        assertEquals(List.of(new FaceWorker.BatchComposition(List.of(a.name(), a.name()), 2)), batches);
        assertFaces(0, 5, fa.get());
    }

    @Test
    void closingASessionDropsItsQueuedFramesAndLeavesTheOthersUntouched() throws Exception {
        List<FaceWorker.BatchComposition> batches = new ArrayList<>();
        FaceWorker worker = stepped(batches);
        FaceStream a = worker.openStream("a");
        FaceStream b = worker.openStream("b");
        CompletableFuture<GeneratedFaces> a1 = a.submit(4, request(0, 0));
        CompletableFuture<GeneratedFaces> a2 = a.submit(4, request(0, 4));
        CompletableFuture<GeneratedFaces> b1 = b.submit(4, request(1, 0));
        a.close();
        assertTrue(a1.isCancelled() && a2.isCancelled());
        runAll(worker);
        assertEquals(List.of(new FaceWorker.BatchComposition(List.of(b.name(), b.name(), b.name(), b.name()), 0)),
                batches);
        assertFaces(1, 0, b1.get());
        assertThrows(IllegalStateException.class, () -> a.submit(1, request(0, 8)));
    }

    @Test
    void aCancelledSubmissionLosesItsFramesWhileTheSessionsNextOneRuns() throws Exception {
        List<FaceWorker.BatchComposition> batches = new ArrayList<>();
        FaceWorker worker = stepped(batches);
        FaceStream a = worker.openStream("a");
        CompletableFuture<GeneratedFaces> first = a.submit(4, request(0, 0));
        CompletableFuture<GeneratedFaces> second = a.submit(2, request(0, 4));
        first.cancel(false);
        runAll(worker);
        assertEquals(1, batches.size());
        assertEquals(2, batches.get(0).streams().size());
        assertFaces(0, 4, second.get());
    }

    @Test
    void aRequestThatThrowsFailsOnlyItsOwnSubmission() throws Exception {
        List<FaceWorker.BatchComposition> batches = new ArrayList<>();
        FaceWorker worker = stepped(batches);
        FaceStream a = worker.openStream("a");
        FaceStream b = worker.openStream("b");
        FaceRequest broken = (frame, slot) -> {
            if (frame == 1) {
                throw new IllegalArgumentException("no latent for frame 1");
            }
            request(0, 0).write(frame, slot);
        };
        CompletableFuture<GeneratedFaces> failing = a.submit(3, broken);
        CompletableFuture<GeneratedFaces> fb = b.submit(5, request(1, 0));
        runAll(worker);
        ExecutionException e = assertThrows(ExecutionException.class, failing::get);
        VideoChatException cause = assertInstanceOf(VideoChatException.class, e.getCause());
        assertTrue(cause.getMessage().contains("frame 1 of FaceStream[" + a.name() + "]")
                && cause.getMessage().contains("no latent for frame 1"), cause.getMessage());
        assertFaces(1, 0, fb.get());
        // The session itself goes on.
        CompletableFuture<GeneratedFaces> next = a.submit(2, request(0, 3));
        runAll(worker);
        assertFaces(0, 3, next.get());
    }

    @Test
    void aStreamReadsOneBufferWhileTheWorkerFillsTheOtherAndReusesBoth() throws Exception {
        FaceWorker worker = stepped(new ArrayList<>());
        FaceStream a = worker.openStream("a");
        CompletableFuture<GeneratedFaces> first = a.submit(4, request(0, 0));
        CompletableFuture<GeneratedFaces> second = a.submit(4, request(0, 4));
        runAll(worker);
        GeneratedFaces one = first.get();
        GeneratedFaces two = second.get();
        assertFalse(one == two, "two submissions in flight use two buffers");
        assertFaces(0, 0, one);
        one.close();
        two.close();
        CompletableFuture<GeneratedFaces> third = a.submit(4, request(0, 8));
        runAll(worker);
        GeneratedFaces reused = third.get();
        assertTrue(reused == one || reused == two, "a closed buffer serves the next submission");
        assertFaces(0, 8, reused);
    }

    @Test
    void closingTheWorkerCancelsWhatIsQueued() {
        FaceWorker worker = stepped(new ArrayList<>());
        FaceStream a = worker.openStream("a");
        CompletableFuture<GeneratedFaces> pending = a.submit(4, request(0, 0));
        worker.close();
        assertThrows(CancellationException.class, pending::join);
        assertThrows(IllegalStateException.class, () -> worker.openStream("late"));
    }

    @Test
    void admissionRefusesTheSessionPastTheMeasuredCapacity() {
        SessionAdmission refuse = SessionAdmission.off().withPolicy(SessionAdmission.Policy.REFUSE);
        // 100 frames/s at 90 % carries floor(90 / 25) = 3 sessions.
        FaceWorker worker = new FaceWorker(runtime.faces(), refuse, () -> 100.0, false);
        List<FaceStream> admitted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            admitted.add(worker.openStream("s" + i));
        }
        assertEquals(3, worker.stats().sessionCapacity());
        SessionRefusedException e = assertThrows(SessionRefusedException.class, () -> worker.openStream("fourth"));
        assertTrue(e.getMessage().contains("100.0 frames/s") && e.getMessage().contains("carries 3 sessions at 25 fps")
                && e.getMessage().contains("fourth"), e.getMessage());
        assertEquals(100.0, e.framesPerSecond());
        assertEquals(3, e.capacity());
        admitted.get(0).close();
        FaceStream again = worker.openStream("after a close");
        assertEquals(3, worker.stats().openSessions());
        again.close();
    }

    @Test
    void theSpareSessionsAreTheCapacityAdmissionJudgesByLessTheOpenOnes() {
        SessionAdmission refuse = SessionAdmission.off().withPolicy(SessionAdmission.Policy.REFUSE);
        FaceWorker worker = new FaceWorker(runtime.faces(), refuse, () -> 100.0, false); // carries 3
        assertEquals(java.util.OptionalInt.of(3), worker.spareSessions());
        FaceStream first = worker.openStream("first");
        worker.openStream("second");
        assertEquals(java.util.OptionalInt.of(1), worker.spareSessions());
        worker.openStream("third");
        assertEquals(java.util.OptionalInt.of(0), worker.spareSessions());
        assertThrows(SessionRefusedException.class, () -> worker.openStream("fourth"));
        first.close();
        assertEquals(java.util.OptionalInt.of(1), worker.spareSessions());
        FaceWorker unmeasured = stepped(new ArrayList<>());
        assertEquals(java.util.OptionalInt.empty(), unmeasured.spareSessions(), "no measurement, no figure");
    }

    @Test
    void admissionOffTakesEverySession() {
        FaceWorker worker = new FaceWorker(runtime.faces(), SessionAdmission.off(), () -> 25.0, false);
        for (int i = 0; i < 5; i++) {
            worker.openStream("s" + i);
        }
        assertEquals(5, worker.stats().openSessions());
        assertEquals(0, worker.stats().sessionCapacity());
    }

    @Test
    void aQueuedSessionIsAdmittedWhenAnotherCloses() throws Exception {
        SessionAdmission queue = new SessionAdmission(SessionAdmission.Policy.QUEUE, 25,
                java.time.Duration.ofMinutes(5));
        FaceWorker worker = new FaceWorker(runtime.faces(), queue, () -> 30.0, false); // carries 1
        FaceStream first = worker.openStream("first");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<FaceStream> second = pool.submit(() -> worker.openStream("second"));
            first.close();
            assertTrue(second.get().name().startsWith("second"));
            assertEquals(1, worker.stats().openSessions());
        } finally {
            pool.shutdownNow();
        }
        SessionAdmission noWait = new SessionAdmission(SessionAdmission.Policy.QUEUE, 25, java.time.Duration.ZERO);
        FaceWorker full = new FaceWorker(runtime.faces(), noWait, () -> 30.0, false);
        full.openStream("only");
        SessionRefusedException e = assertThrows(SessionRefusedException.class, () -> full.openStream("late"));
        assertTrue(e.getMessage().contains("after waiting 0 ms"), e.getMessage());
    }

    @Test
    void theWorkerMeasuresTheRateOfItsBatches() {
        FaceWorker worker = stepped(new ArrayList<>());
        assertTrue(Double.isNaN(worker.stats().framesPerSecond()));
        assertEquals(-1, worker.stats().sessionCapacity(), "no measurement, no capacity");
        worker.calibrate(2);
        FaceWorker.Stats stats = worker.stats();
        assertTrue(stats.framesPerSecond() > 0, "measured " + stats.framesPerSecond());
        assertEquals((int) Math.floor(stats.framesPerSecond() * 0.9 / 25), stats.sessionCapacity());
        assertEquals(0, stats.batches(), "calibration batches serve no session");
    }
}
