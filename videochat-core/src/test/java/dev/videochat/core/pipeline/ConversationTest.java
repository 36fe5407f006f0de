package dev.videochat.core.pipeline;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.llm.ChatMessage;
import dev.videochat.api.turn.TurnEvent;
import dev.videochat.core.testing.SimulatedChatModel;
import dev.videochat.core.testing.SimulatedRecognizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class ConversationTest {

    @Test
    void interactiveModeSendsTheRecentHistoryBoundedToTheWindow() throws Exception {
        SimulatedChatModel llm = SimulatedChatModel.streaming(List.of("Sure."));
        try (Fixture f = new Fixture(llm);
             Session session = f.open(SessionOptions.builder().historyMessages(4).prompts(Prompts.ENGLISH))) {
            for (int i = 1; i <= 3; i++) {
                session.say("question " + i).await();
            }
            List<ChatMessage> sent = llm.requests.get(2).messages();
            assertEquals(ChatMessage.system(Prompts.ENGLISH.interactive()), sent.get(0));
            assertEquals(List.of(ChatMessage.user("question 1"), ChatMessage.assistant("Sure."),
                    ChatMessage.user("question 2"), ChatMessage.assistant("Sure."),
                    ChatMessage.user("question 3")), sent.subList(1, sent.size()));
            assertEquals(4, session.history().size());
            assertEquals(ChatMessage.user("question 2"), session.history().get(0));
        }
    }

    @Test
    void aTurnReportsTheLanguageModelsTimeToFirstDeltaAndSpeed() throws Exception {
        // Each delta costs 5 ms, so the stream after the first delta takes time and the speed is finite.
        SimulatedChatModel llm = SimulatedChatModel.streaming(List.of("One. ", "Two ", "three ", "four."),
                Duration.ofMillis(5));
        try (Fixture f = new Fixture(llm);
             Session session = f.open(SessionOptions.builder().prompts(Prompts.ENGLISH))) {
            TurnEvent.Done answered = assertInstanceOf(TurnEvent.Done.class, session.say("count").await());
            var metrics = answered.metrics();
            Duration first = metrics.llmFirstDelta().orElseThrow();
            assertTrue(!first.isNegative() && first.compareTo(metrics.total()) <= 0, metrics.toString());
            assertTrue(metrics.llmTokensPerSecond() > 0, "tokens per second: " + metrics.llmTokensPerSecond());

            TurnEvent.Done spoken = assertInstanceOf(TurnEvent.Done.class, session.speak("No model here.").await());
            assertTrue(spoken.metrics().llmFirstDelta().isEmpty(), "a speak turn has no LLM timing");
            assertEquals(0, spoken.metrics().llmTokensPerSecond());
        }
    }

    @Test
    void singleTurnModeSendsOnlyThePromptAndTheQuestion() throws Exception {
        SimulatedChatModel llm = SimulatedChatModel.streaming(List.of("好的。"));
        try (Fixture f = new Fixture(llm);
             Session session = f.open(SessionOptions.builder().mode(ChatMode.SINGLE_TURN).prompts(Prompts.CHINESE))) {
            session.say("第一个问题").await();
            session.say("第二个问题").await();
            assertEquals(List.of(ChatMessage.system(Prompts.CHINESE.singleTurn()), ChatMessage.user("第二个问题")),
                    llm.requests.get(1).messages());
        }
    }

    @Test
    void askingWithAudioTranscribesAtTheRecognizersRateThenAnswers() throws Exception {
        SimulatedRecognizer asr = SimulatedRecognizer.hearing("what time is it");
        SimulatedChatModel llm = SimulatedChatModel.streaming(List.of("It is noon."));
        try (Fixture f = new Fixture(llm, VideoChatEngine.builder().recognizer(asr)); Session session = f.open()) {
            TurnEvent end = session.ask(AudioChunk.silence(48_000, 48_000)).await();
            assertInstanceOf(TurnEvent.Done.class, end);
            assertEquals(16_000, asr.clips.get(0).sampleRate());
            assertEquals(16_000, asr.clips.get(0).sampleCount());
            assertEquals("what time is it", f.events(TurnEvent.Transcribed.class).get(0).transcript().text());
            assertEquals(ChatMessage.user("what time is it"), llm.requests.get(0).messages().get(1));
            assertTrue(((TurnEvent.Done) end).metrics().asr().compareTo(Duration.ZERO) > 0);
        }
    }
}
