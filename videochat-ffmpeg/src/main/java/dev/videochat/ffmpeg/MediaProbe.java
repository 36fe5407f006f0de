package dev.videochat.ffmpeg;

import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

/**
 * Reads a media file's streams without decoding them: codec, packet count and the time its packets span. Used to
 * check what the muxer wrote.
 */
public final class MediaProbe {

    /**
     * One stream of a file.
     *
     * @param type     {@code video} or {@code audio}
     * @param codec    FFmpeg's codec name ({@code h264}, {@code aac})
     * @param packets  packets in the stream (frames, for video without B-frames; 1024-sample frames for AAC)
     * @param seconds  from the first packet's start to the last packet's end
     * @param width    pixels (video), 0 for audio
     * @param height   pixels (video), 0 for audio
     * @param sampleRate Hz (audio), 0 for video
     */
    public record Stream(String type, String codec, int packets, double seconds, int width, int height,
                         int sampleRate) {
    }

    private MediaProbe() {
    }

    /**
     * The streams of {@code file}, in file order.
     *
     * @throws VideoChatException naming the file when it is missing, truncated or not media
     */
    public static List<Stream> streams(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new VideoChatException(Stage.MUX, Ffmpeg.PROVIDER, "no such media file: " + file);
        }
        Ffmpeg.load();
        AVFormatContext context = new AVFormatContext(null);
        int ret = avformat_open_input(context, file.toString(), null, null);
        if (ret < 0) {
            throw new VideoChatException(Stage.MUX, Ffmpeg.PROVIDER, file + " is not readable media: "
                    + Ffmpeg.describe(ret));
        }
        AVPacket packet = av_packet_alloc();
        try {
            Ffmpeg.check(avformat_find_stream_info(context, (org.bytedeco.ffmpeg.avutil.AVDictionary) null),
                    "reading the streams of " + file);
            int n = context.nb_streams();
            int[] counts = new int[n];
            long[] first = new long[n];
            long[] end = new long[n];
            java.util.Arrays.fill(first, Long.MAX_VALUE);
            while ((ret = av_read_frame(context, packet)) >= 0) {
                int i = packet.stream_index();
                counts[i]++;
                long pts = packet.pts() == AV_NOPTS_VALUE ? packet.dts() : packet.pts();
                first[i] = Math.min(first[i], pts);
                end[i] = Math.max(end[i], pts + packet.duration());
                av_packet_unref(packet);
            }
            if (ret != AVERROR_EOF) {
                throw new VideoChatException(Stage.MUX, Ffmpeg.PROVIDER, file + " is corrupt or truncated: "
                        + Ffmpeg.describe(ret));
            }
            List<Stream> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                AVStream s = context.streams(i);
                double base = av_q2d(s.time_base());
                int type = s.codecpar().codec_type();
                out.add(new Stream(type == AVMEDIA_TYPE_VIDEO ? "video" : type == AVMEDIA_TYPE_AUDIO ? "audio" : "other",
                        avcodec_get_name(s.codecpar().codec_id()).getString(), counts[i],
                        counts[i] == 0 ? 0 : (end[i] - first[i]) * base,
                        s.codecpar().width(), s.codecpar().height(), s.codecpar().sample_rate()));
            }
            return out;
        } finally {
            av_packet_free(packet);
            avformat_close_input(context);
        }
    }
}
