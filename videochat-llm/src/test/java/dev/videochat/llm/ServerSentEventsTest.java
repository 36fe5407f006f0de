package dev.videochat.llm;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerSentEventsTest {

    private final List<String> events = new ArrayList<>();
    private final ServerSentEvents sse = new ServerSentEvents(
            (bytes, length) -> events.add(new String(bytes, 0, length, StandardCharsets.UTF_8)));
    private final LineFramer framer = new LineFramer(sse, 1024);

    private void feed(String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        framer.feed(bytes, 0, bytes.length);
    }

    @Test
    void commentsAndOtherFieldsAreIgnoredAndDataLinesJoinWithNewlines() throws Exception {
        feed(": keep-alive\n\nevent: message\nid: 7\nretry: 100\ndata: first\ndata:second\n\n: ping\n\n");
        assertEquals(List.of("first\nsecond"), events);
    }

    @Test
    void onlyOneSpaceAfterTheColonIsRemoved() throws Exception {
        feed("data:  two spaces\n\n");
        assertEquals(List.of(" two spaces"), events);
    }

    @Test
    void anEventWithoutItsClosingBlankLineIsDispatchedWhenTheStreamEnds() throws Exception {
        feed("data: [DONE]");
        framer.finish();
        sse.finish();
        assertEquals(List.of("[DONE]"), events);
    }

    @Test
    void doneIsRecognisedWithSurroundingWhitespaceOnly() {
        assertTrue(OpenAiChunkDecoder.isDone(" [DONE] \r".getBytes(StandardCharsets.US_ASCII), 9));
        assertEquals(false, OpenAiChunkDecoder.isDone("[DONE]x".getBytes(StandardCharsets.US_ASCII), 7));
    }
}
