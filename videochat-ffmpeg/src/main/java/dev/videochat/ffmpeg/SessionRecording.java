package dev.videochat.ffmpeg;

import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * The session's MP4, kept on disk while the session runs rather than in memory: each cut's encoded packets are
 * appended to a packet file beside it ({@code session.mp4.packets}), and {@link #finish} muxes them into
 * {@code session.mp4} (index at the end, as a player expects of a finished file), one packet in memory at a time.
 *
 * <p>An append either lands whole or not at all: after a failed one (a full disk) the packet file still holds
 * exactly the cuts appended before, and later appends go on from there once space returns. The packet file stays
 * open, so a folder deleted during the session loses the segments in it but not the recording. Not thread-safe.
 */
final class SessionRecording implements AutoCloseable {

    static final String FILE_NAME = "session.mp4";
    /** Bytes before each packet's data: stream, key flag, pts, dts, duration, size. */
    private static final int HEADER = 1 + 1 + 8 + 8 + 8 + 4;

    private final Path file;
    private final Path packets;
    private final FileChannel channel;
    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    /** Bytes of whole appends; what lies past this is the remains of a failed one. */
    private long length;

    private SessionRecording(Path file, Path packets, FileChannel channel) {
        this.file = file;
        this.packets = packets;
        this.channel = channel;
    }

    /** Starts recording into {@code folder/session.mp4}. */
    static SessionRecording open(Path folder) {
        Path packets = folder.resolve(FILE_NAME + ".packets");
        try {
            FileChannel channel = FileChannel.open(packets, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ, StandardOpenOption.WRITE);
            return new SessionRecording(folder.resolve(FILE_NAME), packets, channel);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start recording the session: creating " + packets + " failed: "
                    + e, e);
        }
    }

    /** Where the finished MP4 goes. */
    Path file() {
        return file;
    }

    /** Whether anything was recorded. */
    boolean isEmpty() {
        return length == 0;
    }

    /**
     * Appends one cut's packets, all or none.
     *
     * @throws UncheckedIOException naming the packet file and the reason (such as a full disk); nothing of this
     *                              cut is then recorded
     */
    void append(List<EncodedPacket> cut) {
        buffer.clear();
        for (EncodedPacket p : cut) {
            ensureRoom(HEADER + p.data().length);
            buffer.put((byte) p.stream()).put((byte) (p.key() ? 1 : 0)).putLong(p.pts()).putLong(p.dts())
                    .putLong(p.duration()).putInt(p.data().length).put(p.data());
        }
        buffer.flip();
        try {
            long at = length;
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
            length = at;
        } catch (IOException e) {
            try {
                // Gives back the space the part-written cut took; the next append overwrites it in any case.
                channel.truncate(length);
            } catch (IOException ignored) {
                // The length kept above is what counts.
            }
            throw new UncheckedIOException("recording the session into " + packets + " failed, so "
                    + file.getFileName() + " will lack this segment: " + e, e);
        } finally {
            if (buffer.capacity() > 1 << 20) {
                // One long cut does not keep a large buffer for the rest of the session.
                buffer = ByteBuffer.allocate(64 * 1024);
            }
        }
    }

    private void ensureRoom(int bytes) {
        if (buffer.remaining() < bytes) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes));
            buffer.flip();
            buffer = bigger.put(buffer);
        }
    }

    /**
     * Muxes the recorded packets into {@code session.mp4} (through {@code session.mp4.part}, renamed when
     * complete), then deletes the packet file.
     *
     * @throws VideoChatException naming the file and why it could not be written (its folder was deleted, the disk
     *                            is full); no {@code .part} file is left then
     */
    void finish(AVCodecContext video, AVCodecContext audio) {
        Path part = file.resolveSibling(FILE_NAME + ".part");
        try {
            if (!Files.isDirectory(file.getParent())) {
                throw new NoSuchFileException(file.getParent().toString(), null,
                        "the output folder was deleted during the session");
            }
            try (ContainerWriter writer = new ContainerWriter("mp4", part.toString(), Map.of(), video, audio);
                 DataInputStream in = new DataInputStream(new BufferedInputStream(fromStart(), 64 * 1024))) {
                for (long read = 0; read < length; ) {
                    int stream = in.readUnsignedByte();
                    boolean key = in.readByte() != 0;
                    long pts = in.readLong();
                    long dts = in.readLong();
                    long duration = in.readLong();
                    byte[] data = new byte[in.readInt()];
                    in.readFully(data);
                    writer.write(new EncodedPacket(stream, pts, dts, duration, key, data));
                    read += HEADER + data.length;
                }
                writer.finish();
            }
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(part, e);
            throw new VideoChatException(Stage.MUX, Ffmpeg.PROVIDER, "the session's MP4 " + file
                    + " could not be written: " + (e instanceof NoSuchFileException n && n.getReason() != null
                    ? n.getReason() + " (" + n.getFile() + ")" : e.getMessage()), e);
        }
    }

    /** The packet file from its start (the caller reads no further than {@link #length}). */
    private InputStream fromStart() throws IOException {
        channel.position(0);
        return Channels.newInputStream(channel);
    }

    /** Closes and deletes the packet file. */
    @Override
    public void close() {
        try {
            channel.close();
            Files.deleteIfExists(packets);
        } catch (IOException e) {
            throw new UncheckedIOException("deleting the session's packet file " + packets + " failed", e);
        }
    }

    private static void deleteQuietly(Path path, Exception failure) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
