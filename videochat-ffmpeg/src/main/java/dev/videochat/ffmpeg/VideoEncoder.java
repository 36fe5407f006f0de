package dev.videochat.ffmpeg;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.video.PixelFormat;
import dev.videochat.api.video.VideoFrame;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Consumer;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

/**
 * H.264 encoding of packed RGB/BGR frames: no B-frames (so packets leave in presentation order, without delay),
 * one key frame a second, parameter sets in the codec's extradata for MP4 and MPEG-TS alike. Frame {@code n}
 * of the stream gets presentation time {@code n} in a 1/fps time base. Not thread-safe.
 */
final class VideoEncoder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VideoEncoder.class);
    /** Tried in order when no encoder is named: libx264 only exists in GPL builds of the natives. */
    static final List<String> AUTO = List.of("libx264", "libopenh264");

    private final AVCodecContext context;
    private final AVFrame yuv;
    private final AVPacket packet;
    private final SwsContext scaler;
    private final BytePointer rgb;
    private final byte[] staging;
    private final PointerPointer<BytePointer> srcPlanes;
    private final IntPointer srcStrides;
    private final int width;
    private final int height;
    private final PixelFormat format;
    private final String encoderName;
    private long nextPts;
    private boolean forceKey;

    VideoEncoder(int width, int height, int fps, PixelFormat format, long bitRate, String requested) {
        if (width % 2 != 0 || height % 2 != 0) {
            throw new ConfigurationException(Stage.MUX, Ffmpeg.PROVIDER, "H.264 (yuv420p) needs an even frame size; "
                    + width + "x" + height + " is refused rather than padded: give the avatar an even width and height");
        }
        this.width = width;
        this.height = height;
        this.format = format;
        AVCodec codec = null;
        String chosen = null;
        for (String name : requested.equals("auto") ? AUTO : List.of(requested)) {
            codec = avcodec_find_encoder_by_name(name);
            if (codec != null && !codec.isNull()) {
                chosen = name;
                break;
            }
        }
        if (chosen == null) {
            throw new ConfigurationException(Stage.MUX, Ffmpeg.PROVIDER, "no H.264 encoder named " + requested
                    + " in these FFmpeg natives (tried " + (requested.equals("auto") ? AUTO : List.of(requested)) + ")");
        }
        this.encoderName = chosen;
        this.staging = new byte[width * height * 3];
        try {
            context = avcodec_alloc_context3(codec);
            if (context == null || context.isNull()) {
                throw new OutOfMemoryError("avcodec_alloc_context3 failed for " + chosen);
            }
            open(codec, chosen, fps, bitRate);
            yuv = av_frame_alloc();
            yuv.format(AV_PIX_FMT_YUV420P);
            yuv.width(width);
            yuv.height(height);
            Ffmpeg.check(av_frame_get_buffer(yuv, 0), "allocating a video frame");
            packet = av_packet_alloc();
            int source = format == PixelFormat.BGR24 ? AV_PIX_FMT_BGR24 : AV_PIX_FMT_RGB24;
            scaler = sws_getContext(width, height, source, width, height, AV_PIX_FMT_YUV420P, SWS_BILINEAR, null,
                    null, (DoublePointer) null);
            if (scaler == null || scaler.isNull()) {
                throw new VideoChatException(Stage.MUX, Ffmpeg.PROVIDER, "cannot convert " + format + " " + width
                        + "x" + height + " frames to yuv420p");
            }
            rgb = new BytePointer(staging.length);
            // FFmpeg reads four plane pointers and four strides, whatever the format.
            srcPlanes = new PointerPointer<BytePointer>(4).put(0, rgb);
            srcStrides = new IntPointer(width * 3, 0, 0, 0);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        log.info("video encoder: {} {}x{} @ {} fps, {} b/s", chosen, width, height, fps, bitRate);
    }

    private void open(AVCodec codec, String chosen, int fps, long bitRate) {
        context.width(width);
        context.height(height);
        context.pix_fmt(AV_PIX_FMT_YUV420P);
        context.time_base(av_make_q(1, fps));
        context.framerate(av_make_q(fps, 1));
        context.gop_size(fps);
        context.max_b_frames(0);
        context.bit_rate(bitRate);
        context.flags(context.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        AVDictionary options = new AVDictionary(null);
        if (chosen.equals("libx264")) {
            av_dict_set(options, "preset", "veryfast", 0);
            av_dict_set(options, "tune", "zerolatency", 0);
        } else if (chosen.equals("libopenh264")) {
            av_dict_set(options, "allow_skip_frames", "0", 0);
        }
        int ret = avcodec_open2(context, codec, options);
        av_dict_free(options);
        Ffmpeg.check(ret, "opening the " + chosen + " encoder");
    }

    String encoderName() {
        return encoderName;
    }

    AVCodecContext context() {
        return context;
    }

    /** Encodes the next frame; packets go to {@code out} as the encoder releases them. */
    void encode(VideoFrame frame, Consumer<EncodedPacket> out) {
        if (frame.width() != width || frame.height() != height) {
            throw new IllegalArgumentException("frame is " + frame.width() + "x" + frame.height() + ", the stream is "
                    + width + "x" + height);
        }
        if (frame.format() != format) {
            throw new IllegalArgumentException("frame is " + frame.format() + ", the stream is " + format);
        }
        frame.pixels().get(staging);
        rgb.position(0).put(staging);
        Ffmpeg.check(av_frame_make_writable(yuv), "preparing a video frame");
        sws_scale(scaler, srcPlanes, srcStrides, 0, height, yuv.data(), yuv.linesize());
        yuv.pts(nextPts++);
        yuv.duration(1);
        yuv.pict_type(forceKey ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
        forceKey = false;
        Ffmpeg.check(avcodec_send_frame(context, yuv), "encoding a video frame");
        drain(out);
    }

    /** Ends the stream: the encoder releases what it still holds. */
    void flush(Consumer<EncodedPacket> out) {
        Ffmpeg.check(avcodec_send_frame(context, null), "flushing the video encoder");
        drain(out);
    }

    /** Makes the next frame a key frame, so a new segment starts decodable. */
    void forceKeyFrame() {
        forceKey = true;
    }

    /** Frames encoded so far, including those skipped over: the presentation time of the next frame. */
    long framesEncoded() {
        return nextPts;
    }

    /**
     * Moves the stream's clock on to frame {@code frame}: the next frame is presented there, leaving a gap (after
     * a failed segment whose media was dropped).
     */
    void skipTo(long frame) {
        if (frame < nextPts) {
            throw new IllegalArgumentException("cannot skip back from frame " + nextPts + " to " + frame);
        }
        nextPts = frame;
    }

    private void drain(Consumer<EncodedPacket> out) {
        while (true) {
            int ret = avcodec_receive_packet(context, packet);
            if (Ffmpeg.isAgainOrEof(ret)) {
                return;
            }
            Ffmpeg.check(ret, "receiving an encoded video packet");
            out.accept(copy(packet, EncodedPacket.VIDEO, 1));
            av_packet_unref(packet);
        }
    }

    static EncodedPacket copy(AVPacket p, int stream, long defaultDuration) {
        byte[] data = new byte[p.size()];
        p.data().get(data);
        long duration = p.duration() > 0 ? p.duration() : defaultDuration;
        return new EncodedPacket(stream, p.pts(), p.dts(), duration, (p.flags() & AV_PKT_FLAG_KEY) != 0, data);
    }

    /** Frees the native memory, also of an encoder whose constructor failed part way. */
    @Override
    public void close() {
        if (context != null) {
            avcodec_free_context(context);
        }
        if (yuv != null) {
            av_frame_free(yuv);
        }
        if (packet != null) {
            av_packet_free(packet);
        }
        if (scaler != null) {
            sws_freeContext(scaler);
        }
        if (rgb != null) {
            rgb.close();
        }
        if (srcPlanes != null) {
            srcPlanes.close();
        }
        if (srcStrides != null) {
            srcStrides.close();
        }
    }
}
