package dev.videochat.core.pipeline;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The queue between two stages, bounded both in items and in bytes, so that large frames (a full-HD frame is
 * 6 MB) cannot fill memory where the item bound alone would allow it. A single item larger than the byte bound
 * still passes when the queue is empty, so nothing can wedge.
 *
 * @param <T> what travels through it
 */
final class StageQueue<T> {

    private record Entry<T>(T item, long bytes) {
    }

    private final int capacity;
    private final long maxBytes;
    private final ArrayDeque<Entry<T>> entries = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private long bytes;

    /**
     * @param capacity the most items it holds, at least 1
     * @param maxBytes the most bytes it holds (counted as the producer says), at least 1
     */
    StageQueue(int capacity, long maxBytes) {
        if (capacity < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("capacity and maxBytes must be >= 1, got " + capacity + ", " + maxBytes);
        }
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    /**
     * Adds {@code item} of {@code size} bytes, waiting up to {@code timeout} for room.
     *
     * @return false when there was no room in time
     */
    boolean offer(T item, long size, long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (entries.size() >= capacity || (!entries.isEmpty() && bytes + size > maxBytes)) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = notFull.awaitNanos(nanos);
            }
            entries.addLast(new Entry<>(item, size));
            bytes += size;
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Removes the oldest item, waiting for one. */
    T take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (entries.isEmpty()) {
                notEmpty.await();
            }
            Entry<T> e = entries.removeFirst();
            bytes -= e.bytes();
            notFull.signalAll();
            return e.item();
        } finally {
            lock.unlock();
        }
    }

    /** Drops everything queued and leaves {@code marker} alone in the queue, whatever the bounds. */
    void replaceAllWith(T marker) {
        lock.lock();
        try {
            entries.clear();
            entries.addLast(new Entry<>(marker, 0));
            bytes = 0;
            notEmpty.signal();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The bytes queued now. */
    long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    /** The items queued now. */
    int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }
}
