package dev.videochat.core.media;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.media.ContainerFormat;
import dev.videochat.api.media.MediaFormat;
import dev.videochat.api.media.MediaSegment;
import dev.videochat.api.media.MuxSession;
import dev.videochat.api.media.SegmentSink;
import dev.videochat.api.video.VideoFrame;
import dev.videochat.core.media.MuxOutputs.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One session's stream: H.264 + AAC encoded once, as frames and audio arrive, then fanned out to the chosen
 * outputs. Audio is the master clock: audio time is its sample count; video frame {@code n} plays at {@code n/fps}.
 * Each cut starts the next segment with a key frame, so every segment decodes on its own.
 */
final class FfmpegMuxSession implements MuxSession {

    private static final Logger log = LoggerFactory.getLogger(FfmpegMuxSession.class);

    private final MediaFormat format;
    private final SegmentSink sink;
    private final MuxOutputs outputs;
    private final Optional<Path> folder;
    private final VideoEncoder video;
    private final AudioEncoder audio;
    private final ContainerWriter fragments;
    private final ContainerWriter live;
    private final List<EncodedPacket> segment = new ArrayList<>();
    private final List<EncodedPacket> session = new ArrayList<>();
    private final HlsPlaylist playlist;
    private long samples;
    private long tsSequence;
    private long fragmentSequence;
    private long segmentFirstVideoPts = -1;
    private long segmentEndVideoPts = -1;
    private boolean closed;

    FfmpegMuxSession(MediaFormat format, SegmentSink sink, MuxOutputs outputs, Optional<Path> folder) {
        Ffmpeg.load();
        this.format = format;
        this.sink = sink;
        this.outputs = outputs;
        this.folder = folder;
        VideoEncoder v = null;
        AudioEncoder a = null;
        ContainerWriter f = null;
        ContainerWriter r = null;
        try {
            v = new VideoEncoder(format.width(), format.height(), format.fps(), format.pixelFormat(),
                    outputs.videoBitRate(), outputs.encoder());
            a = new AudioEncoder(format.sampleRate(), outputs.audioBitRate());
            if (outputs.kinds().contains(Kind.FMP4)) {
                f = new ContainerWriter("mp4", null,
                        Map.of("movflags", "frag_custom+empty_moov+default_base_moof"), v.context(), a.context());
            }
            if (outputs.kinds().contains(Kind.RTMP)) {
                r = RtmpPush.connect(outputs.rtmpUrl().orElseThrow(), v.context(), a.context());
            }
        } catch (RuntimeException e) {
            if (f != null) {
                f.close();
            }
            if (v != null) {
                v.close();
            }
            if (a != null) {
                a.close();
            }
            throw e;
        }
        this.video = v;
        this.audio = a;
        this.fragments = f;
        this.live = r;
        this.playlist = outputs.kinds().contains(Kind.HLS)
                ? new HlsPlaylist(folder.orElseThrow().resolve("stream.m3u8"), outputs.segmentTarget()) : null;
        if (fragments != null) {
            sink.onSegment(new MediaSegment(0, ContainerFormat.FMP4_INIT, Duration.ZERO, Duration.ZERO,
                    fragments.takeBytes(), Optional.empty()));
        }
    }

    @Override
    public MediaFormat format() {
        return format;
    }

    @Override
    public void writeAudio(AudioChunk chunk) {
        ensureOpen();
        java.util.Objects.requireNonNull(chunk, "chunk");
        if (chunk.isEmpty()) {
            // Refused rather than ignored: an empty chunk is a caller's bug (the pipeline drops them before the muxer).
            throw new IllegalArgumentException("an audio chunk for the muxer must hold at least 1 sample, got 0"
                    + " samples at " + chunk.sampleRate() + " Hz; skip empty chunks before writeAudio");
        }
        audio.encode(chunk, this::collect);
        samples += chunk.sampleCount();
    }

    @Override
    public void writeVideo(VideoFrame frame) {
        ensureOpen();
        video.encode(frame, this::collect);
    }

    private void collect(EncodedPacket p) {
        if (p.stream() == EncodedPacket.VIDEO && segmentFirstVideoPts >= 0) {
            // A long packet is also cut near the target: ask for a key frame, then cut before it.
            long targetFrames = Math.max(1, outputs.segmentTarget().toNanos() * format.fps() / 1_000_000_000L);
            long elapsed = p.pts() - segmentFirstVideoPts;
            if (p.key() && elapsed >= targetFrames - 1) {
                cut();
            } else if (elapsed >= targetFrames - 2) {
                video.forceKeyFrame();
            }
        }
        if (p.stream() == EncodedPacket.VIDEO) {
            if (segmentFirstVideoPts < 0) {
                segmentFirstVideoPts = p.pts();
            }
            segmentEndVideoPts = p.pts() + 1;
        }
        segment.add(p);
        if (outputs.kinds().contains(Kind.MP4)) {
            session.add(p);
        }
        if (live != null) {
            live.write(p);
        }
    }

