package dev.videochat.musetalk.audio;

import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PositionalEncodingTest {

    @Test
    void matchesTheSinusoidFormulaAtKnownPoints() {
        assertEquals(0.84147f, PositionalEncoding.value(1, 0), 1e-5f);
        assertEquals(0.54030f, PositionalEncoding.value(1, 1), 1e-5f);
        assertEquals(0.81525f, PositionalEncoding.value(1, 2), 1e-5f);
        assertEquals(0.57911f, PositionalEncoding.value(1, 3), 1e-5f);
        assertEquals(0.005141f, PositionalEncoding.value(49, 382), 1e-6f);
        assertEquals(0.999987f, PositionalEncoding.value(49, 383), 1e-6f);
        assertEquals(0f, PositionalEncoding.value(0, 0), 0f);
        assertEquals(1f, PositionalEncoding.value(0, 1), 0f);
    }

    @Test
    void addsInPlaceAtTheGivenOffset() {
        FloatBuffer buf = FloatBuffer.allocate(10 + 50 * 384);
        for (int i = 0; i < buf.limit(); i++) {
            buf.put(i, 1f);
        }
        PositionalEncoding.addTo(buf, 10);
        assertEquals(1f, buf.get(9), 0f);
        assertEquals(1f + PositionalEncoding.value(1, 0), buf.get(10 + 384), 0f);
        assertEquals(1f + PositionalEncoding.value(49, 383), buf.get(10 + 50 * 384 - 1), 0f);
    }
}
