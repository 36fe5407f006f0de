package dev.videochat.tts.synthesis;

import dev.videochat.api.VideoChatException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.SynthesisHandler;
import dev.videochat.api.tts.SynthesisResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SynthesisCallTest {

    private final ExecutorService executor = EngineThreads.executor("test", 2);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void resultCountsSamplesAndRate() throws Exception {
        SynthesisCall call = SynthesisCall.start("test", executor, chunk -> { }, c -> {
            c.deliver(AudioChunk.silence(100, 24_000));
            c.deliver(AudioChunk.silence(50, 24_000));
        });
        SynthesisResult r = call.await();
        assertEquals(new SynthesisResult(24_000, 150, r.timeToFirstAudio()), r);
    }

    @Test
    void aHandlerBlockedWhenCancelledIsInterruptedAndTheInterruptDoesNotLeak() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch workEnded = new CountDownLatch(1);
        AtomicBoolean interruptedAfter = new AtomicBoolean(true);
        AtomicBoolean keepGoing = new AtomicBoolean(true);
        SynthesisHandler handler = chunk -> {
            blocked.countDown();
            new CountDownLatch(1).await(); // waits until interrupted
        };
        SynthesisCall call = SynthesisCall.start("test", executor, handler, c -> {
            keepGoing.set(c.deliver(AudioChunk.silence(10, 16_000)));
            interruptedAfter.set(Thread.currentThread().isInterrupted());
            workEnded.countDown();
        });
        blocked.await();
        call.cancel();
        workEnded.await();
        assertFalse(keepGoing.get());
        assertFalse(interruptedAfter.get());
        assertThrows(CancellationException.class, call::await);
    }

    @Test
    void noCallbackStartsAfterCancelAndHooksRun() throws Exception {
        AtomicInteger callbacks = new AtomicInteger();
        AtomicBoolean hookRan = new AtomicBoolean();
        AtomicBoolean keepGoing = new AtomicBoolean(true);
        CountDownLatch firstDelivered = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        CountDownLatch workEnded = new CountDownLatch(1);
        SynthesisCall call = SynthesisCall.start("test", executor, chunk -> callbacks.incrementAndGet(), c -> {
            c.onCancel(() -> hookRan.set(true));
            c.deliver(AudioChunk.silence(10, 16_000));
            firstDelivered.countDown();
            cancelled.await();
            keepGoing.set(c.deliver(AudioChunk.silence(10, 16_000)));
            workEnded.countDown();
        });
        firstDelivered.await();
        call.cancel();
        cancelled.countDown();
        workEnded.await();
        assertEquals(1, callbacks.get());
        assertFalse(keepGoing.get());
        assertTrue(hookRan.get());
    }

    @Test
    void anEngineFailureNamesTheStageAndProvider() {
        SynthesisCall call = SynthesisCall.start("test", executor, chunk -> { }, c -> {
            throw new java.io.IOException("pipe broke");
        });
        VideoChatException e = assertThrows(VideoChatException.class, call::await);
        assertTrue(e.getMessage().startsWith("[TTS/test]") && e.getMessage().contains("pipe broke"), e.getMessage());
    }

    @Test
    void anErrorThrownByTheEngineFailsTheCallInsteadOfLeavingItWaiting() {
        OutOfMemoryError error = new OutOfMemoryError("test: the engine ran out of memory");
        SynthesisCall call = SynthesisCall.start("test", executor, chunk -> { }, c -> {
            throw error;
        });
        VideoChatException e = assertThrows(VideoChatException.class, call::await);
        assertSame(error, e.getCause());
        assertTrue(e.getMessage().startsWith("[TTS/test]"), e.getMessage());
    }

    @Test
    void anErrorThrownByTheHandlerFailsTheCallInsteadOfLeavingItWaiting() {
        StackOverflowError error = new StackOverflowError("test: the handler recursed");
        SynthesisCall call = SynthesisCall.start("test", executor, chunk -> {
            throw error;
        }, c -> c.deliver(AudioChunk.silence(10, 16_000)));
        VideoChatException e = assertThrows(VideoChatException.class, call::await);
        assertSame(error, e.getCause());
    }

    @Test
    void callsStillWaitingForAThreadWhenTheEngineClosesFail() throws Exception {
        ExecutorService one = EngineThreads.executor("test", 1);
        CountDownLatch running = new CountDownLatch(1);
        SynthesisCall first = SynthesisCall.start("test", one, chunk -> { }, c -> {
            running.countDown();
            new CountDownLatch(1).await(); // until the close interrupts it
        });
        SynthesisCall queued = SynthesisCall.start("test", one, chunk -> { }, c -> { });
        running.await();
        EngineThreads.shutdownNow(one);
        VideoChatException e = assertThrows(VideoChatException.class, queued::await);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(VideoChatException.class, first::await);
    }

    @Test
    void aChangeOfSampleRateWithinOneSynthesisFailsIt() {
        SynthesisCall call = SynthesisCall.start("test", executor, chunk -> { }, c -> {
            c.deliver(AudioChunk.silence(10, 16_000));
            c.deliver(AudioChunk.silence(10, 22_050));
        });
        VideoChatException e = assertThrows(VideoChatException.class, call::await);
        assertTrue(e.getMessage().contains("22050"), e.getMessage());
    }

    @Test
    void aClosedEngineRefusesNewCalls() {
        executor.shutdown();
        assertThrows(IllegalStateException.class, () -> SynthesisCall.start("test", executor, chunk -> { }, c -> { }));
    }
}
