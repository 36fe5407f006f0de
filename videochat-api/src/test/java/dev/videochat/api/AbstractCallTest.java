package dev.videochat.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract every engine call inherits: no callback after cancel, completion once, cancel from anywhere. */
@Timeout(120)
class AbstractCallTest {

    private static final int DELIVERERS = 4;
    private static ExecutorService pool;

    @BeforeAll
    static void startThreads() {
        pool = Executors.newFixedThreadPool(DELIVERERS + 1);
    }

    @AfterAll
    static void stopThreads() {
        pool.shutdownNow();
    }

    /** A call whose engine is the test: it delivers, completes and fails by hand. */
    private static final class TestCall extends AbstractCall<String> {
        final AtomicInteger cancelWork = new AtomicInteger();

        TestCall() {
            super(Stage.TTS, "test");
        }

        boolean send(Delivery callback) throws InterruptedException {
            return deliver(callback);
        }

        boolean sendLate(Delivery callback) throws InterruptedException {
            return deliverUnlessCancelled(callback);
        }

        boolean finish(String summary) {
            return complete(summary);
        }

        boolean failWith(Throwable failure) {
            return fail(failure);
        }

        @Override
        protected void cancelWork() {
            cancelWork.incrementAndGet();
        }
    }

    @Test
    void noCallbackStartsOrRunsAfterCancelReturnsWhileSeveralThreadsDeliver() throws Exception {
        for (int round = 0; round < 3_000; round++) {
            TestCall call = new TestCall();
            AtomicLong clock = new AtomicLong();
            ConcurrentLinkedQueue<Long> starts = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Long> ends = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
            AtomicBoolean cancelReturned = new AtomicBoolean();
            CyclicBarrier go = new CyclicBarrier(DELIVERERS + 1);
            List<Future<?>> threads = new ArrayList<>();
            for (int t = 0; t < DELIVERERS; t++) {
                threads.add(pool.submit(() -> {
                    go.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    boolean open = true;
                    while (open) {
                        boolean blocks = random.nextInt(16) == 0;
                        open = call.send(() -> {
                            starts.add(clock.incrementAndGet());
                            if (cancelReturned.get()) {
                                violations.add("a callback started after cancel() returned");
                            }
                            try {
                                // a handler on a full queue: only the cancel's interrupt ends it
                                if (blocks && !new CountDownLatch(1).await(10, TimeUnit.SECONDS)) {
                                    violations.add("a blocked callback was not interrupted");
                                }
                            } finally {
                                ends.add(clock.incrementAndGet());
                            }
                        });
                        if (Thread.currentThread().isInterrupted()) {
                            violations.add("the cancel's interrupt leaked out of deliver");
                        }
                    }
                    return null;
                }));
            }
            int spins = ThreadLocalRandom.current().nextInt(2_000);
            go.await();
            for (int i = 0; i < spins; i++) {
                Thread.onSpinWait();
            }
            call.cancel();
            long cancelReturnedAt = clock.incrementAndGet();
            cancelReturned.set(true);
            for (Future<?> thread : threads) {
                thread.get(30, TimeUnit.SECONDS);
            }

            assertEquals(List.of(), List.copyOf(violations), "round " + round);
            for (long start : starts) {
                assertTrue(start < cancelReturnedAt, "round " + round + ": a callback started after cancel returned");
            }
            for (long end : ends) {
                assertTrue(end < cancelReturnedAt, "round " + round + ": a callback ran on after cancel returned");
            }
            assertTrue(call.result().toCompletableFuture().isCancelled(), "round " + round);
            assertEquals(1, call.cancelWork.get(), "round " + round);
        }
    }

    @Test
    void theResultCompletesExactlyOnceWhenCompleteFailAndCancelRace() throws Exception {
        for (int round = 0; round < 3_000; round++) {
            TestCall call = new TestCall();
            CyclicBarrier go = new CyclicBarrier(3);
            Future<Boolean> completed = pool.submit(() -> {
                go.await();
                return call.finish("done");
            });
            Future<Boolean> failed = pool.submit(() -> {
                go.await();
                return call.failWith(new VideoChatException(Stage.TTS, "test", "broke"));
            });
            Future<?> cancelled = pool.submit(() -> {
                go.await();
                call.cancel();
                return null;
            });
            boolean completeWon = completed.get(30, TimeUnit.SECONDS);
            boolean failWon = failed.get(30, TimeUnit.SECONDS);
            cancelled.get(30, TimeUnit.SECONDS);

            CompletableFuture<String> result = call.result().toCompletableFuture();
            int winners = (completeWon ? 1 : 0) + (failWon ? 1 : 0) + (result.isCancelled() ? 1 : 0);
            assertEquals(1, winners, "round " + round);
            assertTrue(call.isDone());
        }
    }

    @Test
    void aCallbackThatCancelsItsOwnCallReturnsAndNothingIsDeliveredAfterIt() throws Exception {
        TestCall call = new TestCall();
        List<String> heard = new ArrayList<>();

        boolean open = call.send(() -> {
            heard.add("first");
            call.cancel();
            heard.add("after cancel, still inside the callback");
        });

        assertFalse(open, "deliver tells the engine to stop");
        assertFalse(call.send(() -> heard.add("second")));
        assertEquals(List.of("first", "after cancel, still inside the callback"), heard);
        assertThrows(CancellationException.class, call::await);
        assertFalse(Thread.currentThread().isInterrupted(), "cancel does not interrupt its own thread");
    }