    @Override
    public void endPacket() {
        ensureOpen();
        cut();
        video.forceKeyFrame();
    }

    /** Hands what was encoded since the last cut to the outputs. */
    private void cut() {
        if (segment.isEmpty()) {
            return;
        }
        // A packet's audio arrives before its frames, so audio that starts at or after the segment's last frame
        // ends belongs to the next segment: a segment's audio and video then cover the same span.
        List<EncodedPacket> carried = new ArrayList<>();
        if (segmentFirstVideoPts >= 0) {
            segment.removeIf(p -> {
                boolean later = p.stream() == EncodedPacket.AUDIO
                        && p.pts() * format.fps() >= segmentEndVideoPts * format.sampleRate();
                if (later) {
                    carried.add(p);
                }
                return later;
            });
        }
        // A segment spans its frames; one without video (the encoders' tail) spans its audio.
        Duration start;
        Duration length;
        if (segmentFirstVideoPts >= 0) {
            start = Duration.ofNanos(segmentFirstVideoPts * 1_000_000_000L / format.fps());
            length = Duration.ofNanos((segmentEndVideoPts - segmentFirstVideoPts) * 1_000_000_000L / format.fps());
        } else {
            long first = Math.max(0, segment.get(0).pts());
            EncodedPacket last = segment.get(segment.size() - 1);
            start = time(first);
            length = time(Math.max(first, last.pts() + last.duration())).minus(start);
        }
        if (outputs.kinds().contains(Kind.TS)) {
            byte[] ts;
            try (ContainerWriter writer = new ContainerWriter("mpegts", null, Map.of(), video.context(),
                    audio.context())) {
                segment.forEach(writer::write);
                writer.finish();
                ts = writer.takeBytes();
            }
            Optional<Path> file = folder.map(dir -> writeAtomically(dir, String.format("segment-%05d.ts", tsSequence), ts));
            MediaSegment seg = new MediaSegment(tsSequence++, ContainerFormat.MPEG_TS, start, length, ts, file);
            if (playlist != null) {
                playlist.add(file.orElseThrow().getFileName().toString(), length);
            }
            sink.onSegment(seg);
        }
        if (fragments != null) {
            segment.forEach(fragments::write);
            fragments.flushFragment();
            sink.onSegment(new MediaSegment(fragmentSequence++, ContainerFormat.FMP4_FRAGMENT, start, length,
                    fragments.takeBytes(), Optional.empty()));
        }
        segment.clear();
        segment.addAll(carried);
        segmentFirstVideoPts = -1;
        segmentEndVideoPts = -1;
    }

    private Duration time(long sampleCount) {
        return Duration.ofNanos(sampleCount * 1_000_000_000L / format.sampleRate());
    }

    private static Path writeAtomically(Path dir, String name, byte[] data) {
        try {
            Path tmp = dir.resolve(name + ".part");
            Files.write(tmp, data);
            return Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + dir.resolve(name) + " failed", e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the muxer session is closed");
        }
    }

    /** Flushes the encoders, cuts the last segment, ends the playlist and writes the session's MP4. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            video.flush(this::collect);
            audio.flush(this::collect);
            cut();
            if (fragments != null) {
                fragments.finish();
            }
            if (live != null) {
                live.finish();
            }
            if (playlist != null) {
                playlist.end();
            }
            if (outputs.kinds().contains(Kind.MP4) && !session.isEmpty()) {
                Path mp4 = folder.orElseThrow().resolve("session.mp4");
                Path tmp = folder.orElseThrow().resolve("session.mp4.part");
                try (ContainerWriter writer = new ContainerWriter("mp4", tmp.toString(), Map.of(), video.context(),
                        audio.context())) {
                    session.forEach(writer::write);
                    writer.finish();
                }
                Files.move(tmp, mp4, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                sink.onSegment(new MediaSegment(0, ContainerFormat.MP4, Duration.ZERO, time(samples),
                        Files.readAllBytes(mp4), Optional.of(mp4)));
                log.info("wrote {} ({} s)", mp4, time(samples).toMillis() / 1000.0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("finishing the session's files failed", e);
        } finally {
            video.close();
            audio.close();
            if (fragments != null) {
                fragments.close();
            }
            if (live != null) {
                live.close();
            }
        }
    }
}
