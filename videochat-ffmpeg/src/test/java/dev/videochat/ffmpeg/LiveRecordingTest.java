package dev.videochat.ffmpeg;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.media.RawMediaSink;
import dev.videochat.api.video.VideoFrame;
import dev.videochat.core.pipeline.Session;
import dev.videochat.core.pipeline.SessionOptions;
import dev.videochat.core.pipeline.VideoChatEngine;
import dev.videochat.core.testing.SimulatedSynthesizer;
import dev.videochat.core.testing.SimulatedTalkingHead;
import dev.videochat.core.testing.StageLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Closing a live session does not interrupt its idle feed in the middle of a write: an interrupt there closes the
 * muxer's file channels (ClosedByInterruptException) and the session's recording is lost.
 */
@Timeout(60)
class LiveRecordingTest {

    @Test
    void closingALiveSessionLetsTheIdleWriteInProgressFinishAndKeepsTheRecording(@TempDir Path out) throws Exception {
        CountDownLatch inWrite = new CountDownLatch(1);
        AtomicBoolean armed = new AtomicBoolean();
        AtomicBoolean interrupted = new AtomicBoolean();
        RawMediaSink slowWriter = new RawMediaSink() {
            @Override
            public void onAudio(AudioChunk chunk) {
            }

            @Override
            public void onVideo(VideoFrame frame) {
                if (armed.compareAndSet(true, false)) {
                    inWrite.countDown();
                    try {
                        // Holds the idle feed inside a write while the session closes.
                        new CountDownLatch(1).await(1, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                    }
                }
            }
        };
        StageLog log = new StageLog();
        try (VideoChatEngine engine = VideoChatEngine.builder()
                .synthesizer(new SimulatedSynthesizer(16_000, 20, Duration.ZERO, log))
                .talkingHead(new SimulatedTalkingHead(64, 25, Duration.ZERO, log))
                .muxer(new FfmpegMuxerProvider().create(Map.of("output-dir", out.toString(), "outputs", "ts,mp4")))
                .build()) {
            Session session = engine.openSession(SessionOptions.builder().live(true).rawSink(slowWriter).build());
            armed.set(true);
            assertTrue(inWrite.await(10, TimeUnit.SECONDS), "the idle feed writes");
            session.close();
        }
        assertFalse(interrupted.get(), "close interrupted the idle feed in the middle of a write");
        Path mp4 = out.resolve("session-001").resolve("session.mp4");
        assertTrue(Files.isRegularFile(mp4) && Files.size(mp4) > 500, "the recording is there: " + mp4);
    }
}
