package dev.videochat.core.pipeline;

import dev.videochat.api.StageTimeoutException;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Watches one turn's two deadlines: the turn's overall deadline and each stage's idle deadline (working on its
 * engine without producing anything). Runs on the engine's shared deadline thread, a few times per limit.
 */
final class TurnDeadlines implements Runnable {

    private final TurnRun turn;
    private final Duration turnLimit;
    private final Duration idleLimit;
    private ScheduledFuture<?> check;

    TurnDeadlines(TurnRun turn, Duration turnLimit, Duration idleLimit) {
        this.turn = turn;
        this.turnLimit = turnLimit;
        this.idleLimit = idleLimit;
    }

    synchronized void start(ScheduledExecutorService scheduler) {
        long shortest = Math.min(turnLimit.toNanos(), idleLimit.toNanos());
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(TimeUnit.SECONDS.toNanos(1), shortest / 10));
        check = scheduler.scheduleAtFixedRate(this, period, period, TimeUnit.NANOSECONDS);
    }

    synchronized void stop() {
        if (check != null) {
            check.cancel(false);
        }
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        StageActivity activity = turn.activity;
        int oldest = -1;
        long oldestSince = Long.MAX_VALUE;
        for (int stage = 0; stage < activity.stages(); stage++) {
            long since = activity.busySince(stage);
            if (since == 0) {
                continue;
            }
            if (now - since > idleLimit.toNanos()) {
                turn.timedOut(stage, StageTimeoutException.Kind.STAGE_IDLE, idleLimit);
                return;
            }
            if (since < oldestSince) {
                oldestSince = since;
                oldest = stage;
            }
        }
        if (now - turn.timings.startNanos > turnLimit.toNanos()) {
            turn.timedOut(oldest >= 0 ? oldest : turn.furthestBehind(), StageTimeoutException.Kind.TURN, turnLimit);
        }
    }
}
