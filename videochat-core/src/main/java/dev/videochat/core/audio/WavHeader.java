package dev.videochat.core.audio;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The format part of a RIFF/WAVE stream, read up to the first byte of the {@code data} chunk so that the rest of
 * the stream can be decoded as it arrives (streaming TTS servers send a header, then raw PCM).
 *
 * @param sampleRate    samples per second per channel (Hz)
 * @param channels      interleaved channels, 1 or more
 * @param bitsPerSample 8, 16, 24 or 32
 * @param floatingPoint whether samples are IEEE floats (then 32 bits)
 * @param dataLength    the declared data size in bytes, or -1 when unknown (streaming headers often declare
 *                      0 or 0xFFFFFFFF)
 */
public record WavHeader(int sampleRate, int channels, int bitsPerSample, boolean floatingPoint, long dataLength) {

    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_FLOAT = 3;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;

    public WavHeader {
        if (channels < 1) {
            throw new IllegalArgumentException("WAV channel count must be >= 1, got " + channels);
        }
        if (floatingPoint ? bitsPerSample != 32
                : bitsPerSample != 8 && bitsPerSample != 16 && bitsPerSample != 24 && bitsPerSample != 32) {
            throw new IllegalArgumentException("unsupported WAV sample format: " + bitsPerSample + "-bit "
                    + (floatingPoint ? "float" : "integer") + " (supported: 8/16/24/32-bit integer, 32-bit float)");
        }
    }

    /** A header for 16-bit mono PCM. */
    public static WavHeader pcm16Mono(int sampleRate, long dataLength) {
        return new WavHeader(sampleRate, 1, 16, false, dataLength);
    }

    /** Bytes per interleaved frame (one sample of every channel). */
    public int blockAlign() {
        return channels * bitsPerSample / 8;
    }

    /**
     * Reads a header, leaving {@code in} at the first byte of sample data.
     *
     * @throws IOException when the stream is not RIFF/WAVE, uses an unsupported encoding or ends early; the
     *                     message says which
     */
    public static WavHeader read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] tag = new byte[4];
        readFully(data, tag, "RIFF tag");
        if (!"RIFF".equals(ascii(tag))) {
            throw new IOException("not a WAV stream: it starts with '" + printable(tag) + "' instead of 'RIFF'");
        }
        readLe(data, 4, "RIFF size");
        readFully(data, tag, "WAVE tag");
        if (!"WAVE".equals(ascii(tag))) {
            throw new IOException("not a WAV stream: RIFF type is '" + printable(tag) + "' instead of 'WAVE'");
        }
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        while (true) {
            readFully(data, tag, "chunk id");
            long size = readLe(data, 4, "chunk size");
            String id = ascii(tag);
            if ("fmt ".equals(id)) {
                if (size < 16) {
                    throw new IOException("WAV fmt chunk is too short: " + size + " bytes");
                }
                byte[] fmt = new byte[(int) size];
                readFully(data, fmt, "fmt chunk");
                ByteBuffer b = ByteBuffer.wrap(fmt).order(ByteOrder.LITTLE_ENDIAN);
                format = b.getShort(0) & 0xFFFF;
                channels = b.getShort(2) & 0xFFFF;
                rate = b.getInt(4);
                bits = b.getShort(14) & 0xFFFF;
                if (format == FORMAT_EXTENSIBLE && size >= 26) {
                    format = b.getShort(24) & 0xFFFF;
                }
                if ((size & 1) == 1) {
                    data.skipNBytes(1);
                }
            } else if ("data".equals(id)) {
                if (format < 0) {
                    throw new IOException("WAV data chunk comes before its fmt chunk");
                }
                if (format != FORMAT_PCM && format != FORMAT_FLOAT) {
                    throw new IOException("unsupported WAV encoding " + format
                            + " (only PCM=1 and IEEE float=3 are read; decode compressed audio with the media layer)");
                }
                long declared = size == 0 || size == 0xFFFFFFFFL ? -1 : size;
                try {
                    return new WavHeader(rate, channels, bits, format == FORMAT_FLOAT, declared);
                } catch (IllegalArgumentException e) {
                    throw new IOException(e.getMessage(), e);
                }
            } else {
                data.skipNBytes(size + (size & 1));
            }
        }
    }

    /** The 44-byte canonical header for this format ({@code dataLength} -1 is written as 0xFFFFFFFF). */
    public byte[] toBytes() {
        long len = dataLength < 0 ? 0xFFFFFFFFL : dataLength;
        ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.putInt((int) Math.min(0xFFFFFFFFL, len + 36));
        b.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.putInt(16);
        b.putShort((short) (floatingPoint ? FORMAT_FLOAT : FORMAT_PCM));
        b.putShort((short) channels);
        b.putInt(sampleRate);
        b.putInt(sampleRate * blockAlign());
        b.putShort((short) blockAlign());
        b.putShort((short) bitsPerSample);
        b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.putInt((int) len);
        return b.array();
    }

    private static void readFully(DataInputStream in, byte[] buf, String what) throws IOException {
        try {
            in.readFully(buf);
        } catch (EOFException e) {
            throw new IOException("WAV stream ended inside its header (reading the " + what + ")", e);
        }
    }

    private static long readLe(DataInputStream in, int bytes, String what) throws IOException {
        byte[] buf = new byte[bytes];
        readFully(in, buf, what);
        long v = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            v = (v << 8) | (buf[i] & 0xFF);
        }
        return v;
    }

    private static String ascii(byte[] tag) {
        return new String(tag, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static String printable(byte[] tag) {
        StringBuilder s = new StringBuilder();
        for (byte b : tag) {
            s.append(b >= 32 && b < 127 ? (char) b : '?');
        }
        return s.toString();
    }
}
