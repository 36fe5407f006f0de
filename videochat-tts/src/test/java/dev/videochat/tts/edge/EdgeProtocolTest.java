package dev.videochat.tts.edge;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EdgeProtocolTest {

    @Test
    void theTokenMatchesKnownValues() {
        assertEquals("42301B335578FEFDAE2637DED1ABD614505D432559EC08032B82048483726AFF",
                SecMsGec.token(Instant.ofEpochSecond(1_700_000_000L)));
        assertEquals("42D1947403FD94975436C65DBFCA8003073F9CB5C3F1CE25AF8961A11D7C3DFE",
                SecMsGec.token(Instant.ofEpochSecond(1_767_225_600L)));
    }

    @Test
    void theTokenStaysTheSameWithinFiveMinutes() {
        assertEquals(SecMsGec.token(Instant.ofEpochSecond(1_700_000_000L)),
                SecMsGec.token(Instant.ofEpochSecond(1_700_000_000L + 39)));
        assertTrue(!SecMsGec.token(Instant.ofEpochSecond(1_700_000_000L)).equals(
                SecMsGec.token(Instant.ofEpochSecond(1_700_000_000L + 300))));
    }

    @Test
    void messagesCarryTheDateTheVoiceAndTheEscapedText() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        String config = EdgeMessages.speechConfig(t, true);
        assertTrue(config.startsWith("X-Timestamp:Thu Jan 01 2026 00:00:00 GMT+0000 (Coordinated Universal Time)\r\n"),
                config);
        assertTrue(config.contains("Path:speech.config\r\n\r\n") && config.contains("\"wordBoundaryEnabled\":\"true\""));
        String ssml = EdgeMessages.ssml("abc", t, "zh-CN-XiaoxiaoNeural", EdgeProsody.NEUTRAL,
                EdgeMessages.escape("A<B & \"C\"\u0001"));
        assertTrue(ssml.contains("X-Timestamp:Thu Jan 01 2026 00:00:00 GMT+0000 (Coordinated Universal Time)Z\r\n"));
        assertTrue(ssml.contains("<voice name='Microsoft Server Speech Text to Speech Voice (zh-CN, XiaoxiaoNeural)'>"));
        assertTrue(ssml.contains(">A&lt;B &amp; &quot;C&quot; </prosody>"), ssml);
    }

    @Test
    void longTextIsSplitUnderTheByteLimitWithoutBreakingCharactersOrEntities() {
        String escaped = EdgeMessages.escape("数字人 & friends say hello. ".repeat(400));
        List<String> parts = EdgeMessages.split(escaped, EdgeMessages.MAX_SSML_TEXT_BYTES);
        assertTrue(parts.size() > 1);
        assertEquals(escaped, String.join("", parts));
        for (String p : parts) {
            assertTrue(p.getBytes(StandardCharsets.UTF_8).length <= EdgeMessages.MAX_SSML_TEXT_BYTES);
            assertTrue(!p.endsWith("&") && !p.endsWith("&amp"), "no entity is cut: " + p.substring(p.length() - 8));
        }
    }

    @Test
    void binaryFramesSplitIntoHeadersAndPayload() {
        byte[] head = "X-RequestId:1\r\nContent-Type:audio/mpeg\r\nPath:audio\r\n".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer frame = ByteBuffer.allocate(2 + head.length + 3);
        frame.putShort((short) head.length).put(head).put(new byte[] {1, 2, 3}).flip();
        EdgeMessages.Frame parsed = EdgeMessages.parseBinary(frame);
        assertEquals("audio", parsed.path());
        assertEquals("audio/mpeg", parsed.headers().get("Content-Type"));
        assertArrayEquals(new byte[] {1, 2, 3}, parsed.payload());
        ByteBuffer broken = ByteBuffer.allocate(4).putShort((short) 100).put(new byte[2]).flip();
        assertThrows(IllegalArgumentException.class, () -> EdgeMessages.parseBinary(broken));
    }

    @Test
    void prosodyIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> new EdgeProsody("10%", "+0Hz", "+0%"));
        assertThrows(IllegalArgumentException.class, () -> new EdgeProsody("+10%", "+5", "+0%"));
    }
}
