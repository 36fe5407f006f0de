package dev.videochat.core.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps a live session's stream going between turns: while no turn runs, it writes the avatar's idle frames with
 * matching silence so the media timeline keeps up with the wall clock (never ahead of it), and cuts a segment
 * every second. A live output (RTMP, live HLS) therefore never stalls. One thread per live session.
 */
final class IdleFeed implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(IdleFeed.class);
    /** At most this many frames are written in one catch-up, so a stalled stream resumes without a burst. */
    private static final int MAX_CATCH_UP_FRAMES = 25;

    private final Session session;
    private final ReentrantLock mediaLock;
    private final Thread thread;
    private volatile boolean running = true;
    private long startNanos;
    private int framesSinceCut;

    IdleFeed(Session session, ReentrantLock mediaLock) {
        this.session = session;
        this.mediaLock = mediaLock;
        this.thread = new Thread(this, "videochat-" + session.id() + "-idle");
        thread.setDaemon(true);
    }

    void start() {
        startNanos = System.nanoTime();
        thread.start();
    }

    /** The wall-clock instant ({@link System#nanoTime()}) at which the stream's media time was 0. */
    long originNanos() {
        return startNanos;
    }

    @Override
    public void run() {
        MediaTimeline timeline = session.timeline();
        int fps = timeline.format().fps();
        long tick = TimeUnit.SECONDS.toNanos(1) / fps;
        long next = System.nanoTime();
        while (running) {
            next += tick;
            LockSupport.parkNanos(next - System.nanoTime());
            mediaLock.lock();
            try {
                if (running && !session.hasActiveTurn()) {
                    catchUp(timeline, fps);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("session {}: idle frames failed, the live stream stops: {}", session.id(), e.toString());
                return;
            } finally {
                mediaLock.unlock();
            }
        }
    }

    private void catchUp(MediaTimeline timeline, int fps) throws InterruptedException {
        long wallFrames = (System.nanoTime() - startNanos) * fps / TimeUnit.SECONDS.toNanos(1);
        long owed = Math.min(MAX_CATCH_UP_FRAMES, wallFrames - timeline.frames());
        if (owed <= 0) {
            return;
        }
        timeline.writeIdle(session.animator(), (int) owed, () -> {
            if (++framesSinceCut >= fps) {
                timeline.cut();
                framesSinceCut = 0;
            }
        });
    }

    /** Cuts the idle media written since the last cut, so a turn's first segment holds only its own media. */
    void cutBeforeTurn() {
        if (framesSinceCut > 0) {
            session.timeline().cut();
            framesSinceCut = 0;
        }
    }

    void stop() {
        running = false;
        // Not interrupt(): an interrupt in the middle of a write closes the muxer's file channel
        // (ClosedByInterruptException) and loses the session's recording. The loop parks at most one frame.
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
