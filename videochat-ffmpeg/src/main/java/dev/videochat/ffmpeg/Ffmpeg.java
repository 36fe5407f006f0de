package dev.videochat.ffmpeg;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacpp.Loader;

import java.nio.charset.StandardCharsets;

/** Loads the FFmpeg natives once, lazily, and turns FFmpeg error codes into exceptions that say what failed. */
final class Ffmpeg {

    static final String PROVIDER = "ffmpeg";
    /** {@code AVERROR(EAGAIN)} on Linux and on macOS. */
    private static final int EAGAIN_LINUX = -11;
    private static final int EAGAIN_MAC = -35;
    private static volatile boolean loaded;

    private Ffmpeg() {
    }

    /** Loads the natives, or fails naming the platform whose natives are missing. */
    static void load() {
        if (loaded) {
            return;
        }
        synchronized (Ffmpeg.class) {
            if (loaded) {
                return;
            }
            try {
                Loader.load(avutil.class);
                Loader.load(avcodec.class);
                Loader.load(avformat.class);
                Loader.load(swscale.class);
                avutil.av_log_set_level(avutil.AV_LOG_ERROR);
                loaded = true;
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                throw new ConfigurationException(Stage.MUX, PROVIDER, "cannot load the FFmpeg natives for platform "
                        + Loader.getPlatform() + ": " + e.getMessage() + ". Add org.bytedeco:ffmpeg with the "
                        + Loader.getPlatform() + " classifier (or ffmpeg-platform) to the class path.", e);
            }
        }
    }

    /** Whether {@code ret} means "no output now" or "end of stream" rather than an error. */
    static boolean isAgainOrEof(int ret) {
        return ret == EAGAIN_LINUX || ret == EAGAIN_MAC || ret == avutil.AVERROR_EOF;
    }

    /** Returns {@code ret} when it is not negative; otherwise throws naming {@code what} and FFmpeg's reason. */
    static int check(int ret, String what) {
        if (ret < 0) {
            throw new VideoChatException(Stage.MUX, PROVIDER, what + " failed: " + describe(ret));
        }
        return ret;
    }

    /** FFmpeg's text for an error code. */
    static String describe(int ret) {
        byte[] buf = new byte[256];
        avutil.av_strerror(ret, buf, buf.length);
        int end = 0;
        while (end < buf.length && buf[end] != 0) {
            end++;
        }
        return new String(buf, 0, end, StandardCharsets.UTF_8) + " (" + ret + ")";
    }
}
