package dev.videochat.webrtc;

import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the headless audio device's capture path stopped. libwebrtc starts "recording" on the audio device as
 * soon as a send stream starts (when a peer's transport first becomes writable), and webrtc-java's headless
 * device then feeds the mixed incoming audio to every send stream every 10 ms, next to what the peers'
 * CustomAudioSources push: the browser would hear its own microphone back and the incoming audio would be pulled
 * twice as fast. The avatar's voice never comes from a device, so capture is stopped when a peer connects and
 * again on a short period while peers are open (a later peer's stream restarts it).
 */
final class CaptureGuard implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CaptureGuard.class);
    private static final long PERIOD_MS = 100;

    private final HeadlessAudioDeviceModule audioDevice;
    private final ScheduledExecutorService scheduler;
    private ScheduledFuture<?> periodic;

    CaptureGuard(HeadlessAudioDeviceModule audioDevice) {
        this.audioDevice = audioDevice;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "videochat-webrtc-capture-guard");
            t.setDaemon(true);
            return t;
        });
    }

    /** Stops capture now and keeps it stopped; called on libwebrtc's thread, so it only schedules. */
    synchronized void peerConnected() {
        if (scheduler.isShutdown()) {
            return;
        }
        scheduler.execute(this::stopCapture);
        if (periodic == null) {
            periodic = scheduler.scheduleWithFixedDelay(this::stopCapture, PERIOD_MS, PERIOD_MS,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void stopCapture() {
        try {
            audioDevice.stopRecording();
        } catch (RuntimeException | Error e) {
            log.debug("stopping the headless audio device's capture: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
