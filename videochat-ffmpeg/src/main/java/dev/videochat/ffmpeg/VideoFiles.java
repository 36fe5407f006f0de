package dev.videochat.ffmpeg;

import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.video.PixelFormat;
import dev.videochat.api.video.VideoFrame;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

/**
 * Decodes video files to RGB24 or BGR24 frames, for avatar preparation and for checking what the muxer wrote.
 */
public final class VideoFiles {

    /** Receives decoded frames in presentation order. */
    @FunctionalInterface
    public interface FrameConsumer {
        /**
         * @param frame   the picture, its index counting decoded frames from 0
         * @param seconds its presentation time
         */
        void accept(VideoFrame frame, double seconds);
    }

    private VideoFiles() {
    }

    /**
     * Decodes every frame of the first video stream of {@code file}.
     *
     * @return the number of frames decoded
     * A truncated file gives the frames it holds: FFmpeg conceals a cut last packet, so only a file cut before
     * its index (an MP4 whose {@code moov} is at the end) or one whose packets cannot be read fails.
     *
     * @throws VideoChatException naming the file when it is missing, has no video, is not video, or is corrupt or
     *                            truncated so that it cannot be read
     */
    public static int decode(Path file, FrameConsumer consumer) {
        return decode(file, PixelFormat.RGB24, consumer);
    }

    /**
     * Decodes every frame of the first video stream of {@code file} into {@code layout} (FFmpeg converts, so a
     * BGR consumer needs no pass of its own over the pixels).
     *
     * @return the number of frames decoded
     * @throws VideoChatException as {@link #decode(Path, FrameConsumer)}
     */
    public static int decode(Path file, PixelFormat layout, FrameConsumer consumer) {
        Objects.requireNonNull(layout, "layout");
        if (!Files.isRegularFile(file)) {
            throw new VideoChatException(Stage.MUX, Ffmpeg.PROVIDER, "no such video file: " + file);
        }
        Ffmpeg.load();
        AVFormatContext format = new AVFormatContext(null);
        int ret = avformat_open_input(format, file.toString(), null, null);
        if (ret < 0) {
            throw new VideoChatException(Stage.MUX, Ffmpeg.PROVIDER, file + " is not readable video: "
                    + Ffmpeg.describe(ret));
        }
        AVCodecContext codec = null;
        AVPacket packet = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        SwsContext[] sws = {null};
        int[] count = {0};
        try {
            Ffmpeg.check(avformat_find_stream_info(format, (org.bytedeco.ffmpeg.avutil.AVDictionary) null),
                    "reading the streams of " + file);
            int stream = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            if (stream < 0) {
                throw new VideoChatException(Stage.MUX, Ffmpeg.PROVIDER, file + " has no video stream");
            }
            double base = av_q2d(format.streams(stream).time_base());
            AVCodec decoder = avcodec_find_decoder(format.streams(stream).codecpar().codec_id());
            if (decoder == null || decoder.isNull()) {
                throw new VideoChatException(Stage.MUX, Ffmpeg.PROVIDER, file
                        + " uses a video codec these natives cannot decode");
            }
            codec = avcodec_alloc_context3(decoder);
            Ffmpeg.check(avcodec_parameters_to_context(codec, format.streams(stream).codecpar()), "reading " + file);
            Ffmpeg.check(avcodec_open2(codec, decoder, (org.bytedeco.ffmpeg.avutil.AVDictionary) null),
                    "opening the decoder for " + file);
            while ((ret = av_read_frame(format, packet)) >= 0) {
                if (packet.stream_index() == stream) {
                    receive(codec, packet, frame, sws, layout, base, consumer, count, file);
                }
                av_packet_unref(packet);
            }
            if (ret != AVERROR_EOF) {
                throw new VideoChatException(Stage.MUX, Ffmpeg.PROVIDER, file + " is corrupt or truncated after "
                        + count[0] + " frames: " + Ffmpeg.describe(ret));
            }
            receive(codec, null, frame, sws, layout, base, consumer, count, file);
            return count[0];
        } finally {
            if (sws[0] != null) {
                sws_freeContext(sws[0]);
            }
            if (codec != null) {
                avcodec_free_context(codec);
            }
            av_packet_free(packet);
            av_frame_free(frame);
            avformat_close_input(format);
        }
    }

    private static void receive(AVCodecContext codec, AVPacket packet, AVFrame frame, SwsContext[] sws,
                                PixelFormat layout, double base,
                                FrameConsumer consumer, int[] count, Path file) {
        int sent = avcodec_send_packet(codec, packet);
        if (sent < 0 && !Ffmpeg.isAgainOrEof(sent)) {
            Ffmpeg.check(sent, "decoding the video of " + file + " after " + count[0] + " frames");
        }
        while (true) {
            int ret = avcodec_receive_frame(codec, frame);
            if (Ffmpeg.isAgainOrEof(ret)) {
                return;
            }
            Ffmpeg.check(ret, "decoding the video of " + file + " after " + count[0] + " frames");
            int w = frame.width();
            int h = frame.height();
            // A stream may change its picture size (or pixel format) part way: the cached context is replaced then.
            int target = layout == PixelFormat.BGR24 ? AV_PIX_FMT_BGR24 : AV_PIX_FMT_RGB24;
            sws[0] = sws_getCachedContext(sws[0], w, h, frame.format(), w, h, target, SWS_BILINEAR, null, null,
                    (DoublePointer) null);
            if (sws[0] == null || sws[0].isNull()) {
                throw new VideoChatException(Stage.MUX, Ffmpeg.PROVIDER, "cannot convert the " + w + "x" + h
                        + " frames of " + file + " (pixel format " + frame.format() + ") to " + layout);
            }
            try (BytePointer rgb = new BytePointer((long) w * h * 3);
                 PointerPointer<BytePointer> planes = new PointerPointer<BytePointer>(4).put(0, rgb);
                 IntPointer strides = new IntPointer(w * 3, 0, 0, 0)) {
                sws_scale(sws[0], frame.data(), frame.linesize(), 0, h, planes, strides);
                byte[] pixels = new byte[w * h * 3];
                rgb.get(pixels);
                long pts = frame.best_effort_timestamp();
                consumer.accept(VideoFrame.wrap(w, h, layout, count[0]++, pixels), pts * base);
            }
            av_frame_unref(frame);
        }
    }
}
