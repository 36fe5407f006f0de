package dev.videochat.musetalk.audio;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code whisper-logmel-reference.bin}, written by {@code tools/whisper_logmel_reference.py}. */
final class LogMelReference {

    /** One clip: the kept frames' values (frame-major, 80 bins inner) and the per-bin sums over all frames. */
    record Clip(String name, int sampleCount, int[] frames, float[] values, double[] binSums) {
    }

    private LogMelReference() {
    }

    static List<Clip> load() throws IOException {
        try (InputStream in = LogMelReference.class.getResourceAsStream("whisper-logmel-reference.bin")) {
            if (in == null) {
                throw new IOException("whisper-logmel-reference.bin is not on the test class path");
            }
            DataInputStream data = new DataInputStream(in);
            byte[] magic = data.readNBytes(4);
            if (!"WLMR".equals(new String(magic, StandardCharsets.US_ASCII)) || data.readInt() != 1) {
                throw new IOException("not a version-1 log-mel reference file");
            }
            int clips = data.readInt();
            List<Clip> result = new ArrayList<>();
            for (int c = 0; c < clips; c++) {
                String name = new String(data.readNBytes(data.readInt()), StandardCharsets.UTF_8);
                int samples = data.readInt();
                int[] frames = new int[data.readInt()];
                for (int i = 0; i < frames.length; i++) {
                    frames[i] = data.readInt();
                }
                float[] values = new float[frames.length * WhisperLogMel.MEL_BANDS];
                for (int i = 0; i < values.length; i++) {
                    values[i] = data.readFloat();
                }
                double[] sums = new double[WhisperLogMel.MEL_BANDS];
                for (int i = 0; i < sums.length; i++) {
                    sums[i] = data.readDouble();
                }
                result.add(new Clip(name, samples, frames, values, sums));
            }
            return result;
        }
    }
}
