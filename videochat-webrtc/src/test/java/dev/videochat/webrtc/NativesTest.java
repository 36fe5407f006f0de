package dev.videochat.webrtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** webrtc-java's natives load on this platform and a factory starts and stops (the first thing to check). */
class NativesTest {

    @Test
    void aPeerConnectionFactoryWithAHeadlessAudioDeviceStartsAndStops() {
        TestWebRtc.transport().close();
        HeadlessAudioDeviceModule device = new HeadlessAudioDeviceModule();
        PeerConnectionFactory factory = new PeerConnectionFactory(device);
        factory.dispose();
        device.dispose();
    }

    @Test
    void aTransportWithNoPeersClosesCleanly() {
        WebRtcTransport transport = TestWebRtc.transport();
        assertEquals(0, transport.openPeers());
        transport.close();
        transport.close();
    }
}
