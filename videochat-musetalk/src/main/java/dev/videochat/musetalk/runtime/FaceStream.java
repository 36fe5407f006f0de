package dev.videochat.musetalk.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One session's connection to the shared {@link FaceWorker}: it submits runs of frames and gets each run's faces
 * back through a {@link CompletableFuture}, in submission order. Frames of several streams share the worker's
 * batches; a stream's failure or cancellation never touches another stream's frames.
 *
 * <p>Each stream keeps two output buffers, so a session can read (convert and composite) one submission while
 * the worker fills the next. Thread-safe; {@link #close()} drops what is still queued and frees the session's place
 * under admission control.
 */
public final class FaceStream implements AutoCloseable {

    private static final int SPARE_BUFFERS = 2;

    private final FaceWorker worker;
    private final String name;
    private final int bufferFrames;
    private final boolean fused;
    private final ArrayDeque<GeneratedFaces> spare = new ArrayDeque<>(SPARE_BUFFERS);

    // Guarded by the worker's lock.
    final ArrayDeque<FaceJob> pending = new ArrayDeque<>();
    final List<FaceJob> unfinished = new ArrayList<>();
    boolean queued;
    boolean closed;

    FaceStream(FaceWorker worker, String name, int bufferFrames, boolean fused) {
        this.worker = worker;
        this.name = name;
        this.bufferFrames = bufferFrames;
        this.fused = fused;
    }

    /** The session's name, for logs and refusals. */
    public String name() {
        return name;
    }

    /**
     * Queues {@code frames} consecutive frames whose inputs {@code request} writes. The future completes with
     * their faces once all are generated (read them, then close the {@link GeneratedFaces}), fails with the
     * request's or the model's exception, or is cancelled by {@link #cancel()}, {@link #close()} or the caller;
     * frames of a cancelled submission that are still queued are dropped. The future completes on the worker's
     * thread: keep dependent actions short or make them asynchronous.
     *
     * @throws IllegalStateException when the stream or the worker is closed
     */
    public CompletableFuture<GeneratedFaces> submit(int frames, FaceRequest request) {
        if (frames < 1) {
            throw new IllegalArgumentException("a submission needs >= 1 frames, got " + frames);
        }
        Objects.requireNonNull(request, "request");
        return worker.enqueue(new FaceJob(this, frames, request, buffer(frames)));
    }

    /** Cancels every submission not yet complete and drops its queued frames; the stream stays usable. */
    public void cancel() {
        worker.cancel(this, false);
    }

    /** Cancels what is pending and leaves the worker; idempotent. */
    @Override
    public void close() {
        worker.cancel(this, true);
    }

    @Override
    public String toString() {
        return "FaceStream[" + name + "]";
    }

    private GeneratedFaces buffer(int frames) {
        synchronized (spare) {
            for (int i = 0; i < spare.size(); i++) {
                GeneratedFaces faces = spare.pollFirst();
                if (faces.capacity() >= frames) {
                    faces.reset(frames);
                    return faces;
                }
                spare.addLast(faces);
            }
        }
        GeneratedFaces faces = new GeneratedFaces(this, Math.max(frames, bufferFrames), fused);
        faces.reset(frames);
        return faces;
    }

    void recycle(GeneratedFaces faces) {
        synchronized (spare) {
            if (spare.size() < SPARE_BUFFERS && !spare.contains(faces)) {
                spare.addLast(faces);
            }
        }
    }
}
