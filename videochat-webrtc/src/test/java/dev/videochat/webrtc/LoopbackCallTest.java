package dev.videochat.webrtc;

import dev.videochat.api.audio.AudioChunk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A browser (a second libwebrtc stack in this JVM) and our peer, connected over the host's own address: what the
 * session writes reaches the browser, and what the browser's microphone says reaches the application.
 */
class LoopbackCallTest {

    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;

    private WebRtcTransport transport;
    private BrowserPeer browser;
    private WebRtcPeer peer;
    private LiveFeed feed;
    private final BlockingQueue<PeerState> states = new LinkedBlockingQueue<>();
    private final AtomicLong microphoneChunks = new AtomicLong();
    private final AtomicLong loudMicrophoneChunks = new AtomicLong();
    private final CountDownLatch speechHeard = new CountDownLatch(50);
    private final java.util.concurrent.atomic.AtomicReference<AudioChunk> firstMicrophoneChunk =
            new java.util.concurrent.atomic.AtomicReference<>();

    @AfterEach
    void tearDown() throws Exception {
        if (feed != null) {
            feed.close();
        }
        if (browser != null) {
            browser.close();
        }
        if (transport != null) {
            transport.close();
        }
    }

    private void connect() throws Exception {
        transport = TestWebRtc.connectingTransport();
        browser = new BrowserPeer(WIDTH, HEIGHT);
        PeerOptions options = PeerOptions.builder()
                .onStateChange(states::add)
                .microphone(chunk -> {
                    firstMicrophoneChunk.compareAndSet(null, chunk);
                    microphoneChunks.incrementAndGet();
                    if (BrowserPeer.rms(chunk.samples()) > BrowserPeer.SOUND_RMS) {
                        loudMicrophoneChunks.incrementAndGet();
                        speechHeard.countDown();
                    }
                })
                .build();
        peer = transport.answer(browser.offer(), options);
        assertTrue(peer.answerSdp().contains("a=candidate:"), "the answer carries its ICE candidates");
        browser.accept(peer.answerSdp());
        awaitState(PeerState.CONNECTED, 20);
    }

    private void awaitState(PeerState wanted, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<PeerState> seen = new java.util.ArrayList<>();
        while (true) {
            PeerState s = states.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (s == null) {
                throw new AssertionError("peer did not reach " + wanted + " within " + seconds + " s; saw " + seen);
            }
            seen.add(s);
            if (s == wanted) {
                return;
            }
        }
    }

    @Test
    void theConnectionReachesConnected() throws Exception {
        connect();
        assertEquals(PeerState.CONNECTED, peer.state());
        browser.awaitConnected();
    }

    @Test
    void framesWrittenToThePeerArriveAtTheBrowserAtTheirSize() throws Exception {
        connect();
        feed = new LiveFeed(peer, WIDTH, HEIGHT, null);
        assertTrue(browser.tenFramesAtExpectedSize.await(20, TimeUnit.SECONDS),
                "ten " + WIDTH + "x" + HEIGHT + " frames should be decoded; got " + browser.videoFrames.get()
                        + ", the last " + browser.lastVideoSize.get());
    }

    @Test
    void theAvatarsVoiceArrivesAtTheBrowserWithItsEnergy() throws Exception {
        AudioChunk voice = TestWebRtc.jfk(LiveFeed.RATE);
        connect();
        feed = new LiveFeed(peer, WIDTH, HEIGHT, voice);
        assertTrue(awaitCount(browser.loudAudioChunks, 50, 20),
                "50 chunks of 10 ms with speech energy should reach the browser; got "
                        + browser.loudAudioChunks.get() + " of " + browser.audioChunks.get()
                        + ", loudest RMS " + browser.maxAudioRms.get());
    }

    @Test
    void theBrowsersMicrophoneReachesTheConsumerWithSpeechEnergy() throws Exception {
        AudioChunk clip = TestWebRtc.jfk(48_000);
        connect();
        browser.playMicrophone(clip);
        assertTrue(speechHeard.await(20, TimeUnit.SECONDS),
                "50 chunks with speech energy should reach the consumer; got " + loudMicrophoneChunks.get()
                        + " of " + microphoneChunks.get());
        AudioChunk first = firstMicrophoneChunk.get();
        assertEquals(48_000, first.sampleRate(), "Opus decodes to 48 kHz");
        assertEquals(480, first.sampleCount(), "10 ms per chunk, mono");
    }

    @Test
    void theMicrophoneIsNotEchoedBackOnTheAvatarsTrack() throws Exception {
        AudioChunk clip = TestWebRtc.jfk(48_000);
        connect();
        // The session is idle (silence); the user talks.
        feed = new LiveFeed(peer, WIDTH, HEIGHT, null);
        browser.playMicrophone(clip);
        assertTrue(speechHeard.await(20, TimeUnit.SECONDS), "the microphone should be heard first");
        long from = browser.audioChunks.get();
        long loudBefore = browser.loudAudioChunks.get();
        assertTrue(awaitCount(browser.audioChunks, from + 200, 20), "2 s more of the avatar's audio");
        assertEquals(loudBefore, browser.loudAudioChunks.get(),
                "the avatar's track carried sound while the session wrote silence (loudest RMS "
                        + browser.maxAudioRms.get() + "): the microphone is echoed back");
    }

    @Test
    void aBrowserThatVanishesIsReportedWithinTheIceTimeout() throws Exception {
        connect();
        feed = new LiveFeed(peer, WIDTH, HEIGHT, null);
        browser.close();
        // No signalling: only ICE consent and DTLS can tell.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        PeerState s;
        do {
            s = states.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } while (s != null && s != PeerState.DISCONNECTED && s != PeerState.FAILED && s != PeerState.CLOSED);
        assertTrue(s != null, "the peer should report the vanished browser within 40 s; it is " + peer.state());
    }

    private static boolean awaitCount(AtomicLong counter, long target, int seconds) throws InterruptedException {
        // Counters fed by libwebrtc's threads; polled against a generous bound, no timing asserted.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (counter.get() < target) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
