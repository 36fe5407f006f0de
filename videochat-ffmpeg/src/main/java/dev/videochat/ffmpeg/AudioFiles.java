package dev.videochat.ffmpeg;

import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.audio.AudioChunk;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVFrame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

/** Decodes whole audio files (WAV, MP3, AAC, Ogg Vorbis/Opus, FLAC, ...) to mono 16-bit PCM at a chosen rate. */
public final class AudioFiles {

    private AudioFiles() {
    }

    /**
     * The first audio stream of {@code file}, mixed to mono and resampled to {@code rate} Hz.
     *
     * @throws VideoChatException naming the file when it is missing, has no audio, or is corrupt or truncated
     */
    public static AudioChunk decode(Path file, int rate) {
        AudioChunk.checkRate(rate);
        if (!Files.isRegularFile(file)) {
            throw new VideoChatException(Stage.MUX, Ffmpeg.PROVIDER, "no such audio file: " + file);
        }
        Ffmpeg.load();
        AVFormatContext format = new AVFormatContext(null);
        int ret = avformat_open_input(format, file.toString(), null, null);
        if (ret < 0) {
            throw error(file, "is not readable audio: " + Ffmpeg.describe(ret));
        }
        AVCodecContext codec = null;
        AVPacket packet = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        try (PcmConverter converter = new PcmConverter(rate)) {
            ret = avformat_find_stream_info(format, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
            if (ret < 0) {
                throw error(file, "has unreadable streams: " + Ffmpeg.describe(ret));
            }
            int stream = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0);
            if (stream < 0) {
                throw error(file, "has no audio stream");
            }
            AVCodec decoder = avcodec_find_decoder(format.streams(stream).codecpar().codec_id());
            if (decoder == null || decoder.isNull()) {
                throw error(file, "uses an audio codec these natives cannot decode");
            }
            codec = avcodec_alloc_context3(decoder);
            Ffmpeg.check(avcodec_parameters_to_context(codec, format.streams(stream).codecpar()), "reading " + file);
            Ffmpeg.check(avcodec_open2(codec, decoder, (org.bytedeco.ffmpeg.avutil.AVDictionary) null),
                    "opening the decoder for " + file);
            List<AudioChunk> parts = new ArrayList<>();
            while ((ret = av_read_frame(format, packet)) >= 0) {
                if (packet.stream_index() == stream) {
                    decodePacket(codec, packet, frame, converter, parts, file);
                }
                av_packet_unref(packet);
            }
            if (ret != AVERROR_EOF) {
                throw error(file, "is corrupt or truncated: " + Ffmpeg.describe(ret));
            }
            decodePacket(codec, null, frame, converter, parts, file);
            parts.add(converter.drain());
            int total = parts.stream().mapToInt(AudioChunk::sampleCount).sum();
            if (total == 0) {
                throw error(file, "holds no audio samples");
            }
            short[] all = new short[total];
            int at = 0;
            for (AudioChunk c : parts) {
                c.copyTo(all, at);
                at += c.sampleCount();
            }
            return new AudioChunk(all, rate);
        } finally {
            if (codec != null) {
                avcodec_free_context(codec);
            }
            av_packet_free(packet);
            av_frame_free(frame);
            avformat_close_input(format);
        }
    }

    private static void decodePacket(AVCodecContext codec, AVPacket packet, AVFrame frame, PcmConverter converter,
                                     List<AudioChunk> out, Path file) {
        int sent = avcodec_send_packet(codec, packet);
        if (sent < 0 && !Ffmpeg.isAgainOrEof(sent)) {
            throw error(file, "is corrupt: " + Ffmpeg.describe(sent));
        }
        while (true) {
            int ret = avcodec_receive_frame(codec, frame);
            if (Ffmpeg.isAgainOrEof(ret)) {
                return;
            }
            if (ret < 0) {
                throw error(file, "is corrupt: " + Ffmpeg.describe(ret));
            }
            out.add(converter.convert(frame));
            av_frame_unref(frame);
        }
    }

    private static VideoChatException error(Path file, String what) {
        return new VideoChatException(Stage.MUX, Ffmpeg.PROVIDER, file + " " + what);
    }
}
