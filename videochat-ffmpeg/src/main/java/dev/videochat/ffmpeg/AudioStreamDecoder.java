package dev.videochat.ffmpeg;

import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.audio.AudioChunk;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParserContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

import java.util.ArrayList;
import java.util.List;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

/**
 * Decodes a compressed audio byte stream (MP3, or AAC with ADTS headers) fed in arbitrary pieces as it arrives
 * from a server, into mono 16-bit PCM at a chosen rate. Not thread-safe; close it to free native memory.
 *
 * <pre>{@code
 * try (AudioStreamDecoder mp3 = new AudioStreamDecoder("mp3", 24_000)) {
 *     AudioChunk pcm = mp3.feed(bytesFromTheSocket);   // may be empty until a whole frame has arrived
 *     ...
 *     AudioChunk tail = mp3.finish();
 * }
 * }</pre>
 */
public final class AudioStreamDecoder implements AutoCloseable {

    private final String codecName;
    private final AVCodecContext context;
    private final AVCodecParserContext parser;
    private final AVPacket packet;
    private final AVFrame frame;
    private final PcmConverter converter;
    private final int outRate;
    private boolean closed;

    /**
     * @param codec   {@code mp3} or {@code aac} (ADTS), or another FFmpeg decoder name with a parser
     * @param outRate the rate of the PCM handed back, Hz
     * @throws IllegalArgumentException when {@code outRate} is outside the rates {@link AudioChunk} allows
     * @throws VideoChatException when the natives have no such decoder or parser, or it cannot open
     */
    public AudioStreamDecoder(String codec, int outRate) {
        AudioChunk.checkRate(outRate);
        Ffmpeg.load();
        this.codecName = codec;
        this.outRate = outRate;
        AVCodec decoder = avcodec_find_decoder_by_name(codec);
        if (decoder == null || decoder.isNull()) {
            throw new VideoChatException(Stage.MUX, Ffmpeg.PROVIDER, "no audio decoder named '" + codec + "'");
        }
        try {
            parser = av_parser_init(decoder.id());
            if (parser == null || parser.isNull()) {
                throw new VideoChatException(Stage.MUX, Ffmpeg.PROVIDER, "no stream parser for '" + codec + "'");
            }
            context = avcodec_alloc_context3(decoder);
            if (context == null || context.isNull()) {
                throw new OutOfMemoryError("avcodec_alloc_context3 failed for " + codec);
            }
            Ffmpeg.check(avcodec_open2(context, decoder, (org.bytedeco.ffmpeg.avutil.AVDictionary) null),
                    "opening the " + codec + " decoder");
            packet = av_packet_alloc();
            frame = av_frame_alloc();
            converter = new PcmConverter(outRate);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /**
     * Decodes the next bytes; returns the PCM of every frame they complete (possibly empty).
     *
     * @throws IllegalStateException after {@link #close()} (a late network callback must not reach freed memory)
     */
    public synchronized AudioChunk feed(byte[] data) {
        requireOpen();
        return feed(data, data.length);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the " + codecName + " decoder is closed");
        }
    }

    private AudioChunk feed(byte[] data, int length) {
        List<AudioChunk> out = new ArrayList<>();
        try (BytePointer input = new BytePointer(Math.max(1, length) + AV_INPUT_BUFFER_PADDING_SIZE);
             PointerPointer<BytePointer> parsed = new PointerPointer<>(1);
             IntPointer parsedSize = new IntPointer(1)) {
            input.put(data, 0, length);
            int offset = 0;
            do {
                int used = av_parser_parse2(parser, context, parsed, parsedSize, input.position(offset),
                        length - offset, AV_NOPTS_VALUE, AV_NOPTS_VALUE, 0);
                input.position(0);
                if (used < 0) {
                    throw new VideoChatException(Stage.MUX, Ffmpeg.PROVIDER, "the " + codecName
                            + " stream is corrupt: " + Ffmpeg.describe(used));
                }
                offset += used;
                if (parsedSize.get() > 0) {
                    packet.data(new BytePointer(parsed.get(0)).capacity(parsedSize.get()));
                    packet.size(parsedSize.get());
                    decode(packet, out);
                }
            } while (offset < length);
        }
        return join(out);
    }

    /**
     * Ends the stream: decodes what the parser and decoder still hold.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public synchronized AudioChunk finish() {
        requireOpen();
        List<AudioChunk> out = new ArrayList<>();
        out.add(feed(new byte[0], 0));
        decode(null, out);
        out.add(converter.drain());
        return join(out);
    }

    private void decode(AVPacket p, List<AudioChunk> out) {
        int sent = avcodec_send_packet(context, p);
        if (sent < 0 && !Ffmpeg.isAgainOrEof(sent)) {
            throw new VideoChatException(Stage.MUX, Ffmpeg.PROVIDER, "the " + codecName + " stream is corrupt: "
                    + Ffmpeg.describe(sent));
        }
        while (true) {
            int ret = avcodec_receive_frame(context, frame);
            if (Ffmpeg.isAgainOrEof(ret)) {
                return;
            }
            Ffmpeg.check(ret, "decoding " + codecName);
            out.add(converter.convert(frame));
            av_frame_unref(frame);
        }
    }

    private AudioChunk join(List<AudioChunk> parts) {
        int total = parts.stream().mapToInt(AudioChunk::sampleCount).sum();
        short[] all = new short[total];
        int at = 0;
        for (AudioChunk c : parts) {
            c.copyTo(all, at);
            at += c.sampleCount();
        }
        return new AudioChunk(all, outRate);
    }

    /** Frees the native memory, also of a decoder whose constructor failed part way. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (parser != null && !parser.isNull()) {
            av_parser_close(parser);
        }
        if (context != null) {
            avcodec_free_context(context);
        }
        if (packet != null) {
            av_packet_free(packet);
        }
        if (frame != null) {
            av_frame_free(frame);
        }
        if (converter != null) {
            converter.close();
        }
    }
}
