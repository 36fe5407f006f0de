package dev.videochat.musetalk.kserve;

import com.google.common.util.concurrent.ListenableFuture;
import dev.videochat.api.RemoteServiceException;
import dev.videochat.api.Stage;
import dev.videochat.musetalk.kserve.protocol.GRPCInferenceServiceGrpc;
import dev.videochat.musetalk.kserve.protocol.GRPCInferenceServiceGrpc.GRPCInferenceServiceFutureStub;
import dev.videochat.musetalk.kserve.protocol.ModelInferRequest;
import dev.videochat.musetalk.kserve.protocol.ModelInferResponse;
import dev.videochat.musetalk.kserve.protocol.ModelMetadataRequest;
import dev.videochat.musetalk.kserve.protocol.ModelMetadataResponse;
import dev.videochat.musetalk.kserve.protocol.ModelReadyRequest;
import dev.videochat.musetalk.kserve.protocol.ServerReadyRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One gRPC channel to a KServe v2 server, with the threads it runs on (one event loop, one callback thread, both
 * named {@code videochat-kserve-N-...}) owned here, so {@link #close()} leaves none behind. Every call is blocking
 * for its caller, has its own deadline, is retried on UNAVAILABLE with a doubling back-off, and can be cancelled
 * through its {@link RemoteCall}.
 */
final class KServeClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KServeClient.class);
    private static final AtomicInteger CLIENTS = new AtomicInteger();
    /** Whisper's states are 11.5 MB a window and a decoder batch of 16 is 12.6 MB: far past gRPC's 4 MiB default. */
    private static final int MAX_MESSAGE_BYTES = 256 << 20;

    private final KServeOptions options;
    private final EventLoopGroup eventLoop;
    private final ExecutorService callbacks;
    private final ManagedChannel channel;
    private final GRPCInferenceServiceFutureStub stub;
    /** Every thread made for this client, joined on close: an executor reports termination before they end. */
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    KServeClient(KServeOptions options) {
        this.options = options;
        String prefix = "videochat-kserve-" + CLIENTS.incrementAndGet();
        this.eventLoop = new NioEventLoopGroup(1, daemon(prefix + "-io"));
        this.callbacks = Executors.newSingleThreadExecutor(daemon(prefix + "-callback"));
        URI url = options.url();
        this.channel = NettyChannelBuilder.forAddress(url.getHost(), url.getPort())
                .usePlaintext()
                .eventLoopGroup(eventLoop)
                .channelType(NioSocketChannel.class)
                .executor(callbacks)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .build();
        this.stub = GRPCInferenceServiceGrpc.newFutureStub(channel);
    }

    private ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            threads.add(t);
            return t;
        };
    }

    URI url() {
        return options.url();
    }

    KServeOptions options() {
        return options;
    }

    /** Whether the server says it is ready. */
    boolean serverReady() {
        return call("the server readiness check", s -> s.serverReady(ServerReadyRequest.getDefaultInstance()),
                new RemoteCall()).getReady();
    }

    /** Whether model {@code name} is ready; a server that does not know the model answers false or NOT_FOUND. */
    boolean modelReady(String name) {
        try {
            return call("the readiness check of model '" + name + "'",
                    s -> s.modelReady(ModelReadyRequest.newBuilder().setName(name).build()), new RemoteCall()).getReady();
        } catch (RemoteServiceException e) {
            if (e.status().orElse(-1) == Status.Code.NOT_FOUND.value()) {
                return false;
            }
            throw e;
        }
    }

    /** Model {@code name}'s inputs and outputs. */
    ModelMetadataResponse metadata(String name) {
        return call("the metadata of model '" + name + "'",
                s -> s.modelMetadata(ModelMetadataRequest.newBuilder().setName(name).build()), new RemoteCall());
    }

    /** One inference, cancellable through {@code scope}. */
    ModelInferResponse infer(ModelInferRequest request, RemoteCall scope) {
        return call("inference on model '" + request.getModelName() + "'", s -> s.modelInfer(request), scope);
    }

    /**
     * Sends a call, retrying on UNAVAILABLE, and waits for its answer.
     *
     * @throws RemoteServiceException naming {@code what}, the server and the gRPC status, with what to do
     * @throws CancellationException  when {@code scope} was cancelled or the waiting thread interrupted (its interrupt
     *                                flag is set again)
     */
    private <T> T call(String what, Function<GRPCInferenceServiceFutureStub, ListenableFuture<T>> send,
                       RemoteCall scope) {
        long backoff = options.backoff().toNanos();
        for (int attempt = 0; ; attempt++) {
            ListenableFuture<T> future = send.apply(stub.withDeadlineAfter(options.deadline().toNanos(),
                    TimeUnit.NANOSECONDS));
            scope.attempt(future);
            try {
                return future.get();
            } catch (InterruptedException e) {
                future.cancel(true);
                Thread.currentThread().interrupt();
                throw new CancellationException(what + " was cancelled: the waiting thread was interrupted");
            } catch (CancellationException e) {
                throw new CancellationException(what + " was cancelled");
            } catch (ExecutionException e) {
                Status status = Status.fromThrowable(e.getCause());
                if (scope.cancelled()) {
                    throw new CancellationException(what + " was cancelled");
                }
                if (status.getCode() == Status.Code.CANCELLED) {
                    // Not cancelled here, so by the other end: a server shutting down cancels what it holds.
                    status = Status.UNAVAILABLE.withDescription("the server cancelled the call ("
                            + status.getDescription() + ")").withCause(status.getCause());
                }
                if (status.getCode() != Status.Code.UNAVAILABLE || attempt >= options.retries()) {
                    throw failure(what, status, attempt + 1, e.getCause());
                }
                LOG.debug("{} on {}: UNAVAILABLE ({}), attempt {} of {}; retrying in {} ms", what, url(),
                        status.getDescription(), attempt + 1, options.retries() + 1, backoff / 1_000_000);
                try {
                    scope.backOff(backoff, what);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException(what + " was cancelled: the waiting thread was interrupted");
                }
                backoff = Math.min(backoff * 2, KServeOptions.MAX_BACKOFF.toNanos());
            }
        }
    }

    private RemoteServiceException failure(String what, Status status, int attempts, Throwable cause) {
        String detail = status.getDescription() == null ? "" : ": " + status.getDescription();
        String message = switch (status.getCode()) {
            case UNAVAILABLE -> "the KServe server could not be reached for " + what + " (" + attempts
                    + (attempts == 1 ? " attempt" : " attempts") + detail + "); check that it runs and listens at "
                    + url() + " (setting kserve-url), or raise kserve-retries";
            case DEADLINE_EXCEEDED -> what + " took longer than its deadline of " + options.deadline().toMillis()
                    + " ms" + detail + "; the server is overloaded or the deadline too short (setting kserve-deadline)";
            default -> what + " failed with " + status.getCode() + detail;
        };
        boolean retryable = status.getCode() == Status.Code.UNAVAILABLE
                || status.getCode() == Status.Code.DEADLINE_EXCEEDED
                || status.getCode() == Status.Code.RESOURCE_EXHAUSTED;
        return new RemoteServiceException(Stage.THG, "musetalk", url(), status.getCode().value(), retryable, message,
                cause);
    }

    /** Shuts the channel down (cancelling calls in flight) and stops its threads; returns when they have ended. */
    @Override
    public void close() {
        channel.shutdownNow();
        boolean interrupted = false;
        try {
            if (!channel.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("the gRPC channel to {} did not terminate within 10 s", url());
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        eventLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        callbacks.shutdownNow();
        try {
            callbacks.awaitTermination(10, TimeUnit.SECONDS);
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(10));
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
