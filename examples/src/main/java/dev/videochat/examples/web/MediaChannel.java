package dev.videochat.examples.web;

import dev.videochat.api.media.ContainerFormat;
import dev.videochat.api.media.MediaSegment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fragmented MP4 stream of one opened session (one generation of a tab's session: a new avatar or voice opens
 * a new one). The muxer's thread hands in the init segment and fragments as they are cut, without ever blocking;
 * one long-lived HTTP response writes them out as they come. A response attaching later gets the init segment
 * again, then the fragments not yet written. The session is live (idle frames between answers), so the stream
 * never ends on its own: when no response takes it, the oldest fragments go first, since a player wants the
 * newest (every fragment starts with a key frame, so playing can start at any of them).
 */
final class MediaChannel implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MediaChannel.class);
    /** Fragments kept while no response takes them (a minute or two of video at a fragment per 0.2 to 1 s). */
    static final int CAPACITY = 512;
    private static final byte[] END = new byte[0];

    private final int generation;
    private final LinkedBlockingDeque<byte[]> fragments = new LinkedBlockingDeque<>(CAPACITY);
    private final CountDownLatch initArrived = new CountDownLatch(1);
    private final AtomicInteger readerTokens = new AtomicInteger();
    private final AtomicLong written = new AtomicLong();
    private volatile byte[] init;
    private volatile boolean closed;
    /** Fragments dropped for want of a reader (the idle feed and a turn's mux stage both hand them in). */
    private final AtomicLong dropped = new AtomicLong();

    MediaChannel(int generation) {
        this.generation = generation;
    }

    /** The session generation this stream belongs to. */
    int generation() {
        return generation;
    }

    /** Takes a segment from the muxer; only fragmented MP4 can go to Media Source Extensions, others are skipped. */
    void offer(MediaSegment segment) {
        if (closed) {
            return;
        }
        if (segment.format() == ContainerFormat.FMP4_INIT) {
            init = segment.data();
            initArrived.countDown();
        } else if (segment.format() == ContainerFormat.FMP4_FRAGMENT) {
            while (!closed && !fragments.offerLast(segment.data())) {
                if (fragments.pollFirst() != null && dropped.getAndIncrement() == 0) {
                    log.info("no player takes the media of generation {}: keeping its newest {} fragments only",
                            generation, CAPACITY);
                }
            }
        }
    }

    /** Waits up to {@code max} for the init segment; empty when it did not come or the channel closed. */
    Optional<byte[]> awaitInit(Duration max) throws InterruptedException {
        initArrived.await(max.toMillis(), TimeUnit.MILLISECONDS);
        return closed ? Optional.empty() : Optional.ofNullable(init);
    }

    /**
     * Writes the init segment, then each fragment as it arrives, until the channel closes, another response takes
     * over, or the client goes away (an {@link IOException}).
     */
    void stream(OutputStream out) throws IOException, InterruptedException {
        int token = readerTokens.incrementAndGet();
        out.write(init);
        out.flush();
        while (!closed && readerTokens.get() == token) {
            byte[] fragment = fragments.pollFirst(1, TimeUnit.SECONDS);
            if (fragment == null) {
                continue;
            }
            if (fragment == END) {
                break;
            }
            if (readerTokens.get() != token) {
                fragments.offerFirst(fragment);
                break;
            }
            out.write(fragment);
            out.flush();
            written.incrementAndGet();
        }
    }

    /** Whether the stream has ended. */
    boolean isClosed() {
        return closed;
    }

    /** How many fragments went out to a player. */
    long fragmentsWritten() {
        return written.get();
    }

    /** Ends the stream: the attached response finishes, and a waiting one gets no init segment. */
    @Override
    public void close() {
        closed = true;
        fragments.clear();
        fragments.offerLast(END);
        initArrived.countDown();
    }
}
