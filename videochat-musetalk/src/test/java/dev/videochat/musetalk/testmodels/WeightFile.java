package dev.videochat.musetalk.testmodels;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The external-data file of one stand-in model: weights are drawn from a seeded generator and streamed to disk as
 * they are declared, so an 850 M-parameter UNet never sits in memory. Each tensor starts on a 64-byte boundary.
 */
final class WeightFile implements AutoCloseable {

    private static final int ALIGNMENT = 64;

    private final OutputStream out;
    private final boolean half;
    private final SplittableRandom random;
    private final ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    private long position;

    WeightFile(Path file, boolean half, long seed) throws IOException {
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
        this.half = half;
        this.random = new SplittableRandom(seed);
    }

    /** Bytes per element in this file: 2 (fp16) or 4 (fp32). */
    int elementBytes() {
        return half ? 2 : 4;
    }

    /**
     * Appends {@code count} values: uniform in [center - spread, center + spread], and returns the byte offset where
     * they start.
     */
    long append(long count, float center, float spread) {
        try {
            pad();
            long start = position;
            for (long k = 0; k < count; k++) {
                float v = center + spread * (float) (2 * random.nextDouble() - 1);
                if (chunk.remaining() < 4) {
                    flush();
                }
                if (half) {
                    chunk.putShort(Half.bits(v));
                } else {
                    chunk.putFloat(v);
                }
            }
            flush();
            position += count * elementBytes();
            return start;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void pad() throws IOException {
        int gap = (int) ((ALIGNMENT - position % ALIGNMENT) % ALIGNMENT);
        out.write(new byte[gap]);
        position += gap;
    }

    private void flush() throws IOException {
        out.write(chunk.array(), 0, chunk.position());
        chunk.clear();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
