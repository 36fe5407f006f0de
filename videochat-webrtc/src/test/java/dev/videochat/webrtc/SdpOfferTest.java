package dev.videochat.webrtc;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offer checks that run before libwebrtc sees an offer (no natives needed). */
class SdpOfferTest {

    private static final String SESSION = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
    private static final String VIDEO_RECV = "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\na=recvonly\r\n";
    private static final String AUDIO_SENDRECV = "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:1\r\na=sendrecv\r\n";

    private static SdpOffer parse(String sdp) {
        return SdpOffer.parse(sdp, 64 * 1024);
    }

    @Test
    void sectionsAreReadWithTheirMidAndDirection() {
        SdpOffer offer = parse(SESSION + VIDEO_RECV + AUDIO_SENDRECV);
        assertEquals(2, offer.sections().size());
        assertEquals(SdpOffer.Direction.RECVONLY, offer.section("0").orElseThrow().direction());
        assertEquals("audio", offer.section("1").orElseThrow().kind());
        assertTrue(offer.section("1").orElseThrow().direction().browserSends());
    }

    @Test
    void aSectionWithoutDirectionTakesTheSessionsOrSendrecv() {
        SdpOffer offer = parse(SESSION + "a=recvonly\r\n" + "m=video 9 RTP/AVP 96\r\na=mid:v\r\n"
                + "m=audio 9 RTP/AVP 0\r\na=mid:a\r\na=sendrecv\r\n");
        assertEquals(SdpOffer.Direction.RECVONLY, offer.section("v").orElseThrow().direction());
        SdpOffer plain = parse(SESSION + "m=video 9 RTP/AVP 96\r\na=mid:v\r\n" + AUDIO_SENDRECV);
        assertEquals(SdpOffer.Direction.SENDRECV, plain.section("v").orElseThrow().direction());
    }

    @Test
    void bareNewlinesAreAccepted() {
        assertEquals(2, parse((SESSION + VIDEO_RECV + AUDIO_SENDRECV).replace("\r\n", "\n")).sections().size());
    }

    @Test
    void aRejectedVideoSectionDoesNotCount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse(SESSION + VIDEO_RECV.replace("m=video 9", "m=video 0") + AUDIO_SENDRECV));
        assertTrue(e.getMessage().contains("has port 0"), e.getMessage());
    }

    @Test
    void anAudioSectionThatOnlySendsCannotCarryTheAvatarsVoice() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse(SESSION + VIDEO_RECV + AUDIO_SENDRECV.replace("sendrecv", "sendonly")));
        assertTrue(e.getMessage().contains("the avatar's voice"), e.getMessage());
    }

    @Test
    void aLineWithoutTypeAndEqualsIsRefusedWithItsNumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse(SESSION + "garbage\r\n" + VIDEO_RECV + AUDIO_SENDRECV));
        assertTrue(e.getMessage().contains("line 5"), e.getMessage());
    }

    @Test
    void theSizeLimitCountsUtf8Bytes() {
        String offer = SESSION + "s=" + "é".repeat(600) + "\r\n" + VIDEO_RECV + AUDIO_SENDRECV;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SdpOffer.parse(offer, 1024));
        assertTrue(e.getMessage().contains("over the limit of 1024 bytes"), e.getMessage());
    }

    @Test
    void controlCharactersInAnEchoedLineAreMasked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("x\u0000\u0007=evil\r\n"));
        assertTrue(e.getMessage().contains("x??=evil"), e.getMessage());
    }
}
