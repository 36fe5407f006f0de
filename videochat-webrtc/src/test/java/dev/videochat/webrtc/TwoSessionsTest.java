package dev.videochat.webrtc;

import dev.videochat.api.audio.AudioChunk;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two browsers on one transport, each fed by its own session: each hears only its own avatar. */
class TwoSessionsTest {

    @Test
    void eachPeerSendsOnlyTheVoiceOfItsOwnSession() throws Exception {
        AudioChunk voice = TestWebRtc.jfk(LiveFeed.RATE);
        try (WebRtcTransport transport = TestWebRtc.connectingTransport();
             BrowserPeer talking = new BrowserPeer(320, 240);
             BrowserPeer quiet = new BrowserPeer(320, 240)) {
            WebRtcPeer talkingPeer = transport.answer(talking.offer(), PeerOptions.defaults());
            WebRtcPeer quietPeer = transport.answer(quiet.offer(), PeerOptions.defaults());
            talking.accept(talkingPeer.answerSdp());
            quiet.accept(quietPeer.answerSdp());
            talking.awaitConnected();
            quiet.awaitConnected();
            assertEquals(2, transport.openPeers());
            try (LiveFeed speaking = new LiveFeed(talkingPeer, 320, 240, voice);
                 LiveFeed silent = new LiveFeed(quietPeer, 320, 240, null)) {
                assertTrue(awaitCount(talking.loudAudioChunks, 50), "the talking session's browser hears speech");
                long from = quiet.audioChunks.get();
                assertTrue(awaitCount(quiet.audioChunks, from + 200), "the quiet browser receives 2 s more audio");
                assertEquals(0, quiet.loudAudioChunks.get(),
                        "the quiet session's browser heard sound (loudest RMS " + quiet.maxAudioRms.get()
                                + "): voices leak between peers");
            }
        }
    }

    private static boolean awaitCount(AtomicLong counter, long target) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (counter.get() < target) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
