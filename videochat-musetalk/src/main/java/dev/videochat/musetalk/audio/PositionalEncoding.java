package dev.videochat.musetalk.audio;

import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * The sinusoidal positional encoding that MuseTalk adds to each 50-token audio prompt before the UNet
 * ({@code d_model} = 384): {@code pe[pos][2i] = sin(pos * w_i)}, {@code pe[pos][2i+1] = cos(pos * w_i)} with
 * {@code w_i = exp(-2i * ln(10000) / 384)}. Only positions 0 to 49 are ever used.
 */
public final class PositionalEncoding {

    /** Width of one token, in floats. */
    public static final int WIDTH = 384;
    /** Tokens in one audio prompt. */
    public static final int TOKENS = 50;

    private static final float[] TABLE = build();

    private PositionalEncoding() {
    }

    /** The encoding at token {@code position} (0..49), channel {@code channel} (0..383). */
    public static float value(int position, int channel) {
        Objects.checkIndex(position, TOKENS);
        Objects.checkIndex(channel, WIDTH);
        return TABLE[position * WIDTH + channel];
    }

    /**
     * Adds the encoding in place to one prompt of {@code 50 * 384} floats (token-major) that starts at
     * {@code offset} in {@code prompt}. Allocates nothing.
     */
    public static void addTo(FloatBuffer prompt, int offset) {
        Objects.checkFromIndexSize(offset, TABLE.length, prompt.limit());
        for (int i = 0; i < TABLE.length; i++) {
            prompt.put(offset + i, prompt.get(offset + i) + TABLE[i]);
        }
    }

    private static float[] build() {
        float[] table = new float[TOKENS * WIDTH];
        double scale = -Math.log(10000.0) / WIDTH;
        for (int pos = 0; pos < TOKENS; pos++) {
            for (int i = 0; i < WIDTH / 2; i++) {
                double angle = pos * Math.exp(2 * i * scale);
                table[pos * WIDTH + 2 * i] = (float) Math.sin(angle);
                table[pos * WIDTH + 2 * i + 1] = (float) Math.cos(angle);
            }
        }
        return table;
    }
}
