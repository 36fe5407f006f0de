package dev.videochat.examples.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The open tabs: a session per page load, found by an unguessable id, closed when its tab says goodbye, when the
 * tab has gone quiet for the timeout (no event stream attached), or when the server stops.
 */
final class WebSessions implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebSessions.class);

    /** Too many tabs are open; answered with 503. */
    static final class Full extends Exception {
        Full(String message) {
            super(message);
        }
    }

    private final DemoEngines engines;
    private final int maxSessions;
    private final boolean stampFrames;
    private volatile Consumer<String> onClose = id -> { };
    private final Map<String, WebSession> open = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger opened = new AtomicInteger();
    private volatile boolean closed;

    WebSessions(DemoEngines engines, int maxSessions, boolean stampFrames) {
        this.engines = engines;
        this.maxSessions = maxSessions;
        this.stampFrames = stampFrames;
    }

    /** Runs {@code action} with the id of each session as it closes (to close its browser peer). */
    void onClose(Consumer<String> action) {
        this.onClose = action;
    }

    DemoEngines engines() {
        return engines;
    }

    /**
     * Opens a session for a new tab with the default avatar and voice.
     *
     * @throws Full when {@code maxSessions} are open
     */
    WebSession create() throws Full {
        if (closed) {
            throw new Http.Refused(503, "the server is stopping");
        }
        if (open.size() >= maxSessions) {
            throw new Full("too many open sessions (" + maxSessions + "): close another tab and reload");
        }
        byte[] id = new byte[16];
        random.nextBytes(id);
        WebSession session = new WebSession(HexFormat.of().formatHex(id), "tab " + opened.incrementAndGet(),
                engines, stampFrames);
        open.put(session.id(), session);
        try {
            session.open(Optional.empty(), Optional.empty());
        } catch (RuntimeException e) {
            open.remove(session.id());
            session.close();
            throw e;
        }
        return session;
    }

    Optional<WebSession> get(String id) {
        return Optional.ofNullable(open.get(id));
    }

    /** How many sessions are open. */
    int size() {
        return open.size();
    }

    void close(String id) {
        WebSession session = open.remove(id);
        if (session != null) {
            onClose.accept(id);
            session.close();
        }
    }

    /** Closes the sessions whose tab has been gone for longer than {@code timeout}. */
    void expire(Duration timeout) {
        List<WebSession> gone = new ArrayList<>();
        open.forEach((id, session) -> {
            if (session.idleLongerThan(timeout.toNanos())) {
                gone.add(session);
            }
        });
        for (WebSession session : gone) {
            log.info("web {}: its tab is gone, closing it", session.tag());
            close(session.id());
        }
    }

    @Override
    public void close() {
        closed = true;
        for (String id : new ArrayList<>(open.keySet())) {
            close(id);
        }
    }
}
