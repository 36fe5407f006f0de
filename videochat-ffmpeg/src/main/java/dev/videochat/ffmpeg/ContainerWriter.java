package dev.videochat.ffmpeg;

import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avformat.Write_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

import java.io.ByteArrayOutputStream;
import java.util.Map;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

/**
 * Muxes encoded packets (no re-encoding) into one container, written to memory or to a file: MPEG-TS segments,
 * fragmented MP4 (whose fragments are taken one by one with {@link #takeBytes()}) and the final MP4. Not
 * thread-safe; close it to free its native memory.
 */
final class ContainerWriter implements AutoCloseable {

    private static final int IO_BUFFER = 64 * 1024;
    /** libavformat's FLAG_CUSTOM_IO (the presets do not export it): the caller owns the I/O context. */
    private static final int FLAG_CUSTOM_IO = 0x0080;

    private final AVFormatContext context = new AVFormatContext(null);
    private final AVStream[] streams = new AVStream[2];
    private final AVRational[] encoderBases = new AVRational[2];
    private final AVPacket packet;
    private final ByteArrayOutputStream memory = new ByteArrayOutputStream();
    /** Held so the native side's callback stays reachable while the context lives. */
    private final Write_packet_Pointer_BytePointer_int writeCallback;
    private final boolean toFile;
    private boolean headerWritten;
    private boolean finished;
    private boolean closed;

    /**
     * @param format  FFmpeg muxer name ({@code mpegts}, {@code mp4}, {@code flv})
     * @param file    where to write (a path or a URL such as {@code rtmp://...}), or {@code null} for memory
     * @param options muxer options such as {@code movflags}
     * @throws dev.videochat.api.VideoChatException when the muxer, its output or its header cannot be made; what
     *                                              was allocated by then is freed
     */
    ContainerWriter(String format, String file, Map<String, String> options, AVCodecContext video, AVCodecContext audio) {
        Ffmpeg.load();
        toFile = file != null;
        packet = av_packet_alloc();
        writeCallback = toFile ? null : new Write_packet_Pointer_BytePointer_int() {
            @Override
            public int call(Pointer opaque, BytePointer buf, int size) {
                byte[] bytes = new byte[size];
                buf.get(bytes, 0, size);
                memory.write(bytes, 0, size);
                return size;
            }
        };
        try {
            open(format, file, options, video, audio);
        } catch (RuntimeException | Error e) {
            // An RTMP server that is down is retried: each failed attempt must give back all it took.
            close();
            throw e;
        }
    }

    private void open(String format, String file, Map<String, String> options, AVCodecContext video,
                      AVCodecContext audio) {
        if (packet == null || packet.isNull()) {
            throw new OutOfMemoryError("av_packet_alloc failed");
        }
        Ffmpeg.check(avformat_alloc_output_context2(context, null, format, file), "creating a " + format + " muxer");
        if (toFile) {
            AVIOContext pb = new AVIOContext(null);
            Ffmpeg.check(avio_open(pb, file, AVIO_FLAG_WRITE), "opening " + file + " for writing");
            context.pb(pb);
        } else {
            if (writeCallback.isNull()) {
                // JavaCPP has a few native slots per callback type; a writer that was never closed holds one.
                throw new IllegalStateException("no native slot left for a " + format + " write callback: a"
                        + " ContainerWriter was not closed");
            }
            BytePointer buffer = new BytePointer(av_malloc(IO_BUFFER));
            if (buffer.isNull()) {
                throw new OutOfMemoryError("av_malloc(" + IO_BUFFER + ") failed");
            }
            AVIOContext pb = avio_alloc_context(buffer, IO_BUFFER, 1, null, null, writeCallback, null);
            if (pb == null || pb.isNull()) {
                av_free(buffer);
                throw new OutOfMemoryError("avio_alloc_context failed");
            }
            context.pb(pb);
            context.flags(context.flags() | FLAG_CUSTOM_IO);
        }
        addStream(EncodedPacket.VIDEO, video);
        addStream(EncodedPacket.AUDIO, audio);
        AVDictionary dict = new AVDictionary(null);
        options.forEach((k, v) -> av_dict_set(dict, k, v, 0));
        int ret = avformat_write_header(context, dict);
        av_dict_free(dict);
        Ffmpeg.check(ret, "writing the " + format + " header");
        headerWritten = true;
    }

    private void addStream(int index, AVCodecContext codec) {
        AVStream stream = avformat_new_stream(context, null);
        if (stream == null || stream.isNull()) {
            throw new OutOfMemoryError("avformat_new_stream failed");
        }
        Ffmpeg.check(avcodec_parameters_from_context(stream.codecpar(), codec), "copying codec parameters");
        stream.time_base(codec.time_base());
        streams[index] = stream;
        encoderBases[index] = codec.time_base();
    }

    /** Writes one packet, interleaved with the other stream by time. */
    void write(EncodedPacket p) {
        Ffmpeg.check(av_new_packet(packet, p.data().length), "allocating a packet");
        packet.data().put(p.data());
        packet.pts(p.pts());
        packet.dts(p.dts());
        packet.duration(p.duration());
        packet.flags(p.key() ? AV_PKT_FLAG_KEY : 0);
        packet.stream_index(p.stream());
        av_packet_rescale_ts(packet, encoderBases[p.stream()], streams[p.stream()].time_base());
        Ffmpeg.check(av_interleaved_write_frame(context, packet), "muxing a packet");
    }

    /** Flushes the interleaving queue and, for fragmented MP4, ends the current fragment. */
    void flushFragment() {
        Ffmpeg.check(av_interleaved_write_frame(context, null), "flushing the muxer");
        Ffmpeg.check(av_write_frame(context, null), "ending a fragment");
        avio_flush(context.pb());
    }

    /** Writes the trailer (once). */
    void finish() {
        if (!finished && headerWritten) {
            finished = true;
            Ffmpeg.check(av_write_trailer(context), "writing the trailer");
            avio_flush(context.pb());
            // A write that failed while flushing (a full disk) is only recorded in the I/O context.
            Ffmpeg.check(context.pb().error(), "writing the last bytes");
        }
    }

    /** The bytes written to memory since the last call. */
    byte[] takeBytes() {
        avio_flush(context.pb());
        byte[] out = memory.toByteArray();
        memory.reset();
        return out;
    }

    /** Frees the native memory (and closes the file or connection), also of a writer whose constructor failed. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!context.isNull()) {
            AVIOContext pb = context.pb();
            boolean opened = pb != null && !pb.isNull();
            if (opened && toFile) {
                avio_closep(pb);
            } else if (opened) {
                av_free(pb.buffer());
                avio_context_free(pb);
            }
            avformat_free_context(context);
        }
        av_packet_free(packet);
        if (writeCallback != null) {
            // Frees its native slot now rather than at garbage collection: there are only a few, and a writer
            // whose callback got none would write nothing.
            writeCallback.close();
        }
    }
}
