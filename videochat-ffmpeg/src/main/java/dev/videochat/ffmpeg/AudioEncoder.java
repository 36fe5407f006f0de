package dev.videochat.ffmpeg;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.api.audio.AudioChunk;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.FloatPointer;

import java.util.Arrays;
import java.util.function.Consumer;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

/**
 * AAC-LC encoding of mono 16-bit PCM with FFmpeg's native encoder. Samples are gathered into the encoder's
 * 1024-sample frames; frame {@code k} starts at sample {@code 1024 k}, in a 1/sample-rate time base, so time comes
 * from the sample count alone. Not thread-safe.
 */
final class AudioEncoder implements AutoCloseable {

    /** The sample rates AAC defines (Hz), the only ones FFmpeg's encoder opens at. */
    static final int[] AAC_RATES = {7_350, 8_000, 11_025, 12_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000,
        64_000, 88_200, 96_000};

    private final AVCodecContext context;
    private final AVFrame frame;
    private final AVPacket packet;
    private final int frameSize;
    private final float[] pending;
    private int pendingCount;
    private long nextPts;
    private final int sampleRate;

    AudioEncoder(int sampleRate, long bitRate) {
        AVCodec codec = avcodec_find_encoder(AV_CODEC_ID_AAC);
        if (codec == null || codec.isNull()) {
            throw new IllegalStateException("these FFmpeg natives have no AAC encoder");
        }
        if (Arrays.stream(AAC_RATES).noneMatch(r -> r == sampleRate)) {
            // Refused, not resampled: the session's sample count is its clock, so its rate must be the stream's.
            throw new ConfigurationException(Stage.MUX, Ffmpeg.PROVIDER, "AAC cannot carry audio at " + sampleRate
                    + " Hz; open the session at one of " + Arrays.toString(AAC_RATES)
                    + " Hz and resample the audio to it (the TTS stages do that for the session's rate)");
        }
        this.sampleRate = sampleRate;
        try {
            context = avcodec_alloc_context3(codec);
            if (context == null || context.isNull()) {
                throw new OutOfMemoryError("avcodec_alloc_context3 failed for AAC");
            }
            context.sample_fmt(AV_SAMPLE_FMT_FLTP);
            context.sample_rate(sampleRate);
            av_channel_layout_default(context.ch_layout(), 1);
            context.bit_rate(bitRate);
            context.time_base(av_make_q(1, sampleRate));
            context.flags(context.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            Ffmpeg.check(avcodec_open2(context, codec, (org.bytedeco.ffmpeg.avutil.AVDictionary) null),
                    "opening the AAC encoder at " + sampleRate + " Hz");
            frameSize = context.frame_size();
            pending = new float[frameSize];
            frame = av_frame_alloc();
            frame.nb_samples(frameSize);
            frame.format(AV_SAMPLE_FMT_FLTP);
            frame.sample_rate(sampleRate);
            av_channel_layout_copy(frame.ch_layout(), context.ch_layout());
            Ffmpeg.check(av_frame_get_buffer(frame, 0), "allocating an audio frame");
            packet = av_packet_alloc();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    AVCodecContext context() {
        return context;
    }

    /** Adds samples; every complete 1024-sample frame is encoded at once. */
    void encode(AudioChunk chunk, Consumer<EncodedPacket> out) {
        if (chunk.sampleRate() != sampleRate) {
            throw new IllegalArgumentException("audio at " + chunk.sampleRate() + " Hz, the stream is " + sampleRate
                    + " Hz");
        }
        for (int i = 0; i < chunk.sampleCount(); i++) {
            pending[pendingCount++] = chunk.sample(i) / 32768f;
            if (pendingCount == frameSize) {
                send(out);
            }
        }
    }

    /** Ends the stream: the last partial frame is padded with silence and the encoder emptied. */
    void flush(Consumer<EncodedPacket> out) {
        if (pendingCount > 0) {
            java.util.Arrays.fill(pending, pendingCount, frameSize, 0f);
            pendingCount = frameSize;
            send(out);
        }
        Ffmpeg.check(avcodec_send_frame(context, null), "flushing the AAC encoder");
        drain(out);
    }

    /** Samples taken so far, including those skipped over and those waiting for a whole frame. */
    long samplesTaken() {
        return nextPts + pendingCount;
    }

    /**
     * Drops the samples waiting for a whole frame and moves the stream's clock on to {@code sample}: the next
     * frame starts there, leaving a gap (after a failed segment whose media was dropped). Packets the encoder
     * still holds come out with earlier times.
     */
    void skipTo(long sample) {
        if (sample < samplesTaken()) {
            throw new IllegalArgumentException("cannot skip back from sample " + samplesTaken() + " to " + sample);
        }
        pendingCount = 0;
        nextPts = sample;
    }

    private void send(Consumer<EncodedPacket> out) {
        Ffmpeg.check(av_frame_make_writable(frame), "preparing an audio frame");
        new FloatPointer(frame.data(0)).put(pending, 0, frameSize);
        frame.pts(nextPts);
        nextPts += frameSize;
        pendingCount = 0;
        Ffmpeg.check(avcodec_send_frame(context, frame), "encoding an audio frame");
        drain(out);
    }

    private void drain(Consumer<EncodedPacket> out) {
        while (true) {
            int ret = avcodec_receive_packet(context, packet);
            if (Ffmpeg.isAgainOrEof(ret)) {
                return;
            }
            Ffmpeg.check(ret, "receiving an encoded audio packet");
            out.accept(VideoEncoder.copy(packet, EncodedPacket.AUDIO, frameSize));
            av_packet_unref(packet);
        }
    }

    /** Frees the native memory, also of an encoder whose constructor failed part way. */
    @Override
    public void close() {
        if (context != null) {
            avcodec_free_context(context);
        }
        if (frame != null) {
            av_frame_free(frame);
        }
        if (packet != null) {
            av_packet_free(packet);
        }
    }
}
