package dev.videochat.webrtc;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Closing frees what libwebrtc started: peers, native threads, the transport's own threads. */
class TransportLifecycleTest {

    /** JVM threads that come and go on their own (JIT compilers, GC workers, the HTTP client). */
    private static final List<String> JVM_THREADS = List.of("C1 CompilerThre", "C2 CompilerThre", "GC Thread",
            "G1 ", "Attach Listener", "process reaper", "ForkJoinPool", "HttpClient", "Common-Cleaner",
            "Notification Th", "Service Thread", "Monitor Deflati", "VM Periodic");

    @Test
    void closingLeavesNoWebRtcThreadBehind() throws Exception {
        Map<String, Integer> before = TestWebRtc.threadNames();
        Map<String, Integer> during;
        WebRtcTransport transport = TestWebRtc.transport();
        try (BrowserPeer browser = new BrowserPeer(320, 240)) {
            WebRtcPeer peer = transport.answer(browser.offer(), PeerOptions.defaults());
            browser.accept(peer.answerSdp());
            browser.awaitConnected();
            try (LiveFeed feed = new LiveFeed(peer, 320, 240, null)) {
                assertTrue(browser.tenFramesAtExpectedSize.await(20, TimeUnit.SECONDS), "media flowed");
            }
            during = TestWebRtc.threadNames();
        } finally {
            transport.close();
        }
        Map<String, Integer> started = new TreeMap<>();
        during.forEach((name, count) -> {
            int extra = count - before.getOrDefault(name, 0);
            if (extra > 0 && JVM_THREADS.stream().noneMatch(name::startsWith)) {
                started.put(name, extra);
            }
        });
        assertFalse(started.isEmpty(), "a call should have started native threads: " + during);
        List<String> left = leftOver(before, started.keySet());
        // Native threads are joined by close(); allow the OS a moment to reap the last of them.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = leftOver(before, started.keySet());
        }
        assertTrue(left.isEmpty(), "threads still running after close: " + left + " (started: " + started + ")");
    }

    private static List<String> leftOver(Map<String, Integer> before, Iterable<String> names) throws Exception {
        Map<String, Integer> now = TestWebRtc.threadNames();
        List<String> left = new ArrayList<>();
        for (String name : names) {
            int extra = now.getOrDefault(name, 0) - before.getOrDefault(name, 0);
            if (extra > 0) {
                left.add(name + " x" + extra);
            }
        }
        return left;
    }

    @Test
    void closingTheTransportClosesItsPeersAndTellsTheirListeners() throws Exception {
        List<PeerState> states = new CopyOnWriteArrayList<>();
        WebRtcTransport transport = TestWebRtc.transport();
        WebRtcPeer peer;
        try (BrowserPeer browser = new BrowserPeer(320, 240)) {
            peer = transport.answer(browser.offer(), PeerOptions.builder().onStateChange(states::add).build());
            assertEquals(1, transport.openPeers());
            transport.close();
        }
        assertFalse(peer.isOpen());
        assertEquals(PeerState.CLOSED, peer.state());
        assertEquals(PeerState.CLOSED, states.get(states.size() - 1), "the last event is CLOSED: " + states);
        assertEquals(1, states.stream().filter(s -> s == PeerState.CLOSED).count(), "CLOSED once: " + states);
        assertEquals(0, transport.openPeers());
    }

    @Test
    void closingAPeerTwiceIsHarmlessAndMediaAfterCloseIsIgnored() throws Exception {
        try (WebRtcTransport transport = TestWebRtc.connectingTransport(); BrowserPeer browser = new BrowserPeer(320, 240)) {
            WebRtcPeer peer = transport.answer(browser.offer(), PeerOptions.defaults());
            peer.close();
            peer.close();
            peer.onAudio(dev.videochat.api.audio.AudioChunk.silence(240, 24_000));
            peer.onVideo(dev.videochat.api.video.VideoFrame.of(2, 2, dev.videochat.api.video.PixelFormat.RGB24, 0,
                    new byte[12]));
            assertEquals(0, transport.openPeers());
        }
    }
}
