package dev.videochat.core.pipeline;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.media.MediaFormat;
import dev.videochat.api.media.MediaSegment;
import dev.videochat.api.media.MuxSession;
import dev.videochat.api.media.RawMediaSink;
import dev.videochat.api.thg.AvatarAnimator;
import dev.videochat.api.video.VideoFrame;
import dev.videochat.core.thg.FrameClock;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A session's media timeline: the one way audio and video reach the muxer and the raw sinks, and the one count of
 * what was written (samples and frames since the session opened), which places every chunk and frame on the
 * stream's clock and keeps audio and video in step across turns, cuts and idle stretches.
 *
 * <p>Three writers take turns, never two at once: the running turn's mux stage, that turn's finishing thread
 * ({@link #realign}, after the mux stage has exited) and, in a live session, the idle feed (under the session's
 * media lock, only while no turn runs). The start lock and the joins between them order their writes, so the
 * counts need no lock of their own.
 *
 * <p>Segments the muxer cuts are attributed to the turn that owns the timeline at that moment ({@link #own}),
 * none between turns.
 */
final class MediaTimeline {

    private final MuxSession mux;
    private final List<RawMediaSink> rawSinks;
    private final int fps;
    private final int sampleRate;
    private long samples;
    private long frames;
    /** The engine's count of frames written, across sessions (for its gauges). */
    private final LongAdder framesWritten;
    /** The turn whose media is being written; segments cut meanwhile belong to it. */
    private volatile TurnRun owner;

    MediaTimeline(MuxSession mux, List<RawMediaSink> rawSinks, LongAdder framesWritten) {
        this.mux = mux;
        this.rawSinks = rawSinks;
        this.framesWritten = framesWritten;
        this.fps = mux.format().fps();
        this.sampleRate = mux.format().sampleRate();
    }

    MediaFormat format() {
        return mux.format();
    }

    List<RawMediaSink> rawSinks() {
        return rawSinks;
    }

    /** Makes {@code turn} the owner of the segments cut from now on ({@code null}: no turn). */
    void own(TurnRun turn) {
        owner = turn;
    }

    /** Hands a segment the muxer cut to the turn owning the timeline, if any. */
    void segmentCut(MediaSegment segment) {
        TurnRun turn = owner;
        if (turn != null) {
            turn.segmentReady(segment);
        }
    }

    /** Writes a chunk of audio to the muxer and the raw sinks. */
    void writeAudio(AudioChunk chunk) {
        mux.writeAudio(chunk);
        samples += chunk.sampleCount();
        rawSinks.forEach(s -> s.onAudio(chunk));
    }

    /** Writes a frame to the muxer and the raw sinks. */
    void writeVideo(VideoFrame frame) {
        mux.writeVideo(frame);
        frames++;
        framesWritten.increment();
        rawSinks.forEach(s -> s.onVideo(frame));
    }

    /** Cuts a segment of what was written since the last cut. */
    void cut() {
        mux.endPacket();
    }

    /** The stream time, in nanoseconds, at which the next frame starts. */
    long nextFrameNanos() {
        return frames * 1_000_000_000L / fps;
    }

    /** The stream time, in nanoseconds, at which the next audio sample starts. */
    long nextSampleNanos() {
        return samples * 1_000_000_000L / sampleRate;
    }

    /** Frames written since the session opened. */
    long frames() {
        return frames;
    }

    /**
     * Writes up to {@code owed} idle frames from {@code animator}, each followed by the silence that keeps the audio
     * within half a frame of the video, and runs {@code afterFrame} after each (which may {@link #cut}).
     */
    void writeIdle(AvatarAnimator animator, int owed, Runnable afterFrame) throws InterruptedException {
        animator.idle(owed, frame -> {
            writeVideo(frame);
            int silence = (int) (audioTargetForFrames() - samples);
            if (silence > 0) {
                writeAudio(AudioChunk.silence(silence, sampleRate));
            }
            afterFrame.run();
        });
    }

    /**
     * Brings audio and video back in step after a turn stopped mid-packet: idle frames from {@code animator} where
     * the video is behind its audio, silence where the audio is behind. These go to the muxer only: the raw sinks
     * were told to drop what they held and resume with the next turn or the idle feed. Cuts when anything was
     * written since the last cut ({@code dirty}) or here.
     */
    void realign(AvatarAnimator animator, boolean dirty) throws InterruptedException {
        long expected = FrameClock.framesFor(samples, sampleRate, fps);
        if (frames < expected) {
            animator.idle((int) (expected - frames), frame -> {
                mux.writeVideo(frame);
                frames++;
                framesWritten.increment();
            });
            dirty = true;
        } else if (frames > expected) {
            int pad = (int) (audioTargetForFrames() - samples);
            if (pad > 0) {
                mux.writeAudio(AudioChunk.silence(pad, sampleRate));
                samples += pad;
                dirty = true;
            }
        }
        if (dirty) {
            mux.endPacket();
        }
    }

    /** The audio samples that end half a frame before the last written frame does: audio never runs ahead. */
    private long audioTargetForFrames() {
        return (long) Math.ceil((2.0 * frames * sampleRate - sampleRate) / (2.0 * fps));
    }
}
