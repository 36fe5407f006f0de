package dev.videochat.webrtc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Offers a transport must refuse, each with a message that says what is wrong, before anything native could
 * misbehave. The well-formed offer they start from is made by libwebrtc itself (the test browser).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadOfferTest {

    private WebRtcTransport transport;
    private BrowserPeer browser;
    private String goodOffer;

    @BeforeAll
    void offer() throws Exception {
        transport = TestWebRtc.transport();
        browser = new BrowserPeer(320, 240);
        goodOffer = browser.offer();
    }

    @AfterAll
    void close() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (transport != null) {
            transport.close();
        }
    }

    private IllegalArgumentException refused(String offer) {
        return assertThrows(IllegalArgumentException.class, () -> transport.answer(offer, PeerOptions.defaults()));
    }

    /** The offer with its m-line of {@code kind} (and that section's attributes) removed. */
    private String without(String kind) {
        StringBuilder out = new StringBuilder();
        boolean skipping = false;
        for (String line : goodOffer.split("\r\n")) {
            if (line.startsWith("m=")) {
                skipping = line.startsWith("m=" + kind + " ");
            }
            if (line.startsWith("a=group:BUNDLE")) {
                // The removed section's mid must leave the bundle group too; rebuilt below from what stays.
                continue;
            }
            if (!skipping) {
                out.append(line).append("\r\n");
            }
        }
        return out.toString();
    }

    @Test
    void aWellFormedOfferIsAnswered() {
        try (WebRtcPeer peer = transport.answer(goodOffer, PeerOptions.defaults())) {
            assertTrue(peer.answerSdp().startsWith("v=0"));
            assertTrue(peer.answerSdp().contains("m=video"));
            assertTrue(peer.answerSdp().contains("m=audio"));
        }
        assertEquals(0, transport.openPeers());
    }

    @Test
    void anOfferWithoutVideoIsRefusedNamingTheVideoLine() {
        IllegalArgumentException e = refused(without("video"));
        assertTrue(e.getMessage().contains("no video m-line"), e.getMessage());
    }

    @Test
    void anOfferWithoutAudioIsRefusedNamingTheAudioLine() {
        IllegalArgumentException e = refused(without("audio"));
        assertTrue(e.getMessage().contains("no audio m-line"), e.getMessage());
    }

    @Test
    void anOfferThatOnlySendsVideoIsRefused() {
        IllegalArgumentException e = refused(goodOffer.replace("a=recvonly", "a=sendonly"));
        assertTrue(e.getMessage().contains("no video m-line of the offer receives"), e.getMessage());
    }

    @Test
    void textThatIsNotSdpIsRefused() {
        IllegalArgumentException e = refused("<html>hello</html>");
        assertTrue(e.getMessage().contains("must start with the line 'v=0'"), e.getMessage());
    }

    @Test
    void anEmptyOfferIsRefused() {
        IllegalArgumentException e = refused("  ");
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void aMalformedMediaLineIsRefused() {
        IllegalArgumentException e = refused(goodOffer.replaceFirst("m=video [^\r\n]*", "m=video"));
        assertTrue(e.getMessage().contains("m=<media> <port> <proto> <formats>"), e.getMessage());
    }

    @Test
    void anOfferLibwebrtcCannotParseIsRefusedWithItsReason() {
        // Structurally SDP, but without ICE credentials or a DTLS fingerprint.
        String stripped = goodOffer.replaceAll("a=(ice-ufrag|ice-pwd|fingerprint):[^\r\n]*\r\n", "");
        IllegalArgumentException e = refused(stripped);
        assertTrue(e.getMessage().startsWith("libwebrtc refused the offer"), e.getMessage());
        assertEquals(0, transport.openPeers(), "nothing is left open after a refusal");
    }

    @Test
    void anOfferWithALineLibwebrtcsParserRejectsIsRefusedNotThrownAsAnError() {
        // webrtc-java throws a plain java.lang.Error ("Invalid SDP line") for this one.
        IllegalArgumentException e = refused(goodOffer + "\r\n");
        assertTrue(e.getMessage().startsWith("libwebrtc refused the offer"), e.getMessage());
        assertEquals(0, transport.openPeers(), "nothing is left open after a refusal");
    }

    @Test
    void anOversizedOfferIsRefusedBeforeParsing() {
        String huge = goodOffer + "a=x-padding:" + "x".repeat(WebRtcTransport.DEFAULT_MAX_OFFER_BYTES) + "\r\n";
        IllegalArgumentException e = refused(huge);
        assertTrue(e.getMessage().contains("over the limit of 65536 bytes"), e.getMessage());
    }

    @Test
    void aClosedTransportRefusesOffers() {
        WebRtcTransport other = TestWebRtc.transport();
        other.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> other.answer(goodOffer, PeerOptions.defaults()));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
