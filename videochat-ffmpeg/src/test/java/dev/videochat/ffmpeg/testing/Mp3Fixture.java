package dev.videochat.ffmpeg.testing;

import dev.videochat.api.audio.AudioChunk;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.ShortPointer;

import java.io.ByteArrayOutputStream;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

/** Encodes PCM to an MP3 byte stream with the natives' libmp3lame, as TTS servers send it. */
public final class Mp3Fixture {

    private Mp3Fixture() {
    }

    /** The MP3 bytes of {@code pcm} (mono, 48 kb/s). */
    public static byte[] encode(AudioChunk pcm) {
        org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.global.avcodec.class);
        AVCodec codec = avcodec_find_encoder_by_name("libmp3lame");
        AVCodecContext c = avcodec_alloc_context3(codec);
        c.sample_fmt(AV_SAMPLE_FMT_S16P);
        c.sample_rate(pcm.sampleRate());
        av_channel_layout_default(c.ch_layout(), 1);
        c.bit_rate(48_000);
        check(avcodec_open2(c, codec, (org.bytedeco.ffmpeg.avutil.AVDictionary) null), "opening libmp3lame");
        AVFrame frame = av_frame_alloc();
        AVPacket packet = av_packet_alloc();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int size = c.frame_size();
        short[] samples = pcm.samples();
        for (int at = 0; at < samples.length; at += size) {
            frame.nb_samples(size);
            frame.format(AV_SAMPLE_FMT_S16P);
            frame.sample_rate(pcm.sampleRate());
            av_channel_layout_copy(frame.ch_layout(), c.ch_layout());
            check(av_frame_get_buffer(frame, 0), "frame");
            short[] block = new short[size];
            System.arraycopy(samples, at, block, 0, Math.min(size, samples.length - at));
            new ShortPointer(frame.data(0)).put(block);
            frame.pts(at);
            check(avcodec_send_frame(c, frame), "encoding mp3");
            drain(c, packet, out);
            av_frame_unref(frame);
        }
        avcodec_send_frame(c, null);
        drain(c, packet, out);
        av_frame_free(frame);
        av_packet_free(packet);
        avcodec_free_context(c);
        return out.toByteArray();
    }

    private static void check(int ret, String what) {
        if (ret < 0) {
            throw new IllegalStateException(what + " failed: " + ret);
        }
    }

    private static void drain(AVCodecContext c, AVPacket p, ByteArrayOutputStream out) {
        while (avcodec_receive_packet(c, p) >= 0) {
            byte[] b = new byte[p.size()];
            p.data().get(b);
            out.writeBytes(b);
            av_packet_unref(p);
        }
    }
}
