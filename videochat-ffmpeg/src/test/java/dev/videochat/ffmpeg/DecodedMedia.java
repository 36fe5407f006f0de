package dev.videochat.ffmpeg;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

/**
 * What a file holds once every packet of every audio and video stream has been decoded, not only demuxed: a test's
 * view of what a player would get. Fails the test (with an {@link AssertionError} naming the file) on any demux or
 * decode error, so a half-written or corrupt file cannot pass.
 *
 * @param streams the decoded streams, in file order
 */
record DecodedMedia(List<Stream> streams) {

    /**
     * One decoded stream.
     *
     * @param type       {@code video} or {@code audio}
     * @param codec      FFmpeg's codec name
     * @param frames     decoded pictures (video) or decoded audio frames (audio)
     * @param samples    decoded samples per channel (audio), 0 for video
     * @param sampleRate Hz (audio), 0 for video
     * @param firstSeconds presentation time of the first decoded frame
     * @param lastSeconds  presentation time of the last decoded frame
     * @param endSeconds presentation time of the last decoded frame plus its duration (as the container says)
     */
    record Stream(String type, String codec, int frames, long samples, int sampleRate, double firstSeconds,
                  double lastSeconds, double endSeconds) {

        /** Seconds from the first frame's start to the last frame's end. */
        double seconds() {
            return endSeconds - firstSeconds;
        }
    }

    /** The stream of {@code type}, failing when there is not exactly one. */
    Stream only(String type) {
        List<Stream> matching = streams.stream().filter(s -> s.type().equals(type)).toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one " + type + " stream, found " + streams);
        }
        return matching.get(0);
    }

    /** Decodes all of {@code file}. */
    static DecodedMedia of(Path file) {
        Ffmpeg.load();
        AVFormatContext format = new AVFormatContext(null);
        int ret = avformat_open_input(format, file.toString(), null, null);
        if (ret < 0) {
            throw new AssertionError(file + " does not open: " + Ffmpeg.describe(ret));
        }
        int n = 0;
        AVCodecContext[] decoders = new AVCodecContext[0];
        AVPacket packet = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        try {
            check(avformat_find_stream_info(format, (AVDictionary) null), file, "reading stream info");
            n = format.nb_streams();
            decoders = new AVCodecContext[n];
            Tally[] tallies = new Tally[n];
            for (int i = 0; i < n; i++) {
                AVStream s = format.streams(i);
                int type = s.codecpar().codec_type();
                if (type != AVMEDIA_TYPE_VIDEO && type != AVMEDIA_TYPE_AUDIO) {
                    continue;
                }
                AVCodec codec = avcodec_find_decoder(s.codecpar().codec_id());
                if (codec == null || codec.isNull()) {
                    throw new AssertionError(file + ": no decoder for stream " + i);
                }
                decoders[i] = avcodec_alloc_context3(codec);
                check(avcodec_parameters_to_context(decoders[i], s.codecpar()), file, "reading codec parameters");
                check(avcodec_open2(decoders[i], codec, (AVDictionary) null), file, "opening a decoder");
                tallies[i] = new Tally(type == AVMEDIA_TYPE_VIDEO ? "video" : "audio",
                        avcodec_get_name(s.codecpar().codec_id()).getString(), av_q2d(s.time_base()));
            }
            while ((ret = av_read_frame(format, packet)) >= 0) {
                int i = packet.stream_index();
                if (decoders[i] != null) {
                    decode(decoders[i], packet, frame, tallies[i], file);
                }
                av_packet_unref(packet);
            }
            if (ret != AVERROR_EOF) {
                throw new AssertionError(file + " ends in a demux error: " + Ffmpeg.describe(ret));
            }
            List<Stream> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (decoders[i] != null) {
                    decode(decoders[i], null, frame, tallies[i], file);
                    Tally t = tallies[i];
                    out.add(new Stream(t.type, t.codec, t.frames, t.samples, decoders[i].sample_rate(),
                            t.frames == 0 ? 0 : t.first * t.base, t.frames == 0 ? 0 : t.last * t.base,
                            t.frames == 0 ? 0 : t.end * t.base));
                }
            }
            return new DecodedMedia(out);
        } finally {
            for (AVCodecContext c : decoders) {
                if (c != null) {
                    avcodec_free_context(c);
                }
            }
            av_packet_free(packet);
            av_frame_free(frame);
            avformat_close_input(format);
        }
    }

    private static final class Tally {
        final String type;
        final String codec;
        final double base;
        int frames;
        long samples;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long end = Long.MIN_VALUE;

        Tally(String type, String codec, double base) {
            this.type = type;
            this.codec = codec;
            this.base = base;
        }
    }

    private static void decode(AVCodecContext codec, AVPacket packet, AVFrame frame, Tally tally, Path file) {
        int sent = avcodec_send_packet(codec, packet);
        if (sent < 0 && !Ffmpeg.isAgainOrEof(sent)) {
            throw new AssertionError(file + ": a " + tally.type + " packet does not decode: " + Ffmpeg.describe(sent));
        }
        while (true) {
            int ret = avcodec_receive_frame(codec, frame);
            if (Ffmpeg.isAgainOrEof(ret)) {
                return;
            }
            check(ret, file, "decoding " + tally.type);
            tally.frames++;
            tally.samples += frame.nb_samples();
            long pts = frame.best_effort_timestamp();
            long duration = frame.duration() > 0 ? frame.duration()
                    : tally.type.equals("audio") ? Math.round(frame.nb_samples() / (double) frame.sample_rate()
                    / tally.base) : 0;
            if (pts != AV_NOPTS_VALUE) {
                tally.first = Math.min(tally.first, pts);
                tally.last = Math.max(tally.last, pts);
                tally.end = Math.max(tally.end, pts + duration);
            }
            av_frame_unref(frame);
        }
    }

    private static void check(int ret, Path file, String what) {
        if (ret < 0) {
            throw new AssertionError(file + ": " + what + " failed: " + Ffmpeg.describe(ret));
        }
    }
}