    @Test
    void aCancelInterruptsACallbackBlockedOnAFullQueueAndWaitsForItToReturn() throws Exception {
        TestCall call = new TestCall();
        CountDownLatch blocked = new CountDownLatch(1);
        AtomicBoolean returned = new AtomicBoolean();
        Future<Boolean> engine = pool.submit(() -> {
            boolean open = call.send(() -> {
                try {
                    blocked.countDown();
                    new CountDownLatch(1).await();
                } finally {
                    returned.set(true);
                }
            });
            return open || Thread.currentThread().isInterrupted();
        });
        blocked.await();

        call.cancel();

        assertTrue(returned.get(), "the callback had returned when cancel() returned");
        assertFalse(engine.get(10, TimeUnit.SECONDS), "deliver says stop, and the interrupt stays out of the engine");
    }

    @Test
    void everyCancelWaitsForTheCallbackInProgressNotOnlyTheFirst() throws Exception {
        TestCall call = new TestCall();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> engine = pool.submit(() -> call.send(() -> {
            inside.countDown();
            awaitUninterruptibly(release); // a handler that ignores the interrupt for a while
        }));
        inside.await();
        Thread first = new Thread(call::cancel, "first-cancel");
        first.start();
        waitUntilParked(first);
        Thread second = new Thread(call::cancel, "second-cancel");
        second.start();
        waitUntilParked(second);

        assertTrue(first.isAlive() && second.isAlive(), "both cancels wait for the callback");
        release.countDown();
        first.join();
        second.join();
        engine.get(10, TimeUnit.SECONDS);
        assertEquals(1, call.cancelWork.get(), "the work is cancelled once");
    }

    @Test
    void anExceptionFromACallbackLeavesDeliverUnchangedAndReleasesTheGuard() throws Exception {
        TestCall call = new TestCall();
        IllegalStateException bug = new IllegalStateException("the handler broke");
        OutOfMemoryError error = new OutOfMemoryError("test: no memory in the handler");

        assertSame(bug, assertThrows(IllegalStateException.class, () -> call.send(() -> {
            throw bug;
        })));
        assertSame(error, assertThrows(OutOfMemoryError.class, () -> call.send(() -> {
            throw error;
        })));
        assertTrue(call.send(() -> { }), "the next callback runs");
        Future<?> cancel = pool.submit(call::cancel);
        cancel.get(10, TimeUnit.SECONDS);
        assertTrue(call.result().toCompletableFuture().isCancelled());
    }

    @Test
    void anInterruptFromElsewhereReachesTheEngine() {
        TestCall call = new TestCall();
        Thread.currentThread().interrupt();

        assertThrows(InterruptedException.class, () -> call.send(() -> {
            throw new InterruptedException("the engine is closing");
        }));
        assertFalse(call.isCancelled());
        Thread.interrupted();
    }

    @Test
    void completeAndFailAreRefusedOnceCancelHasBeenCalled() {
        TestCall call = new TestCall();
        call.cancel();

        assertFalse(call.finish("too late"));
        assertFalse(call.failWith(new VideoChatException(Stage.TTS, "test", "the socket closed because of the cancel")));
        assertThrows(CancellationException.class, call::await);
        assertEquals("[TTS/test] cancelled", assertThrows(CancellationException.class,
                () -> call.result().toCompletableFuture().join()).getMessage());
    }

    @Test
    void aCancelAfterTheEndKeepsTheSummaryAndReleasesNothing() throws Exception {
        TestCall call = new TestCall();
        assertTrue(call.finish("done"));

        call.cancel();
        call.cancel();

        assertEquals("done", call.await());
        assertEquals(0, call.cancelWork.get());
        assertTrue(call.isCancelled());
    }

    @Test
    void callbacksStopAtTheEndUnlessTheyMayFollowItButNeverFollowACancel() throws Exception {
        TestCall call = new TestCall();
        List<String> heard = new ArrayList<>();
        call.finish("done");

        assertFalse(call.send(() -> heard.add("late audio")));
        assertTrue(call.sendLate(() -> heard.add("late transcript")));
        call.cancel();
        assertFalse(call.sendLate(() -> heard.add("after cancel")));
        assertEquals(List.of("late transcript"), heard);
    }

    @Test
    void theResultIsReadOnlyButCancellingItsFutureCancelsTheCall() throws Exception {
        TestCall call = new TestCall();
        CompletableFuture<String> future = call.result().toCompletableFuture();

        assertThrows(UnsupportedOperationException.class, () -> future.complete("forged"));
        assertThrows(UnsupportedOperationException.class,
                () -> future.completeExceptionally(new IllegalStateException("forged")));
        assertThrows(UnsupportedOperationException.class, () -> future.obtrudeValue("forged"));
        ExecutionException timedOut = assertThrows(ExecutionException.class,
                () -> future.orTimeout(1, TimeUnit.MILLISECONDS).get());
        assertTrue(timedOut.getCause() instanceof TimeoutException);
        assertFalse(call.isDone(), "a timeout ends the wait, not the call");

        assertTrue(future.cancel(true));
        assertTrue(call.isCancelled());
        assertEquals(1, call.cancelWork.get());
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until {@code thread} blocks (on the call's guard) or ends; the test's timeout bounds it. */
    private static void waitUntilParked(Thread thread) throws InterruptedException {
        while (thread.getState() != Thread.State.WAITING && thread.isAlive()) {
            if (Thread.interrupted()) {
                throw new InterruptedException("the test timed out");
            }
            Thread.onSpinWait();
        }
    }
}
