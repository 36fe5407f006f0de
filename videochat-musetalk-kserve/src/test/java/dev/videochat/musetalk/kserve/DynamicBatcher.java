package dev.videochat.musetalk.kserve;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.google.protobuf.ByteString;
import dev.videochat.musetalk.kserve.protocol.ModelInferRequest;
import dev.videochat.musetalk.kserve.protocol.ModelInferResponse;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * The loopback server's dynamic batcher, after Triton's: requests for one model, from any client, wait up to
 * {@code maxQueueDelay} for others and run as one ONNX Runtime call of up to {@code maxBatch} items, each client
 * then getting its own slice of the outputs. A model is batched when every output and at least one input has a
 * dynamic first dimension; its other inputs (the UNet's {@code timestep [1]}) must be byte-for-byte equal for two
 * requests to share a run, else the later one waits for the next. One thread per batched model.
 */
final class DynamicBatcher implements AutoCloseable {

    /** Runs one request (the server's own path), for a model that cannot be batched or a batch of one. */
    interface Runner {
        ModelInferResponse run(OrtSession session, ModelInferRequest request) throws OrtException;
    }

    private record Pending(ModelInferRequest request, StreamObserver<ModelInferResponse> response, String client,
                           Context context, long items) {
    }

    private final int maxBatch;
    private final long delayNanos;
    private final Runner runner;
    private final Map<String, ModelQueue> queues = new ConcurrentHashMap<>();
    private final List<LoopbackInferenceServer.Batch> batches = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    DynamicBatcher(int maxBatch, Duration maxQueueDelay, Runner runner) {
        if (maxBatch < 1 || maxQueueDelay.isNegative()) {
            throw new IllegalArgumentException("maxBatch >= 1 and a delay >= 0, got " + maxBatch + ", "
                    + maxQueueDelay);
        }
        this.maxBatch = maxBatch;
        this.delayNanos = maxQueueDelay.toNanos();
        this.runner = runner;
    }

    /** Whether {@code session}'s model can be batched (see the class comment). */
    static boolean batchable(OrtSession session) throws OrtException {
        boolean anyInput = false;
        for (NodeInfo input : session.getInputInfo().values()) {
            anyInput |= dynamicFirst(input);
        }
        for (NodeInfo output : session.getOutputInfo().values()) {
            if (!dynamicFirst(output)) {
                return false;
            }
        }
        return anyInput;
    }

    private static boolean dynamicFirst(NodeInfo node) {
        long[] shape = ((TensorInfo) node.getInfo()).getShape();
        return shape.length > 0 && shape[0] < 0;
    }

    /** Queues a request for {@code model}; it is answered from the model's batching thread. */
    void submit(String model, OrtSession session, ModelInferRequest request, StreamObserver<ModelInferResponse> response,
                String client) throws OrtException {
        ModelQueue queue = queues.computeIfAbsent(model, name -> new ModelQueue(name, session));
        queue.pending.add(new Pending(request, response, client, Context.current(), queue.items(request)));
    }

    List<LoopbackInferenceServer.Batch> batches() {
        return List.copyOf(batches);
    }

    void clearBatches() {
        batches.clear();
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        for (ModelQueue queue : queues.values()) {
            queue.thread.interrupt();
            queue.thread.join();
        }
    }

    private final class ModelQueue implements Runnable {
        final String model;
        final OrtSession session;
        /** Which inputs carry the batch in their first dimension, by name. */
        final Set<String> batched = new LinkedHashSet<>();
        final BlockingDeque<Pending> pending = new LinkedBlockingDeque<>();
        final Thread thread;

        ModelQueue(String model, OrtSession session) {
            this.model = model;
            this.session = session;
            try {
                for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
                    if (dynamicFirst(e.getValue())) {
                        batched.add(e.getKey());
                    }
                }
            } catch (OrtException e) {
                throw new IllegalStateException(e);
            }
            this.thread = new Thread(this, "loopback-batcher-" + model);
            thread.setDaemon(true);
            thread.start();
        }

        long items(ModelInferRequest request) {
            for (ModelInferRequest.InferInputTensor input : request.getInputsList()) {
                if (batched.contains(input.getName())) {
                    return input.getShape(0);
                }
            }
            return 1;
        }

        @Override
        public void run() {
            while (!closed) {
                List<Pending> batch = new ArrayList<>();
                try {
                    batch.add(pending.take());
                    long items = batch.get(0).items();
                    long deadline = System.nanoTime() + delayNanos;
                    while (items < maxBatch) {
                        Pending next = pending.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                        if (next == null) {
                            break;
                        }
                        if (next.context().isCancelled()) {
                            continue;
                        }
                        if (items + next.items() > maxBatch || !compatible(batch.get(0).request(), next.request())) {
                            pending.addFirst(next);
                            break;
                        }
                        batch.add(next);
                        items += next.items();
                    }
                } catch (InterruptedException e) {
                    return;
                }
                batch.removeIf(p -> p.context().isCancelled());
                if (!batch.isEmpty()) {
                    run(batch);
                }
            }
        }

        /** Whether two requests may share a run: the same unbatched inputs, the same item shapes. */
        private boolean compatible(ModelInferRequest a, ModelInferRequest b) {
            if (a.getInputsCount() != b.getInputsCount()) {
                return false;
            }
            for (int i = 0; i < a.getInputsCount(); i++) {
                ModelInferRequest.InferInputTensor x = a.getInputs(i);
                ModelInferRequest.InferInputTensor y = b.getInputs(i);
                if (!x.getName().equals(y.getName()) || !x.getDatatype().equals(y.getDatatype())) {
                    return false;
                }
                if (batched.contains(x.getName())) {
                    if (!x.getShapeList().subList(1, x.getShapeCount())
                            .equals(y.getShapeList().subList(1, y.getShapeCount()))) {
                        return false;
                    }
                } else if (!x.getShapeList().equals(y.getShapeList())
                        || !a.getRawInputContents(i).equals(b.getRawInputContents(i))) {
                    return false;
                }
            }
            return true;
        }

        private void run(List<Pending> batch) {
            ModelInferRequest first = batch.get(0).request();
            ModelInferRequest.Builder merged = first.toBuilder().clearInputs().clearRawInputContents();
            long items = 0;
            for (Pending p : batch) {
                items += p.items();
            }
            for (int i = 0; i < first.getInputsCount(); i++) {
                ModelInferRequest.InferInputTensor input = first.getInputs(i);
                if (!batched.contains(input.getName())) {
                    merged.addInputs(input).addRawInputContents(first.getRawInputContents(i));
                    continue;
                }
                ByteString raw = ByteString.EMPTY;
                for (Pending p : batch) {
                    raw = raw.concat(p.request().getRawInputContents(i));
                }
                merged.addInputs(input.toBuilder().setShape(0, items)).addRawInputContents(raw);
            }
            Set<String> clients = new LinkedHashSet<>();
            batch.forEach(p -> clients.add(p.client()));
            ModelInferResponse reply;
            try {
                reply = runner.run(session, merged.build());
            } catch (OrtException | RuntimeException e) {
                for (Pending p : batch) {
                    answer(p, null, Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
                }
                return;
            }
            batches.add(new LoopbackInferenceServer.Batch(model, (int) items, batch.size(), Set.copyOf(clients)));
            long offset = 0;
            for (Pending p : batch) {
                answer(p, slice(reply, offset, p.items(), items), null);
                offset += p.items();
            }
        }

        /** Items {@code [offset, offset + count)} of every output of a run of {@code total} items. */
        private ModelInferResponse slice(ModelInferResponse reply, long offset, long count, long total) {
            ModelInferResponse.Builder part = reply.toBuilder().clearOutputs().clearRawOutputContents();
            for (int j = 0; j < reply.getOutputsCount(); j++) {
                ByteString raw = reply.getRawOutputContents(j);
                long itemBytes = raw.size() / total;
                part.addOutputs(reply.getOutputs(j).toBuilder().setShape(0, count))
                        .addRawOutputContents(raw.substring((int) (offset * itemBytes),
                                (int) ((offset + count) * itemBytes)));
            }
            return part.build();
        }

        private void answer(Pending p, ModelInferResponse reply, Status failure) {
            try {
                if (failure != null) {
                    p.response().onError(failure.asException());
                } else {
                    p.response().onNext(reply);
                    p.response().onCompleted();
                }
            } catch (RuntimeException e) {
                // The client cancelled while its request ran (its deadline passed): nobody waits for the answer.
            }
        }
    }
}
