package dev.videochat.llm;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LineFramerTest {

    private final List<String> lines = new ArrayList<>();
    private final LineFramer framer = new LineFramer(
            (bytes, length) -> lines.add(new String(bytes, 0, length, StandardCharsets.UTF_8)), 64);

    @Test
    void linesEndingInLfCrLfOrCrAreCutTheSameWayWhateverTheReadBoundaries() throws Exception {
        byte[] stream = "a: 你好\r\nb: 😀\n\rc\r\r\nd".getBytes(StandardCharsets.UTF_8);
        List<String> expected = List.of("a: 你好", "b: 😀", "", "c", "", "d");
        for (int piece = 1; piece <= stream.length; piece++) {
            lines.clear();
            for (int i = 0; i < stream.length; i += piece) {
                framer.feed(stream, i, Math.min(piece, stream.length - i));
            }
            framer.finish();
            assertEquals(expected, lines, "pieces of " + piece + " bytes");
        }
    }

    @Test
    void aLineLongerThanTheLimitIsAStreamFailure() {
        byte[] stream = new byte[65];
        java.util.Arrays.fill(stream, (byte) 'x');
        StreamFailure failure = assertThrows(StreamFailure.class, () -> framer.feed(stream, 0, stream.length));
        assertEquals("a line of the stream is longer than 64 bytes", failure.getMessage());
    }
}
