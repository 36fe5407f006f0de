package dev.videochat.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videochat.api.llm.ChatMessage;
import dev.videochat.api.turn.TurnEvent;
import dev.videochat.core.pipeline.Session;
import dev.videochat.core.pipeline.SessionOptions;
import dev.videochat.core.pipeline.Turn;
import dev.videochat.core.pipeline.VideoChatEngine;
import dev.videochat.core.testing.SimulatedMuxer;
import dev.videochat.core.testing.SimulatedSynthesizer;
import dev.videochat.core.testing.SimulatedTalkingHead;
import dev.videochat.core.testing.StageLog;
import dev.videochat.llm.testing.LoopbackServer;
import dev.videochat.llm.testing.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.videochat.llm.testing.Wire.DONE;
import static dev.videochat.llm.testing.Wire.content;
import static dev.videochat.llm.testing.Wire.finish;
import static dev.videochat.llm.testing.Wire.role;
import static dev.videochat.llm.testing.Wire.usage;
import static dev.videochat.llm.testing.Wire.writeSplit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole turns through the SDK's pipeline with a bridged LangChain4j model and simulated voice, face and muxer. */
@Timeout(60)
class LangChain4jPipelineTest {

    private final StageLog log = new StageLog();
    private final SimulatedSynthesizer tts = new SimulatedSynthesizer(16_000, 20, Duration.ZERO, log);
    private final List<TurnEvent> events = new CopyOnWriteArrayList<>();

    private VideoChatEngine engine(LangChain4jChatModel model) {
        return VideoChatEngine.builder().chatModel(model).synthesizer(tts)
                .talkingHead(new SimulatedTalkingHead(16, 25, Duration.ZERO, log))
                .muxer(new SimulatedMuxer(log)).build();
    }

    @Test
    void aTurnSpeaksTheStreamedAnswerSentenceBySentenceAndRemembersIt() throws Exception {
        try (LoopbackServer server = new LoopbackServer(exchange -> writeSplit(Wire.startEvents(exchange),
                role() + content("Hello there. ") + content("I am a ") + content("digital host!")
                        + finish("stop") + usage(20, 9) + DONE));
             LangChain4jChatModel model = LangChain4jChatModel.of(OpenAiModels.at(server));
             VideoChatEngine engine = engine(model);
             Session session = engine.openSession(SessionOptions.builder().listener(events::add).build())) {

            TurnEvent end = session.say("Who are you?").await();

            TurnEvent.Done done = assertInstanceOf(TurnEvent.Done.class, end, String.valueOf(end));
            assertEquals("Hello there. I am a digital host!", done.answer());
            assertEquals(done.answer(), String.join("", tts.texts),
                    "the voice spoke the whole answer");
            assertTrue(events.stream().filter(TurnEvent.PacketReady.class::isInstance).count() >= 2,
                    "the answer went on sentence by sentence: " + tts.texts);
            JsonNode body = new ObjectMapper().readTree(server.takeRequest().body());
            JsonNode messages = body.path("messages");
            assertEquals("Who are you?", messages.get(messages.size() - 1).path("content").asText());
            assertEquals(List.of(ChatMessage.user("Who are you?"), ChatMessage.assistant(done.answer())),
                    session.history());
        }
    }

    @Test
    void cancellingATurnClosesTheLangChain4jStream() throws Exception {
        CountDownLatch cancelled = new CountDownLatch(1);
        CompletableFuture<IOException> serverSawClose = new CompletableFuture<>();
        try (LoopbackServer server = new LoopbackServer(exchange -> {
            try {
                OutputStream out = Wire.startEvents(exchange);
                writeSplit(out, role() + content("Hello there. ") + content("And then"));
                cancelled.await(10, TimeUnit.SECONDS);
                byte[] more = content(" more").getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < 1_000_000; i++) {
                    out.write(more);
                    out.flush();
                }
                serverSawClose.completeExceptionally(new AssertionError("the connection stayed open"));
            } catch (IOException e) {
                serverSawClose.complete(e);
            }
        }); LangChain4jChatModel model = LangChain4jChatModel.of(OpenAiModels.at(server));
             VideoChatEngine engine = engine(model);
             Session session = engine.openSession(SessionOptions.builder().listener(events::add).build())) {
            CountDownLatch firstPacket = new CountDownLatch(1);
            Turn turn = session.say("Tell me a long story.", event -> {
                if (event instanceof TurnEvent.PacketReady) {
                    firstPacket.countDown();
                }
            });
            assertTrue(firstPacket.await(10, TimeUnit.SECONDS), "no packet of the answer came");

            turn.cancel();
            TurnEvent end = turn.await();
            cancelled.countDown();

            assertInstanceOf(TurnEvent.Cancelled.class, end, String.valueOf(end));
            assertInstanceOf(IOException.class, serverSawClose.get(10, TimeUnit.SECONDS));
        }
    }
}
