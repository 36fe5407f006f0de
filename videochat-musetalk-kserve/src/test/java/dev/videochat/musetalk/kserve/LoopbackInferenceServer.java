package dev.videochat.musetalk.kserve;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.google.protobuf.ByteString;
import dev.videochat.musetalk.kserve.protocol.GRPCInferenceServiceGrpc;
import dev.videochat.musetalk.kserve.protocol.ModelInferRequest;
import dev.videochat.musetalk.kserve.protocol.ModelInferResponse;
import dev.videochat.musetalk.kserve.protocol.ModelMetadataRequest;
import dev.videochat.musetalk.kserve.protocol.ModelMetadataResponse;
import dev.videochat.musetalk.kserve.protocol.ModelReadyRequest;
import dev.videochat.musetalk.kserve.protocol.ModelReadyResponse;
import dev.videochat.musetalk.kserve.protocol.ServerLiveRequest;
import dev.videochat.musetalk.kserve.protocol.ServerLiveResponse;
import dev.videochat.musetalk.kserve.protocol.ServerReadyRequest;
import dev.videochat.musetalk.kserve.protocol.ServerReadyResponse;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A KServe v2 gRPC inference server on loopback for tests, written from the protocol: it serves ONNX files
 * through ONNX Runtime (metadata from the sessions, raw little-endian contents in and out), and can be told to
 * misbehave: report a model not ready, answer UNAVAILABLE a number of times, hold a model's requests until they
 * are cancelled (by the client or by its deadline), or go away at the n-th inference. What it sees is logged to
 * {@link #events()} as {@code "infer <model>"}, {@code "held <model>"}, {@code "cancelled <model>"}.
 *
 * <p>With {@link #batching} it merges requests from any clients into one run, as Triton's dynamic batcher does,
 * and records each run's items and clients ({@link #batches()}): the benchmarks use it as the shared pool of
 * several JVMs (public, in this module's test jar, for them).
 */
public final class LoopbackInferenceServer implements AutoCloseable {

    /**
     * One run of a batched model.
     *
     * @param model    the model's name
     * @param items    the items (frames) of the run: the sum of its requests' first dimensions
     * @param requests the requests merged into it
     * @param clients  the distinct clients (remote addresses: one per channel) the requests came from
     */
    public record Batch(String model, int items, int requests, Set<String> clients) {
    }

    /** The remote address of the call being served. */
    private static final Context.Key<String> CLIENT = Context.key("client");

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final Map<String, OrtSession> models = new LinkedHashMap<>();
    private final Set<String> notReady = ConcurrentHashMap.newKeySet();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> unavailable = new ConcurrentHashMap<>();
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final Set<CountDownLatch> holding = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;
    private final AtomicInteger inferences = new AtomicInteger();
    private final Map<String, AtomicLong> answered = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private volatile int goneAt = Integer.MAX_VALUE;
    private volatile DynamicBatcher batcher;
    private final Server server;
    private final int port;

    /** Serves {@code files} (model name to ONNX file) on 127.0.0.1, a free port. */
    public LoopbackInferenceServer(Map<String, Path> files) throws IOException, OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            for (var e : files.entrySet()) {
                models.put(e.getKey(), env.createSession(e.getValue().toString(), options));
            }
        }
        server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .executor(executor)
                .maxInboundMessageSize(256 << 20)
                .addService(ServerInterceptors.intercept(new Service(), new ClientAddress()))
                .build()
                .start();
        port = server.getPort();
    }

    /** {@code grpc://127.0.0.1:<port>}. */
    public URI url() {
        return URI.create("grpc://127.0.0.1:" + port);
    }

    /** {@link #url()} as text, for the {@code kserve-url} setting. */
    public String urlText() {
        return url().toString();
    }

    BlockingQueue<String> events() {
        return events;
    }

    /** Bytes of the inference replies sent for {@code model} so far (requests run one by one; not batched ones). */
    long answeredBytes(String model) {
        AtomicLong bytes = answered.get(model);
        return bytes == null ? 0 : bytes.get();
    }

    /** Inference calls answered or refused so far, of every model. */
    public int inferences() {
        return inferences.get();
    }

    void notReady(String model) {
        notReady.add(model);
    }

    /** Holds {@code model}'s inference requests until the client cancels them or {@link #close()}. */
    void hold(String model) {
        held.add(model);
    }

    void stopHolding(String model) {
        held.remove(model);
    }

    /** Answers {@code model}'s next {@code times} inference requests with UNAVAILABLE. */
    void unavailable(String model, int times) {
        unavailable.put(model, new AtomicInteger(times));
    }

    /**
     * From now on, merges the requests of each batchable model (see {@link DynamicBatcher}) into runs of up to
     * {@code maxBatch} items, a request waiting at most {@code maxQueueDelay} for others. Models that cannot be
     * batched (the Whisper encoder's fixed {@code [1, 80, 3000]}) run as their requests come, as before.
     */
    public void batching(int maxBatch, Duration maxQueueDelay) {
        batcher = new DynamicBatcher(maxBatch, maxQueueDelay, LoopbackInferenceServer.this::run);
    }

    /** The runs of batched models since batching began or {@link #clearBatches()}, in order. */
    public List<Batch> batches() {
        DynamicBatcher b = batcher;
        return b == null ? List.of() : b.batches();
    }

    /** Forgets the runs recorded so far (a benchmark's warm-up). */
    public void clearBatches() {
        DynamicBatcher b = batcher;
        if (b != null) {
            b.clearBatches();
        }
    }

    /** Shuts down, forcefully, when the {@code n}-th inference request (1-based) arrives. */
    void goneAt(int n) {
        goneAt = n;
    }

    @Override
    public void close() throws Exception {
        closing = true;
        holding.forEach(CountDownLatch::countDown);
        server.shutdownNow();
        server.awaitTermination(10, TimeUnit.SECONDS);
        if (batcher != null) {
            batcher.close();
        }
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
        for (OrtSession session : models.values()) {
            session.close();
        }
    }

    private final class Service extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {

        @Override
        public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> response) {
            response.onNext(ServerLiveResponse.newBuilder().setLive(true).build());
            response.onCompleted();
        }

        @Override
        public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> response) {
            response.onNext(ServerReadyResponse.newBuilder().setReady(true).build());
            response.onCompleted();
        }

        @Override
        public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> response) {
            boolean ready = models.containsKey(request.getName()) && !notReady.contains(request.getName());
            response.onNext(ModelReadyResponse.newBuilder().setReady(ready).build());
            response.onCompleted();
        }

        @Override
        public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> response) {
            OrtSession session = models.get(request.getName());
            if (session == null) {
                response.onError(Status.NOT_FOUND.withDescription("no model " + request.getName()).asException());
                return;
            }
            try {
                ModelMetadataResponse.Builder metadata = ModelMetadataResponse.newBuilder()
                        .setName(request.getName()).addVersions("1").setPlatform("onnxruntime_onnx");
                for (var e : session.getInputInfo().entrySet()) {
                    metadata.addInputs(tensor(e.getKey(), e.getValue()));
                }
                for (var e : session.getOutputInfo().entrySet()) {
                    metadata.addOutputs(tensor(e.getKey(), e.getValue()));
                }
                response.onNext(metadata.build());
                response.onCompleted();
            } catch (OrtException e) {
                response.onError(Status.INTERNAL.withDescription(e.getMessage()).asException());
            }
        }

        @Override
        public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> response) {
            String name = request.getModelName();
            int n = inferences.incrementAndGet();
            events.add("infer " + name);
            if (n >= goneAt) {
                server.shutdownNow();
                response.onError(Status.UNAVAILABLE.withDescription("going away").asException());
                return;
            }
            AtomicInteger refusals = unavailable.get(name);
            if (refusals != null && refusals.getAndDecrement() > 0) {
                response.onError(Status.UNAVAILABLE.withDescription("busy, try again").asException());
                return;
            }
            if (held.contains(name)) {
                hold(name);
                return;
            }
            OrtSession session = models.get(name);
            if (session == null) {
                response.onError(Status.NOT_FOUND.withDescription("no model " + name).asException());
                return;
            }
            try {
                DynamicBatcher merging = batcher;
                if (merging != null && DynamicBatcher.batchable(session)) {
                    merging.submit(name, session, request, response, CLIENT.get());
                    return;
                }
                ModelInferResponse answer = run(session, request);
                answered.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(answer.getSerializedSize());
                response.onNext(answer);
                response.onCompleted();
            } catch (OrtException | RuntimeException e) {
                response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException());
            }
        }

        /** Waits until the call is cancelled (client cancel or deadline) or the server closes; answers nothing. */
        private void hold(String name) {
            Context context = Context.current();
            CountDownLatch done = new CountDownLatch(1);
            context.addListener(c -> done.countDown(), Runnable::run);
            holding.add(done);
            if (closing) {
                done.countDown();
            }
            events.add("held " + name);
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                holding.remove(done);
            }
            if (context.isCancelled()) {
                events.add("cancelled " + name);
            }
        }
    }

    /** Puts each call's remote address in its context, so the batcher can tell clients apart. */
    private static final class ClientAddress implements ServerInterceptor {
        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                           ServerCallHandler<Q, A> next) {
            Object address = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
            Context context = Context.current().withValue(CLIENT, String.valueOf(address));
            return Contexts.interceptCall(context, call, headers, next);
        }
    }

    private static ModelMetadataResponse.TensorMetadata tensor(String name, NodeInfo node) {
        TensorInfo info = (TensorInfo) node.getInfo();
        ModelMetadataResponse.TensorMetadata.Builder t = ModelMetadataResponse.TensorMetadata.newBuilder()
                .setName(name).setDatatype(datatype(info.type));
        for (long d : info.getShape()) {
            t.addShape(d < 0 ? -1 : d);
        }
        return t.build();
    }

    private static String datatype(OnnxJavaType type) {
        return switch (type) {
            case FLOAT -> "FP32";
            case INT64 -> "INT64";
            case UINT8 -> "UINT8";
            default -> type.name();
        };
    }

    private ModelInferResponse run(OrtSession session, ModelInferRequest request) throws OrtException {
        if (request.getRawInputContentsCount() != request.getInputsCount()) {
            throw new IllegalArgumentException("expected raw_input_contents for each of the "
                    + request.getInputsCount() + " inputs, got " + request.getRawInputContentsCount());
        }
        Map<String, OnnxTensor> inputs = new HashMap<>();
        List<OnnxTensor> made = new ArrayList<>();
        try {
            for (int i = 0; i < request.getInputsCount(); i++) {
                ModelInferRequest.InferInputTensor input = request.getInputs(i);
                long[] shape = input.getShapeList().stream().mapToLong(Long::longValue).toArray();
                ByteBuffer raw = ByteBuffer.allocateDirect(request.getRawInputContents(i).size())
                        .order(ByteOrder.LITTLE_ENDIAN);
                request.getRawInputContents(i).copyTo(raw);
                raw.flip();
                OnnxTensor tensor = switch (input.getDatatype()) {
                    case "FP32" -> OnnxTensor.createTensor(env, raw.asFloatBuffer(), shape);
                    case "INT64" -> OnnxTensor.createTensor(env, raw.asLongBuffer(), shape);
                    case "UINT8" -> OnnxTensor.createTensor(env, raw, shape, OnnxJavaType.UINT8);
                    default -> throw new IllegalArgumentException("datatype " + input.getDatatype());
                };
                made.add(tensor);
                inputs.put(input.getName(), tensor);
            }
            ModelInferResponse.Builder reply = ModelInferResponse.newBuilder().setModelName(request.getModelName());
            try (OrtSession.Result result = session.run(inputs)) {
                for (ModelInferRequest.InferRequestedOutputTensor wanted : request.getOutputsList()) {
                    OnnxValue value = result.get(wanted.getName())
                            .orElseThrow(() -> new IllegalArgumentException("no output " + wanted.getName()));
                    OnnxTensor tensor = (OnnxTensor) value;
                    TensorInfo info = tensor.getInfo();
                    ModelInferResponse.InferOutputTensor.Builder out = ModelInferResponse.InferOutputTensor.newBuilder()
                            .setName(wanted.getName()).setDatatype(datatype(info.type));
                    for (long d : info.getShape()) {
                        out.addShape(d);
                    }
                    reply.addOutputs(out);
                    reply.addRawOutputContents(littleEndian(tensor));
                }
            }
            return reply.build();
        } finally {
            for (OnnxTensor t : made) {
                t.close();
            }
        }
    }

    private static ByteString littleEndian(OnnxTensor tensor) {
        return switch (tensor.getInfo().type) {
            case FLOAT -> {
                var floats = tensor.getFloatBuffer();
                ByteBuffer bytes = ByteBuffer.allocate(floats.remaining() * 4).order(ByteOrder.LITTLE_ENDIAN);
                bytes.asFloatBuffer().put(floats);
                yield ByteString.copyFrom(bytes);
            }
            case UINT8 -> ByteString.copyFrom(tensor.getByteBuffer());
            default -> throw new IllegalArgumentException("output type " + tensor.getInfo().type);
        };
    }
}
