package dev.videochat.ffmpeg;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.media.ContainerFormat;
import dev.videochat.api.media.MediaFormat;
import dev.videochat.api.media.MediaSegment;
import dev.videochat.api.media.MuxSession;
import dev.videochat.api.media.SegmentSink;
import dev.videochat.api.video.VideoFrame;
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
import java.util.Objects;
import java.util.Optional;

/**
 * One session's stream: H.264 + AAC encoded once, as frames and audio arrive, then fanned out to the chosen
 * outputs. Audio is the master clock: audio time is its sample count; video frame {@code n} plays at {@code n/fps}.
 * Each cut starts the next segment with a key frame, so every segment decodes on its own.
 *
 * <p>Memory stays bounded however long the session: only the segment being made is held; the session's MP4 is
 * recorded on disk as it goes ({@link SessionRecording}).
 *
 * <p>A write or {@link #endPacket()} that throws drops the segment being made: its media reaches no output (the
 * live RTMP push excepted, which sends packets as they are encoded), nor does what the encoders still hold of it.
 * Both streams then go on from one instant, so the next segment holds only media written after the failure, in
 * sync, after a gap; an HLS playlist marks that gap as a discontinuity. A segment's files are written whole or not
 * at all: after a full disk or a deleted folder, no {@code .part} file is left, and the next segment is written
 * once the fault is gone.
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
    private final SessionRecording recording;
    private final HlsPlaylist playlist;
    private final List<EncodedPacket> segment = new ArrayList<>();
    private long tsSequence;
    private long fragmentSequence;
    private long segmentFirstVideoPts = -1;
    private long segmentEndVideoPts = -1;
    /** Encoded media presented before these belongs to a dropped segment (frames; samples). */
    private long dropVideoBefore = Long.MIN_VALUE;
    private long dropAudioBefore = Long.MIN_VALUE;
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
        SessionRecording m = null;
        try {
            v = new VideoEncoder(format.width(), format.height(), format.fps(), format.pixelFormat(),
                    outputs.videoBitRate(), outputs.encoder());
            a = new AudioEncoder(format.sampleRate(), outputs.audioBitRate());
            if (outputs.kinds().contains(MuxOutput.FMP4)) {
                f = new ContainerWriter("mp4", null,
                        Map.of("movflags", "frag_custom+empty_moov+default_base_moof"), v.context(), a.context());
            }
            if (outputs.kinds().contains(MuxOutput.RTMP)) {
                r = RtmpPush.connect(outputs.rtmpUrl().orElseThrow(), v.context(), a.context());
            }
            if (outputs.kinds().contains(MuxOutput.MP4)) {
                m = SessionRecording.open(folder.orElseThrow());
            }
            this.playlist = outputs.kinds().contains(MuxOutput.HLS)
                    ? new HlsPlaylist(folder.orElseThrow().resolve("stream.m3u8"), outputs.segmentTarget()) : null;
            if (f != null) {
                sink.onSegment(new MediaSegment(0, ContainerFormat.FMP4_INIT, Duration.ZERO, Duration.ZERO,
                        f.takeBytes(), Optional.empty()));
            }
        } catch (RuntimeException | Error e) {
            for (AutoCloseable opened : new AutoCloseable[] {m, r, f, a, v}) {
                closeAfterFailure(opened, e);
            }
            throw e;
        }
        this.video = v;
        this.audio = a;
        this.fragments = f;
        this.live = r;
        this.recording = m;
    }

    @Override
    public MediaFormat format() {
        return format;
    }

    @Override
    public void writeAudio(AudioChunk chunk) {
        ensureOpen();
        try {
            Objects.requireNonNull(chunk, "chunk");
            if (chunk.isEmpty()) {
                // Refused rather than ignored: an empty chunk is a caller's bug (the pipeline drops them first).
                throw new IllegalArgumentException("an audio chunk for the muxer must hold at least 1 sample, got 0"
                        + " samples at " + chunk.sampleRate() + " Hz; skip empty chunks before writeAudio");
            }
            audio.encode(chunk, this::collect);
        } catch (RuntimeException e) {
            dropFailedSegment();
            throw e;
        }
    }

    @Override
    public void writeVideo(VideoFrame frame) {
        ensureOpen();
        try {
            video.encode(frame, this::collect);
        } catch (RuntimeException e) {
            dropFailedSegment();
            throw e;
        }
    }

    private void collect(EncodedPacket p) {
        boolean isVideo = p.stream() == EncodedPacket.VIDEO;
        if (p.pts() < (isVideo ? dropVideoBefore : dropAudioBefore)) {
            return;
        }
        if (isVideo && segmentFirstVideoPts >= 0) {
            // A long packet is also cut near the target: ask for a key frame, then cut before it.
            long targetFrames = Math.max(1, outputs.segmentTarget().toNanos() * format.fps() / 1_000_000_000L);
            long elapsed = p.pts() - segmentFirstVideoPts;
            if (p.key() && elapsed >= targetFrames - 1) {
                cut();
            } else if (elapsed >= targetFrames - 2) {
                video.forceKeyFrame();
            }
        }
        if (isVideo) {
            if (segmentFirstVideoPts < 0) {
                segmentFirstVideoPts = p.pts();
            }
            segmentEndVideoPts = p.pts() + 1;
        }
        segment.add(p);
        if (live != null) {
            live.write(p);
        }
    }

    @Override
    public void endPacket() {
        ensureOpen();
        try {
            cut();
        } catch (RuntimeException e) {
            dropFailedSegment();
            throw e;
        }
        video.forceKeyFrame();
    }

    /**
     * Forgets the segment being made and what the encoders still hold of it, and restarts both streams at one
     * instant (the later of their two clocks, on a frame boundary) so they stay in step after the gap.
     */
    private void dropFailedSegment() {
        segment.clear();
        segmentFirstVideoPts = -1;
        segmentEndVideoPts = -1;
        long frame = Math.max(video.framesEncoded(),
                -Math.floorDiv(-audio.samplesTaken() * format.fps(), format.sampleRate()));
        long sample = frame * format.sampleRate() / format.fps();
        video.skipTo(frame);
        audio.skipTo(sample);
        dropVideoBefore = frame;
        dropAudioBefore = sample;
        video.forceKeyFrame();
        if (playlist != null) {
            playlist.markDiscontinuity();
        }
        log.warn("dropped the failed segment's media; the stream goes on at {} s", frame / (double) format.fps());
    }

    /** Hands what was encoded since the last cut to the outputs: files first, all or none, then the sink. */
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
        byte[] ts = outputs.kinds().contains(MuxOutput.TS) ? mpegTs(segment) : null;
        Optional<Path> file = writeFiles(ts, length);
        if (ts != null) {
            sink.onSegment(new MediaSegment(tsSequence++, ContainerFormat.MPEG_TS, start, length, ts, file));
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

    private byte[] mpegTs(List<EncodedPacket> packets) {
        try (ContainerWriter writer = new ContainerWriter("mpegts", null, Map.of(), video.context(),
                audio.context())) {
            packets.forEach(writer::write);
            writer.finish();
            return writer.takeBytes();
        }
    }

    /**
     * Writes the segment's file, records it for the session's MP4 and lists it in the playlist; when one step
     * fails, the steps before it are undone, so the folder never holds part of a segment.
     *
     * @return the segment's file, when TS segments are written to a folder
     */
    private Optional<Path> writeFiles(byte[] ts, Duration length) {
        Optional<Path> file = folder.filter(dir -> ts != null)
                .map(dir -> writeAtomically(dir.resolve(String.format("segment-%05d.ts", tsSequence)), ts));
        try {
            if (recording != null) {
                recording.append(segment);
            }
            if (playlist != null) {
                playlist.add(file.orElseThrow().getFileName().toString(), length);
            }
            return file;
        } catch (RuntimeException e) {
            // The segment's number is used again by the next one; its file would be listed nowhere meanwhile.
            file.ifPresent(f -> deleteAfterFailure(f, e));
            throw e;
        }
    }

    private Duration time(long sampleCount) {
        return Duration.ofNanos(sampleCount * 1_000_000_000L / format.sampleRate());
    }

    /** Writes {@code data} to {@code target} through a {@code .part} file, which is removed if the write fails. */
    private static Path writeAtomically(Path target, byte[] data) {
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.write(tmp, data);
            return Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            UncheckedIOException failure = new UncheckedIOException("writing " + target + " failed: " + e, e);
            deleteAfterFailure(tmp, failure);
            throw failure;
        }
    }

    private static void deleteAfterFailure(Path file, Exception failure) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static void closeAfterFailure(AutoCloseable opened, Throwable failure) {
        if (opened == null) {
            return;
        }
        try {
            opened.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the muxer session is closed");
        }
    }

    /**
     * Flushes the encoders, cuts the last segment, ends the playlist and writes the session's MP4. Every step is
     * tried even when an earlier one fails, and the native memory is freed in any case.
     *
     * @throws RuntimeException the first failure (later ones suppressed in it); one about the MP4 names the file
     *                          and why it could not be written
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<RuntimeException> failures = new ArrayList<>();
        long samples = audio.samplesTaken();
        attempt(failures, () -> {
            video.flush(this::collect);
            audio.flush(this::collect);
            cut();
        });
        if (fragments != null) {
            attempt(failures, fragments::finish);
        }
        if (live != null) {
            attempt(failures, live::finish);
        }
        if (playlist != null) {
            attempt(failures, playlist::end);
        }
        if (recording != null && !recording.isEmpty()) {
            attempt(failures, () -> {
                try {
                    recording.finish(video.context(), audio.context());
                } catch (RuntimeException e) {
                    // Said here too: close() throws only its first failure, which may be another.
                    log.error("{}", e.getMessage());
                    throw e;
                }
                // The file can be hours long: the segment names it rather than carrying its bytes.
                sink.onSegment(new MediaSegment(0, ContainerFormat.MP4, Duration.ZERO, time(samples), new byte[0],
                        Optional.of(recording.file())));
                log.info("wrote {} ({} s)", recording.file(), time(samples).toMillis() / 1000.0);
            });
        }
        if (recording != null) {
            attempt(failures, recording::close);
        }
        if (live != null) {
            attempt(failures, live::close);
        }
        if (fragments != null) {
            attempt(failures, fragments::close);
        }
        attempt(failures, audio::close);
        attempt(failures, video::close);
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private static void attempt(List<RuntimeException> failures, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }
}
