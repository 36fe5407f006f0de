package dev.videochat.core.pipeline;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StageQueueTest {

    @Test
    void itRefusesItemsPastItsByteBoundThoughItHasRoomForMoreItems() throws Exception {
        StageQueue<String> q = new StageQueue<>(50, 1000);
        assertTrue(q.offer("a", 600, 0, TimeUnit.MILLISECONDS));
        assertFalse(q.offer("b", 600, 0, TimeUnit.MILLISECONDS));
        assertTrue(q.offer("c", 400, 0, TimeUnit.MILLISECONDS));
        assertEquals(1000, q.bytes());
        assertEquals("a", q.take());
        assertTrue(q.offer("b", 600, 0, TimeUnit.MILLISECONDS));
    }

    @Test
    void itRefusesItemsPastItsItemBound() throws Exception {
        StageQueue<String> q = new StageQueue<>(2, 1000);
        assertTrue(q.offer("a", 1, 0, TimeUnit.MILLISECONDS));
        assertTrue(q.offer("b", 1, 0, TimeUnit.MILLISECONDS));
        assertFalse(q.offer("c", 1, 0, TimeUnit.MILLISECONDS));
    }

    @Test
    void anItemLargerThanTheBoundPassesAloneSoNothingWedges() throws Exception {
        StageQueue<String> q = new StageQueue<>(5, 100);
        assertTrue(q.offer("huge", 10_000, 0, TimeUnit.MILLISECONDS));
        assertFalse(q.offer("next", 1, 0, TimeUnit.MILLISECONDS));
        assertEquals("huge", q.take());
        assertEquals(0, q.bytes());
    }

    @Test
    void aWaitingProducerGetsInWhenTheConsumerTakes() throws Exception {
        StageQueue<String> q = new StageQueue<>(5, 100);
        q.offer("first", 100, 0, TimeUnit.MILLISECONDS);
        Thread consumer = new Thread(() -> {
            try {
                q.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        consumer.start();
        assertTrue(q.offer("second", 100, 10, TimeUnit.SECONDS));
        consumer.join();
        assertEquals(1, q.size());
    }

    @Test
    void replacingEverythingLeavesOnlyTheMarker() throws Exception {
        StageQueue<String> q = new StageQueue<>(2, 100);
        q.offer("a", 60, 0, TimeUnit.MILLISECONDS);
        q.offer("b", 40, 0, TimeUnit.MILLISECONDS);
        q.replaceAllWith("end");
        assertEquals(1, q.size());
        assertEquals(0, q.bytes());
        assertEquals("end", q.take());
    }

    @Test
    void boundsMustBePositive() {
        var e = assertThrows(IllegalArgumentException.class, () -> new StageQueue<String>(0, 10));
        assertTrue(e.getMessage().contains("capacity"), e.getMessage());
    }
}
