package dev.videochat.ffmpeg;

import dev.videochat.api.audio.AudioChunk;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.ShortPointer;

import java.nio.file.Path;
import java.util.Optional;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

/**
 * Writes mono PCM as an audio file with the natives' encoders and muxers (Ogg Vorbis or Opus, ADTS AAC), so the
 * decoding tests read what the same library wrote.
 */
final class EncodedAudioFixture {

    /** Sample formats tried in turn; each encoder opens with one of them. */
    private static final int[] FORMATS = {AV_SAMPLE_FMT_FLTP, AV_SAMPLE_FMT_S16, AV_SAMPLE_FMT_FLT, AV_SAMPLE_FMT_S16P};

    private EncodedAudioFixture() {
    }

    /** Whether the natives have an encoder named {@code encoder}. */
    static boolean hasEncoder(String encoder) {
        Ffmpeg.load();
        AVCodec codec = avcodec_find_encoder_by_name(encoder);
        return codec != null && !codec.isNull();
    }

    /**
     * Encodes {@code pcm} with {@code encoder} and muxes it with {@code muxer} into {@code file}, the same samples in
     * each of {@code channels} channels (FFmpeg's own Vorbis encoder takes only 2).
     *
     * @return the encoder's priming, in samples (its {@code initial_padding})
     */
    static int write(Path file, String muxer, String encoder, AudioChunk pcm, int channels) {
        Ffmpeg.load();
        AVCodec codec = avcodec_find_encoder_by_name(encoder);
        AVCodecContext c = open(codec, pcm.sampleRate(), channels)
                .orElseThrow(() -> new IllegalStateException(encoder + " opens with none of the sample formats tried"));
        AVFormatContext out = new AVFormatContext(null);
        check(avformat_alloc_output_context2(out, null, muxer, file.toString()), "creating the " + muxer + " muxer");
        AVStream stream = avformat_new_stream(out, null);
        check(avcodec_parameters_from_context(stream.codecpar(), c), "copying codec parameters");
        stream.time_base(av_make_q(1, pcm.sampleRate()));
        AVIOContext pb = new AVIOContext(null);
        check(avio_open(pb, file.toString(), AVIO_FLAG_WRITE), "opening " + file);
        out.pb(pb);
        check(avformat_write_header(out, (AVDictionary) null), "writing the " + muxer + " header");
        AVFrame frame = av_frame_alloc();
        AVPacket packet = av_packet_alloc();
        int size = c.frame_size() > 0 ? c.frame_size() : 1024;
        for (int at = 0; at < pcm.sampleCount(); at += size) {
            int n = Math.min(size, pcm.sampleCount() - at);
            // A fixed-size encoder takes a short last frame only when it says so; otherwise pad it with silence.
            int frameSamples = (codec.capabilities() & AV_CODEC_CAP_SMALL_LAST_FRAME) != 0 ? n : size;
            frame.nb_samples(frameSamples);
            frame.format(c.sample_fmt());
            frame.sample_rate(pcm.sampleRate());
            av_channel_layout_copy(frame.ch_layout(), c.ch_layout());
            check(av_frame_get_buffer(frame, 0), "allocating a frame");
            fill(frame, c.sample_fmt(), channels, pcm, at, n, frameSamples);
            frame.pts(at);
            check(avcodec_send_frame(c, frame), "encoding with " + encoder);
            drain(c, packet, out, stream);
            av_frame_unref(frame);
        }
        check(avcodec_send_frame(c, null), "flushing " + encoder);
        drain(c, packet, out, stream);
        check(av_write_trailer(out), "writing the " + muxer + " trailer");
        int priming = c.initial_padding();
        avio_closep(out.pb());
        avformat_free_context(out);
        av_frame_free(frame);
        av_packet_free(packet);
        avcodec_free_context(c);
        return priming;
    }

    private static Optional<AVCodecContext> open(AVCodec codec, int rate, int channels) {
        for (int format : FORMATS) {
            AVCodecContext c = avcodec_alloc_context3(codec);
            c.sample_fmt(format);
            c.sample_rate(rate);
            av_channel_layout_default(c.ch_layout(), channels);
            c.bit_rate(64_000);
            c.time_base(av_make_q(1, rate));
            c.strict_std_compliance(FF_COMPLIANCE_EXPERIMENTAL);
            c.flags(c.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            if (avcodec_open2(c, codec, (AVDictionary) null) >= 0) {
                return Optional.of(c);
            }
            avcodec_free_context(c);
        }
        return Optional.empty();
    }

    private static void fill(AVFrame frame, int format, int channels, AudioChunk pcm, int at, int n,
                             int frameSamples) {
        boolean planar = av_sample_fmt_is_planar(format) != 0;
        // Planar: one plane per channel; packed: the channels interleaved in plane 0.
        int planes = planar ? channels : 1;
        int perPlane = planar ? 1 : channels;
        boolean floats = format == AV_SAMPLE_FMT_FLTP || format == AV_SAMPLE_FMT_FLT;
        for (int plane = 0; plane < planes; plane++) {
            float[] f = new float[frameSamples * perPlane];
            short[] s = new short[frameSamples * perPlane];
            for (int i = 0; i < n; i++) {
                for (int ch = 0; ch < perPlane; ch++) {
                    f[i * perPlane + ch] = pcm.sample(at + i) / 32768f;
                    s[i * perPlane + ch] = pcm.sample(at + i);
                }
            }
            if (floats) {
                new FloatPointer(frame.data(plane)).put(f);
            } else {
                new ShortPointer(frame.data(plane)).put(s);
            }
        }
    }

    private static void drain(AVCodecContext c, AVPacket packet, AVFormatContext out, AVStream stream) {
        while (avcodec_receive_packet(c, packet) >= 0) {
            packet.stream_index(0);
            av_packet_rescale_ts(packet, c.time_base(), stream.time_base());
            check(av_interleaved_write_frame(out, packet), "muxing a packet");
        }
    }

    private static void check(int ret, String what) {
        if (ret < 0) {
            throw new IllegalStateException(what + " failed: " + Ffmpeg.describe(ret));
        }
    }
}
