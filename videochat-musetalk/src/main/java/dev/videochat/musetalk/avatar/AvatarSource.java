package dev.videochat.musetalk.avatar;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.api.video.PixelFormat;
import dev.videochat.api.video.VideoFrame;
import dev.videochat.ffmpeg.MediaProbe;
import dev.videochat.ffmpeg.VideoFiles;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The pictures an avatar is prepared from: a video decoded and taken at the avatar's frame rate (for each avatar
 * frame time, the decoded frame nearest to it), or a still image as one frame.
 */
final class AvatarSource {

    private static final String PROVIDER = "musetalk";

    /** Decoded BGR24 pictures of one size. */
    record Frames(List<byte[]> pictures, int width, int height) {
    }

    private AvatarSource() {
    }

    /**
     * The frames of {@code source}, a video taken at {@code fps} (at most {@code maxFrames}, 0 for all) or a PNG /
     * JPEG still (one frame).
     *
     * @throws ConfigurationException naming the file when it cannot be read or has no frames
     */
    static Frames read(Path source, int fps, int maxFrames, AvatarPreparer.Progress report) {
        if (!Files.isRegularFile(source)) {
            throw new ConfigurationException(Stage.THG, PROVIDER, "no such file: " + source);
        }
        String name = source.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            return readStill(source, report);
        }
        int expected = 0;
        try {
            for (MediaProbe.Stream s : MediaProbe.streams(source)) {
                if (s.type().equals("video")) {
                    expected = (int) Math.round(s.seconds() * fps);
                    break;
                }
            }
        } catch (RuntimeException e) {
            throw new ConfigurationException(Stage.THG, PROVIDER, "cannot read " + source + ": " + e.getMessage(), e);
        }
        if (maxFrames > 0 && (expected == 0 || expected > maxFrames)) {
            expected = maxFrames;
        }
        FrameSampler sampler = new FrameSampler(fps, maxFrames, expected, report);
        try {
            VideoFiles.decode(source, PixelFormat.BGR24, sampler::accept);
        } catch (FrameSampler.Enough e) {
            // maxFrames reached
        } catch (RuntimeException e) {
            throw new ConfigurationException(Stage.THG, PROVIDER, "cannot read " + source + ": " + e.getMessage(), e);
        }
        sampler.finish();
        if (sampler.frames.isEmpty()) {
            throw new ConfigurationException(Stage.THG, PROVIDER, source + " has no video frames");
        }
        return new Frames(sampler.frames, sampler.width, sampler.height);
    }

    private static Frames readStill(Path source, AvatarPreparer.Progress report) {
        BufferedImage image;
        try {
            image = ImageIO.read(source.toFile());
        } catch (IOException e) {
            throw new ConfigurationException(Stage.THG, PROVIDER, "cannot read " + source + ": " + e.getMessage(), e);
        }
        if (image == null) {
            throw new ConfigurationException(Stage.THG, PROVIDER, source + " is not an image this JVM can read");
        }
        report.update("frames", 1, 1);
        return new Frames(List.of(AvatarStore.toBgr(image)), image.getWidth(), image.getHeight());
    }

    /** Picks, for each avatar frame time k / fps, the decoded frame nearest to it. */
    private static final class FrameSampler {

        /** Stops decoding once enough frames are taken. */
        static final class Enough extends RuntimeException {
            Enough() {
                super(null, null, false, false);
            }
        }

        private final int fps;
        private final int maxFrames;
        private final int expected;
        private final AvatarPreparer.Progress report;
        private final List<byte[]> frames = new ArrayList<>();
        private byte[] previous;
        private double previousTime;
        private double interval = Double.NaN;
        private int width;
        private int height;

        FrameSampler(int fps, int maxFrames, int expected, AvatarPreparer.Progress report) {
            this.fps = fps;
            this.maxFrames = maxFrames;
            this.expected = expected;
            this.report = report;
        }

        void accept(VideoFrame frame, double seconds) {
            byte[] bgr = new byte[frame.byteSize()];
            frame.pixels().get(bgr);
            if (previous != null) {
                if (seconds > previousTime) {
                    interval = seconds - previousTime;
                }
                // Every avatar frame time nearer to the previous picture than to this one takes the previous.
                takeUntil((previousTime + seconds) / 2, true);
            } else {
                width = frame.width();
                height = frame.height();
            }
            previous = bgr;
            previousTime = seconds;
        }

        void finish() {
            if (previous != null) {
                double last = Double.isNaN(interval) ? 1.0 / fps : interval;
                try {
                    takeUntil(previousTime + last / 2, false);
                } catch (Enough e) {
                    // maxFrames reached
                }
            }
        }

        private void takeUntil(double time, boolean inclusive) {
            while (true) {
                double t = frames.size() / (double) fps;
                if (inclusive ? t > time : t >= time) {
                    return;
                }
                if (maxFrames > 0 && frames.size() >= maxFrames) {
                    throw new Enough();
                }
                frames.add(previous);
                report.update("frames", frames.size(), Math.max(expected, frames.size()));
            }
        }
    }
}
