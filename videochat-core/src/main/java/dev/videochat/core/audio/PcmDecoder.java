package dev.videochat.core.audio;

import dev.videochat.api.audio.AudioChunk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;

/**
 * Turns little-endian interleaved PCM bytes, as they arrive in arbitrary pieces, into mono 16-bit
 * {@link AudioChunk}s: channels are averaged, wider samples are reduced to 16 bits, and a partial frame at the
 * end of one piece is kept for the next. Not thread-safe.
 */
public final class PcmDecoder {

    private final WavHeader format;
    private final byte[] carry;
    private int carried;

    public PcmDecoder(WavHeader format) {
        this.format = format;
        this.carry = new byte[format.blockAlign()];
    }

    /** The format being decoded. */
    public WavHeader format() {
        return format;
    }

    /** Decodes {@code length} bytes from {@code bytes[offset]}; empty when they do not complete a frame. */
    public Optional<AudioChunk> decode(byte[] bytes, int offset, int length) {
        int block = format.blockAlign();
        int total = carried + length;
        int frames = total / block;
        if (frames == 0) {
            System.arraycopy(bytes, offset, carry, carried, length);
            carried += length;
            return Optional.empty();
        }
        byte[] joined;
        int start;
        if (carried == 0) {
            joined = bytes;
            start = offset;
        } else {
            joined = new byte[frames * block];
            System.arraycopy(carry, 0, joined, 0, carried);
            System.arraycopy(bytes, offset, joined, carried, frames * block - carried);
            start = 0;
        }
        short[] out = new short[frames];
        ByteBuffer b = ByteBuffer.wrap(joined).order(ByteOrder.LITTLE_ENDIAN);
        int channels = format.channels();
        int bytesPerSample = format.bitsPerSample() / 8;
        for (int f = 0; f < frames; f++) {
            int base = start + f * block;
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += sample(b, base + c * bytesPerSample);
            }
            out[f] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(sum / channels)));
        }
        int used = frames * block - carried;
        int left = length - used;
        System.arraycopy(bytes, offset + used, carry, 0, left);
        carried = left;
        return Optional.of(new AudioChunk(out, format.sampleRate()));
    }

    /** Bytes held back waiting for the rest of their frame. */
    public int pendingBytes() {
        return carried;
    }

    private double sample(ByteBuffer b, int at) {
        switch (format.bitsPerSample()) {
            case 8:
                return ((b.get(at) & 0xFF) - 128) << 8;
            case 16:
                return b.getShort(at);
            case 24:
                int v = (b.get(at) & 0xFF) | ((b.get(at + 1) & 0xFF) << 8) | (b.get(at + 2) << 16);
                return v / 256.0;
            default:
                if (format.floatingPoint()) {
                    return Math.max(-1.0, Math.min(1.0, b.getFloat(at))) * 32767.0;
                }
                return b.getInt(at) / 65536.0;
        }
    }

    /** For tests and debugging. */
    @Override
    public String toString() {
        return "PcmDecoder[" + format + ", carried=" + Arrays.toString(Arrays.copyOf(carry, carried)) + "]";
    }
}
