package dev.videochat.llm;

import dev.videochat.api.AbstractCall;
import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.llm.ChatHandler;
import dev.videochat.api.llm.ChatRequest;
import dev.videochat.api.llm.ChatResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One streaming chat completion: sends the request (repeating it, with backoff, while no delta has been
 * delivered and the first-delta-timeout leaves time), reads the stream on the thread that runs it, hands deltas
 * to the handler and completes {@link #result()} with the answer and its timings. Whatever happens on that
 * thread, an {@link Error} included, completes the result: no caller is left waiting.
 *
 * <p>Cancelling closes the response stream (or aborts the request still waiting for headers) and interrupts the
 * running thread (a retry's backoff); {@link AbstractCall} interrupts a handler that is blocked and waits for a delta
 * being delivered to return, so that once {@link #cancel()} returns the handler hears nothing more.
 */
final class StreamingChatCall extends AbstractCall<ChatResult> implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamingChatCall.class);
    private static final long MAX_BACKOFF_MILLIS = 10_000;
    private static final int MAX_LINE_BYTES = 4 * 1024 * 1024;
    private static final int READ_BUFFER_BYTES = 8 * 1024;

    private final ChatEndpoint endpoint;
    private final HttpClient client;
    private final ScheduledExecutorService scheduler;
    private final ChatRequest request;
    private final ChatHandler handler;
    private final Consumer<StreamingChatCall> onEnd;
    private final Object transport = new Object();
    private Thread runner;                         // guarded by transport
    private CompletableFuture<?> pendingResponse;  // guarded by transport
    private InputStream body;                      // guarded by transport
    private final Answer answer = new Answer();

    StreamingChatCall(ChatEndpoint endpoint, HttpClient client, ScheduledExecutorService scheduler,
                      ChatRequest request, ChatHandler handler, Consumer<StreamingChatCall> onEnd) {
        super(Stage.LLM, endpoint.provider());
        this.endpoint = endpoint;
        this.client = client;
        this.scheduler = scheduler;
        this.request = request;
        this.handler = handler;
        this.onEnd = onEnd;
    }

    @Override
    protected void cancelWork() {
        synchronized (transport) {
            if (pendingResponse != null) {
                pendingResponse.cancel(true);
            }
            closeQuietly(body);
            if (runner != null && runner != Thread.currentThread()) {
                runner.interrupt(); // wakes a retry's backoff or a request waiting for its headers
            }
        }
        LOG.debug("[LLM/{}] chat cancelled", endpoint.provider());
    }

    @Override
    public void run() {
        synchronized (transport) {
            if (isCancelled()) {
                onEnd.accept(this);
                return;
            }
            runner = Thread.currentThread();
        }
        try {
            ChatResult summary = execute();
            complete(summary);
            LOG.debug("[LLM/{}] answer done: {} deltas, first after {} ms, {} tokens/s, finish {}",
                    endpoint.provider(), summary.deltaCount(), summary.timeToFirstDelta().toMillis(),
                    String.format(java.util.Locale.ROOT, "%.1f", summary.tokensPerSecond()), summary.finishReason());
        } catch (Throwable e) { // anything at all, an Error included, must end the call: its caller is waiting
            if (isCancelled()) {
                LOG.trace("[LLM/{}] the stream ended after cancel: {}", endpoint.provider(), e.toString());
            } else if (e instanceof InterruptedException) {
                fail(new VideoChatException(Stage.LLM, endpoint.provider(),
                        "interrupted while streaming the answer (the chat model is closing)", e));
            } else if (e instanceof RuntimeException) {
                fail(e);
            } else {
                fail(new VideoChatException(Stage.LLM, endpoint.provider(),
                        "the thread streaming the answer failed with " + e + "; the answer is lost", e));
                LOG.error("[LLM/{}] the thread streaming the answer failed", endpoint.provider(), e);
            }
        } finally {
            synchronized (transport) {
                runner = null;
            }
            Thread.interrupted(); // a cancel's interrupt must not leak into the pool's next task
            onEnd.accept(this);
        }
    }

    /**
     * Makes attempts until one succeeds, fails for good, or a retry would not fit in the first-delta-timeout: a
     * retry starts only while a whole headers-timeout still fits before it, so no attempt waits less for its
     * headers than the first one did.
     */
    private ChatResult execute() throws InterruptedException {
        long start = System.nanoTime();
        long firstDeltaDeadline = start + endpoint.firstDeltaTimeout().toNanos();
        byte[] requestBody = RequestBodies.write(endpoint, request);
        List<ChatFailure> earlier = new ArrayList<>();
        for (int retry = 0; ; retry++) {
            try {
                return attempt(requestBody, start, firstDeltaDeadline);
            } catch (ChatFailure e) {
                if (isCancelled()) {
                    throw e;
                }
                long delay = Math.min(MAX_BACKOFF_MILLIS, endpoint.retryBackoff().toMillis() << Math.min(retry, 20));
                long now = System.nanoTime();
                boolean wanted = e.retryable() && !answer.deliveredAny && retry < endpoint.maxRetries();
                boolean fits = now + TimeUnit.MILLISECONDS.toNanos(delay) + endpoint.headersTimeout().toNanos()
                        <= firstDeltaDeadline;
                if (!wanted || !fits) {
                    throw earlier.isEmpty() && !wanted ? e
                            : Failures.gaveUp(endpoint, e, earlier, Duration.ofNanos(now - start), wanted);
                }
                earlier.add(e);
                LOG.warn("{}; retry {} of {} in {} ms", e.getMessage(), retry + 1, endpoint.maxRetries(), delay);
                Thread.sleep(delay);
            }
        }
    }

    private ChatResult attempt(byte[] requestBody, long start, long firstDeltaDeadline)
            throws InterruptedException {
        // retries start only with a whole headers-timeout left, so only a shorter first-delta-timeout cuts it
        Duration headersWait = endpoint.headersTimeout().compareTo(endpoint.firstDeltaTimeout()) <= 0
                ? endpoint.headersTimeout() : endpoint.firstDeltaTimeout();
        CompletableFuture<HttpResponse<InputStream>> sent = client.sendAsync(
                HttpRequests.build(endpoint, requestBody, headersWait), HttpResponse.BodyHandlers.ofInputStream());
        synchronized (transport) {
            if (isCancelled()) {
                sent.cancel(true);
                throw new CancellationException();
            }
            pendingResponse = sent;
        }
        HttpResponse<InputStream> response;
        try {
            response = sent.get();
        } catch (ExecutionException e) {
            throw Failures.send(endpoint, e.getCause(), headersWait);
        } finally {
            synchronized (transport) {
                pendingResponse = null;
            }
        }
        InputStream in = response.body();
        synchronized (transport) {
            if (isCancelled()) {
                closeQuietly(in);
                throw new CancellationException();
            }
            body = in;
        }
        try (ContentWatchdog watchdog = new ContentWatchdog(scheduler, endpoint.readTimeout().toNanos(),
                firstDeltaDeadline, () -> !answer.deliveredAny, this::closeBody)) {
            int status = response.statusCode();
            if (status / 100 != 2) {
                throw Failures.status(endpoint, status, readErrorBody(in),
                        response.headers().firstValue("retry-after").orElse(null));
            }
            readStream(in, watchdog, response);
        } finally {
            closeBody();
        }
        long end = System.nanoTime();
        Duration total = Duration.ofNanos(end - start);
        Duration first = answer.deltas == 0 ? total : Duration.ofNanos(answer.firstDeltaNanos - start);
        return new ChatResult(answer.text.toString(), answer.finishReason == null ? "unknown" : answer.finishReason,
                first, total, answer.deltas, answer.completionTokens);
    }

    /** Reads the body of an error status; the watchdog closes it if it takes longer than the read timeout. */
    private String readErrorBody(InputStream in) {
        try {
            return ErrorBodies.read(in);
        } catch (IOException e) {
            return "(the error body could not be read: " + e.getMessage() + ")";
        }
    }

    private void readStream(InputStream in, ContentWatchdog watchdog, HttpResponse<?> response)
            throws InterruptedException {
        ServerSentEvents events = null;
        LineFramer framer;
        if (endpoint.format() == ChatWireFormat.OPENAI) {
            events = new ServerSentEvents(watchdog.watchEvents(new OpenAiChunkDecoder(answer)));
            framer = new LineFramer(watchdog.watchEventLines(events), MAX_LINE_BYTES);
        } else {
            framer = new LineFramer(watchdog.watchJsonLines(new OllamaChunkDecoder(answer)), MAX_LINE_BYTES);
        }
        byte[] buffer = new byte[READ_BUFFER_BYTES];
        try {
            while (!answer.done) {
                int n = in.read(buffer);
                if (n < 0) {
                    framer.finish();
                    if (events != null) {
                        events.finish();
                    }
                    break;
                }
                framer.feed(buffer, 0, n);
            }
        } catch (IOException e) {
            if (isCancelled()) {
                throw new CancellationException();
            }
            if (watchdog.expired() != null) {
                throw Failures.stalled(endpoint, answer.deltas,
                        watchdog.expired() == ContentWatchdog.Expiry.FIRST_DELTA_DEADLINE, watchdog.keepAlivesOnly());
            }
            throw Failures.broken(endpoint, answer.deltas, e);
        } catch (StreamFailure e) {
            throw Failures.stream(endpoint, e);
        }
        if (!answer.done) {
            throw Failures.unfinished(endpoint, answer.deltas,
                    response.headers().firstValue("content-type").orElse("none"));
        }
    }

    private void closeBody() {
        synchronized (transport) {
            closeQuietly(body);
            body = null;
        }
    }

    private static void closeQuietly(InputStream in) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException e) {
            LOG.trace("closing a response stream failed", e);
        }
    }

    /** Collects the answer and hands its deltas to the handler; used only by the running thread. */
    private final class Answer implements StreamListener {
        final StringBuilder text = new StringBuilder();
        long firstDeltaNanos;
        int deltas;
        /** Read by the watchdog's thread: the first-delta deadline ends as a delta is delivered. */
        volatile boolean deliveredAny;
        String finishReason;
        int completionTokens = -1;
        boolean done;

        @Override
        public void content(String delta) throws InterruptedException {
            if (done) {
                return; // nothing counts after the end marker, even if the same read carried more
            }
            boolean open = deliver(() -> {
                if (deltas++ == 0) {
                    firstDeltaNanos = System.nanoTime();
                }
                deliveredAny = true;
                text.append(delta);
                handler.onDelta(delta);
            });
            if (!open) {
                throw new CancellationException();
            }
        }

        @Override
        public void reasoning(String delta) throws InterruptedException {
            if (done) {
                return;
            }
            boolean open = deliver(() -> {
                deliveredAny = true;
                handler.onReasoningDelta(delta);
            });
            if (!open) {
                throw new CancellationException();
            }
        }

        @Override
        public void finishReason(String reason) {
            finishReason = reason;
        }

        @Override
        public void completionTokens(int tokens) {
            completionTokens = tokens;
        }

        @Override
        public void done() {
            done = true;
        }
    }
}
