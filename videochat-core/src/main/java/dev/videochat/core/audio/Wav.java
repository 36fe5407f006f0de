package dev.videochat.core.audio;

import dev.videochat.api.audio.AudioChunk;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes whole WAV files as mono 16-bit {@link AudioChunk}s. */
public final class Wav {

    private Wav() {
    }

    /**
     * Reads a WAV file (PCM 8/16/24/32-bit or 32-bit float, any channel count, mixed down to mono).
     *
     * @throws IOException naming the file when it cannot be read or is not a supported WAV
     */
    public static AudioChunk read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return read(in);
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a whole WAV stream; a declared data length shorter than the stream wins. */
    public static AudioChunk read(InputStream in) throws IOException {
        WavHeader header = WavHeader.read(in);
        byte[] rest = header.dataLength() >= 0 ? in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, header.dataLength()))
                : in.readAllBytes();
        PcmDecoder decoder = new PcmDecoder(header);
        return decoder.decode(rest, 0, rest.length).orElse(AudioChunk.silence(0, header.sampleRate()));
    }

    /** Parses WAV bytes. */
    public static AudioChunk read(byte[] bytes) throws IOException {
        return read(new ByteArrayInputStream(bytes));
    }

    /** Writes {@code audio} as a 16-bit mono WAV file. */
    public static void write(AudioChunk audio, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(audio, out);
        }
    }

    /** Writes {@code audio} as a 16-bit mono WAV stream. */
    public static void write(AudioChunk audio, OutputStream out) throws IOException {
        out.write(WavHeader.pcm16Mono(audio.sampleRate(), audio.sampleCount() * 2L).toBytes());
        out.write(toPcm16le(audio));
    }

    /** The samples as little-endian 16-bit bytes. */
    public static byte[] toPcm16le(AudioChunk audio) {
        ByteBuffer b = ByteBuffer.allocate(audio.sampleCount() * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < audio.sampleCount(); i++) {
            b.putShort(audio.sample(i));
        }
        return b.array();
    }
}
