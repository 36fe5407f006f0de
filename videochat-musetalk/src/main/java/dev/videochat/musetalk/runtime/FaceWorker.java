package dev.videochat.musetalk.runtime;

import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * The one thread that runs a runtime's {@link FaceGenerator} for every session. Sessions submit runs of frames
 * through their {@link FaceStream}; the worker fills each batch round-robin across the streams that have frames
 * queued, one frame per stream per turn (the turn carries over to the next batch), runs the UNet and the decoder
 * (or the fused graph), copies each frame's raw output to its session and completes the session's future. The
 * decoder's BGR conversion and the compositing run on the sessions' threads, so the worker moves straight on to
 * the next batch.
 *
 * <p>Padding: a batch is run as soon as the queue is empty, never waiting for more frames, so a batch is
 * partial only when no other stream has a frame waiting. Its unused slots keep the inputs they held in the last
 * batch (nothing is copied into them) and their outputs are discarded.
 *
 * <p>Isolation: a request that throws while its inputs are written fails its own submission only, and that
 * submission's other frames are dropped; a model run that fails fails the submissions in that batch. A cancelled
 * submission or a closed stream loses its queued frames at once; a frame already running is discarded, and when
 * no frame of the running batch is wanted any more the backend is asked to stop the run
 * ({@link FaceModels#cancelRun()}: a remote backend cancels the request on the wire).
 */
public final class FaceWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FaceWorker.class);

    /** Timed batches run at start-up when admission is on, so the first session is judged on a measurement. */
    static final int CALIBRATION_BATCHES = 3;

    private final FaceGenerator generator;
    private final int batch;
    private final FaceSlot[] slots;
    private final FaceJob[] slotJobs;
    private final int[] slotFrames;
    private final FaceJob[] finished;
    private final ThroughputMeter meter;
    private final AdmissionControl admission;
    private final boolean ownThread;
    private final AtomicInteger streamNumbers = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workArrived = lock.newCondition();
    private final ArrayDeque<FaceStream> ready = new ArrayDeque<>();
    private final List<FaceStream> streams = new ArrayList<>();
    private volatile Consumer<BatchComposition> observer;

    // Guarded by lock.
    private Thread thread;
    /** Whether the generator is running the batch in the slots (which stay unchanged meanwhile). */
    private boolean running;
    private boolean closed;
    private long batches;
    private long frames;
    private long paddedSlots;

    /** A worker over {@code generator}, measuring its own rate; its thread starts with the first stream. */
    FaceWorker(FaceGenerator generator, SessionAdmission admission) {
        this(generator, admission, null, true);
    }

    /**
     * @param measuredFps the rate admission judges by, or null for the worker's own measurement
     * @param ownThread   false for a worker whose batches the caller runs with {@link #runBatch()} (tests)
     */
    FaceWorker(FaceGenerator generator, SessionAdmission admission, DoubleSupplier measuredFps, boolean ownThread) {
        this.generator = generator;
        this.batch = generator.batchSize();
        this.slots = new FaceSlot[batch];
        for (int i = 0; i < batch; i++) {
            slots[i] = new FaceSlot(generator, i);
        }
        this.slotJobs = new FaceJob[batch];
        this.slotFrames = new int[batch];
        this.finished = new FaceJob[batch];
        this.meter = new ThroughputMeter(batch);
        this.admission = new AdmissionControl(admission, measuredFps != null ? measuredFps : meter::framesPerSecond);
        this.ownThread = ownThread;
    }

    /** What the worker has done and what it can carry. */
    public record Stats(long batches, long frames, long paddedSlots, double framesPerSecond, int sessionCapacity,
                        int openSessions) {
    }

    /** Which stream filled each slot of one batch (in slot order) and how many slots ran empty. For tests. */
    record BatchComposition(List<String> streams, int padded) {
    }

    /** Frames per batch. */
    public int batchSize() {
        return batch;
    }

    /**
     * Opens a stream for session {@code name} after admission (see {@link SessionAdmission}).
     *
     * @throws SessionRefusedException when admission refuses the session
     * @throws IllegalStateException   when the worker is closed
     */
    public FaceStream openStream(String name) {
        String unique = (name == null || name.isBlank() ? "session" : name) + "#" + streamNumbers.incrementAndGet();
        admission.admit(unique);
        lock.lock();
        try {
            if (closed) {
                admission.release();
                throw new IllegalStateException("the MuseTalk face worker is closed");
            }
            FaceStream stream = new FaceStream(this, unique, batch, generator.fused());
            streams.add(stream);
            if (ownThread && thread == null) {
                thread = new Thread(this::serve, "musetalk-face-worker");
                thread.setDaemon(true);
                thread.start();
            }
            return stream;
        } finally {
            lock.unlock();
        }
    }

    /** Batches done, frames delivered, slots run empty, the measured rate and the sessions it carries. */
    public Stats stats() {
        int capacity = admission.capacity();
        lock.lock();
        try {
            return new Stats(batches, frames, paddedSlots, meter.framesPerSecond(),
                    capacity == Integer.MAX_VALUE ? -1 : capacity, admission.open());
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many more sessions at {@link SessionAdmission#sessionFps()} this worker takes now: the measured capacity
     * admission judges by, less the open sessions, at least 0 (whatever the policy: with admission off it is what
     * admission would say). Empty before the first batch was measured. Cheap: two short locks.
     */
    public OptionalInt spareSessions() {
        int spare = admission.spare();
        return spare < 0 ? OptionalInt.empty() : OptionalInt.of(spare);
    }

    /** Runs {@code count} timed batches on whatever the generator holds, before any session is served. */
    void calibrate(int count) {
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            generator.runModels();
            meter.record(System.nanoTime() - start);
        }
        LOG.info("MuseTalk face worker measured {} frames/s over {} batches of {}: {} sessions at {} fps",
                String.format("%.1f", meter.framesPerSecond()), count, batch, admission.capacity(),
                admission.settings().sessionFps());
    }

    void observeBatches(Consumer<BatchComposition> observer) {
        this.observer = observer;
    }

    CompletableFuture<GeneratedFaces> enqueue(FaceJob job) {
        FaceStream stream = job.stream;
        lock.lock();
        try {
            if (closed || stream.closed) {
                throw new IllegalStateException(stream + " is closed" + (closed ? " (the face worker is closed)" : ""));
            }
            stream.pending.addLast(job);
            stream.unfinished.add(job);
            job.result.whenComplete((faces, failure) -> {
                if (job.result.isCancelled()) {
                    cancelRunIfUnwanted();
                }
            });
            if (!stream.queued) {
                stream.queued = true;
                ready.addLast(stream);
                workArrived.signal();
            }
        } finally {
            lock.unlock();
        }
        return job.result;
    }

    /** Drops the stream's queued frames and cancels its unfinished submissions; {@code leave} also closes it. */
    void cancel(FaceStream stream, boolean leave) {
        List<FaceJob> cancelled;
        lock.lock();
        try {
            if (leave) {
                if (stream.closed) {
                    return;
                }
                stream.closed = true;
                streams.remove(stream);
            }
            stream.pending.clear();
            if (stream.queued) {
                ready.remove(stream);
                stream.queued = false;
            }
            cancelled = new ArrayList<>(stream.unfinished);
            stream.unfinished.clear();
        } finally {
            lock.unlock();
        }
        if (leave) {
            admission.release();
        }
        for (FaceJob job : cancelled) {
            job.result.cancel(false);
        }
    }

    private void serve() {
        while (true) {
            lock.lock();
            try {
                while (ready.isEmpty() && !closed) {
                    workArrived.await();
                }
                if (closed) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            try {
                runBatch();
            } catch (RuntimeException | Error e) {
                // runBatch fails the submissions concerned itself; this is a bug in the worker, not a session's.
                LOG.error("the MuseTalk face worker failed outside any session's frames", e);
            }
        }
    }

    /**
     * Fills one batch from the queued frames, runs it and delivers its faces.
     *
     * @return the frames taken from the queue (run, failed or found cancelled); 0 when nothing was queued
     */
    int runBatch() {
        int taken;
        lock.lock();
        try {
            taken = take();
        } finally {
            lock.unlock();
        }
        if (taken == 0) {
            return 0;
        }
        int live = 0;
        for (int slot = 0; slot < taken; slot++) {
            FaceJob job = slotJobs[slot];
            if (job.result.isDone()) {
                slotJobs[slot] = null;
                continue;
            }
            try {
                job.request.write(slotFrames[slot], slots[slot]);
                live++;
            } catch (RuntimeException e) {
                fail(job, new VideoChatException(Stage.THG, "musetalk", "the inputs of frame " + slotFrames[slot]
                        + " of " + job.stream + " could not be written: " + e.getMessage(), e));
                slotJobs[slot] = null;
            }
        }
        BatchComposition composition = observer == null || live == 0 ? null : composition(taken);
        int done = 0;
        if (live > 0) {
            long start = System.nanoTime();
            try {
                setRunning(true);
                try {
                    generator.runModels();
                } finally {
                    setRunning(false);
                }
                meter.record(System.nanoTime() - start);
                done = deliver(taken);
            } catch (RuntimeException e) {
                for (int slot = 0; slot < taken; slot++) {
                    if (slotJobs[slot] != null) {
                        fail(slotJobs[slot], e);
                    }
                }
            }
        }
        lock.lock();
        try {
            if (live > 0) {
                batches++;
                frames += live;
                paddedSlots += batch - live;
            }
            for (int i = 0; i < done; i++) {
                finished[i].stream.unfinished.remove(finished[i]);
            }
        } finally {
            lock.unlock();
        }
        for (int i = 0; i < done; i++) {
            finished[i].result.complete(finished[i].faces);
            finished[i] = null;
        }
        Arrays.fill(slotJobs, null);
        if (composition != null) {
            observer.accept(composition);
        }
        return taken;
    }

    private void setRunning(boolean now) {
        lock.lock();
        try {
            running = now;
        } finally {
            lock.unlock();
        }
    }

    /** Asks the generator to stop the running batch when every submission with a frame in it has been cancelled. */
    private void cancelRunIfUnwanted() {
        lock.lock();
        try {
            if (!running) {
                return;
            }
            for (FaceJob job : slotJobs) {
                if (job != null && !job.result.isDone()) {
                    return;
                }
            }
            generator.cancelRun();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts up to one batch of queued frames into the slots, one frame per stream per turn. Cancelled
     * submissions at the head of a stream are dropped here. Called with the lock held.
     */
    private int take() {
        int n = 0;
        while (n < batch && !ready.isEmpty()) {
            FaceStream stream = ready.pollFirst();
            FaceJob job = stream.pending.peekFirst();
            while (job != null && job.result.isDone()) {
                stream.pending.pollFirst();
                stream.unfinished.remove(job);
                job = stream.pending.peekFirst();
            }
            if (job == null) {
                stream.queued = false;
                continue;
            }
            slotJobs[n] = job;
            slotFrames[n] = job.scheduled++;
            n++;
            if (job.scheduled == job.frames) {
                stream.pending.pollFirst();
            }
            if (stream.pending.isEmpty()) {
                stream.queued = false;
            } else {
                ready.addLast(stream);
            }
        }
        return n;
    }

    /** Copies each live slot's output to its submission; returns how many submissions are now complete. */
    private int deliver(int taken) {
        int done = 0;
        for (int slot = 0; slot < taken; slot++) {
            FaceJob job = slotJobs[slot];
            if (job == null || job.result.isDone()) {
                continue;
            }
            generator.copyFace(slot, job.faces, slotFrames[slot]);
            if (++job.generated == job.frames) {
                finished[done++] = job;
            }
        }
        return done;
    }

    private void fail(FaceJob job, Throwable failure) {
        lock.lock();
        try {
            job.stream.pending.remove(job);
            job.stream.unfinished.remove(job);
        } finally {
            lock.unlock();
        }
        job.result.completeExceptionally(failure);
    }

    private BatchComposition composition(int taken) {
        List<String> names = new ArrayList<>();
        int live = 0;
        for (int slot = 0; slot < taken; slot++) {
            if (slotJobs[slot] != null) {
                names.add(slotJobs[slot].stream.name());
                live++;
            }
        }
        return new BatchComposition(names, batch - live);
    }

    /** Cancels every stream's submissions and stops the thread after the batch it is running. */
    @Override
    public void close() {
        List<FaceStream> open;
        Thread running;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            open = new ArrayList<>(streams);
            running = thread;
        } finally {
            lock.unlock();
        }
        for (FaceStream stream : open) {
            stream.close();
        }
        lock.lock();
        try {
            closed = true;
            workArrived.signalAll();
        } finally {
            lock.unlock();
        }
        if (running != null && running != Thread.currentThread()) {
            boolean interrupted = false;
            while (running.isAlive()) {
                try {
                    running.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
