package dev.videochat.ffmpeg;

import dev.videochat.api.audio.AudioChunk;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swresample.*;

/**
 * Turns decoded frames of any sample format, layout and rate into mono 16-bit PCM at one rate, with FFmpeg's
 * resampler (channels are mixed down). Re-initializes itself when the input format changes. Not thread-safe.
 */
final class PcmConverter implements AutoCloseable {

    private final int outRate;
    private SwrContext swr;
    private int inFormat = -1;
    private int inRate = -1;
    private int inChannels = -1;
    private final AVChannelLayout mono = new AVChannelLayout();

    PcmConverter(int outRate) {
        AudioChunk.checkRate(outRate);
        this.outRate = outRate;
        av_channel_layout_default(mono, 1);
    }

    /** Converts one decoded frame; the result may be empty while the resampler fills its delay. */
    AudioChunk convert(AVFrame frame) {
        prepare(frame);
        int capacity = swr_get_out_samples(swr, frame.nb_samples());
        return run(frame.extended_data(), frame.nb_samples(), Math.max(capacity, 1));
    }

    /** What the resampler still holds, at the end of the stream. */
    AudioChunk drain() {
        if (swr == null) {
            return AudioChunk.silence(0, outRate);
        }
        return run(null, 0, Math.max(1, swr_get_out_samples(swr, 0)));
    }

    private AudioChunk run(PointerPointer<?> in, int inSamples, int capacity) {
        BytePointer out = new BytePointer((long) capacity * 2);
        try (out; PointerPointer<?> outPlanes = new PointerPointer<BytePointer>(1).put(0, out)) {
            int n = Ffmpeg.check(swr_convert(swr, outPlanes, capacity, in, inSamples), "resampling audio");
            short[] samples = new short[n];
            out.asByteBuffer().order(java.nio.ByteOrder.nativeOrder()).asShortBuffer().get(samples);
            return new AudioChunk(samples, outRate);
        }
    }

    private void prepare(AVFrame frame) {
        int channels = frame.ch_layout().nb_channels();
        if (swr != null && frame.format() == inFormat && frame.sample_rate() == inRate && channels == inChannels) {
            return;
        }
        if (swr != null) {
            swr_free(swr);
        }
        swr = new SwrContext(null);
        Ffmpeg.check(swr_alloc_set_opts2(swr, mono, AV_SAMPLE_FMT_S16, outRate, frame.ch_layout(), frame.format(),
                frame.sample_rate(), 0, null), "configuring the resampler");
        Ffmpeg.check(swr_init(swr), "starting the resampler (" + frame.sample_rate() + " Hz, " + channels
                + " channels)");
        inFormat = frame.format();
        inRate = frame.sample_rate();
        inChannels = channels;
    }

    @Override
    public void close() {
        if (swr != null) {
            swr_free(swr);
            swr = null;
        }
        av_channel_layout_uninit(mono);
    }
}
