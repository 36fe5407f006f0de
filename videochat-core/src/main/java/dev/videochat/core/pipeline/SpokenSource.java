package dev.videochat.core.pipeline;

import dev.videochat.api.Stage;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.s2s.SpeechCall;
import dev.videochat.api.s2s.SpeechConversation;
import dev.videochat.api.s2s.SpeechHandler;
import dev.videochat.api.s2s.SpeechResult;
import dev.videochat.api.text.TextPacket;
import dev.videochat.api.turn.TurnEvent;
import dev.videochat.core.audio.Resampler;
import dev.videochat.core.pipeline.StageItems.End;
import dev.videochat.core.pipeline.StageItems.SpokenAudio;
import dev.videochat.core.pipeline.StageItems.SpokenEnd;

import java.time.Duration;

/**
 * The source stage of a speech-to-speech turn: the model answers with audio and its transcript at once, and the
 * audio is cut into packets so that the talking head and the muxer keep streaming as they do for the cascade. A
 * packet ends once it holds {@link #FIRST_PACKET} of audio (the first) or {@link #PACKET} (later ones) and its
 * transcript so far ends a sentence, or at twice that in any case, or at the end of the answer. A packet's text is
 * the transcript that arrived while its audio did.
 */
final class SpokenSource {

    /** The first packet's audio before it may end: short, so that the first segment comes soon. */
    static final Duration FIRST_PACKET = Duration.ofMillis(800);
    /** Later packets' audio before they may end. */
    static final Duration PACKET = Duration.ofMillis(2000);

    private final TurnRun turn;
    private final Session session;
    private final String splitCharacters;
    private final int rate;
    private Resampler resampler;
    private volatile PacketClock current;
    private long currentSamples;
    private final StringBuilder text = new StringBuilder();
    private int nextPacket;
    private long lastCut;

    SpokenSource(TurnRun turn, String splitCharacters) {
        this.turn = turn;
        this.session = turn.session;
        this.splitCharacters = splitCharacters;
        this.rate = session.mediaFormat().sampleRate();
    }

    /** Runs the response; returns when it has ended and every packet is handed on. */
    void run(TurnInput.Spoken input) throws InterruptedException {
        turn.sourceStage = Stage.S2S;
        input.text().ifPresent(t -> turn.userText = t);
        SpeechConversation conversation = session.conversation();
        lastCut = System.nanoTime();
        turn.activity.engaged(TurnRun.SOURCE);
        SpeechCall call = conversation.respond(input.audio(), input.text(), new SpeechHandler() {
            @Override
            public void onAudio(AudioChunk chunk) throws InterruptedException {
                if (!turn.stopping(TurnRun.SOURCE)) {
                    turn.activity.progressed(TurnRun.SOURCE);
                    audio(chunk);
                }
            }

            @Override
            public void onTranscript(String delta) {
                if (!turn.stopping(TurnRun.SOURCE)) {
                    turn.activity.progressed(TurnRun.SOURCE);
                    turn.answer.append(delta);
                    synchronized (text) {
                        text.append(delta);
                        PacketClock open = current;
                        if (open != null && !text.toString().isBlank()) {
                            // Named as it goes, so an answer cut short is remembered as far as it was played.
                            open.packet = new TextPacket(open.packet.index(), text.toString());
                        }
                    }
                }
            }

            @Override
            public void onUserTranscript(String heard) {
                turn.userText = heard;
            }
        });
        turn.speechCall = call;
        if (turn.stopping(TurnRun.SOURCE)) {
            call.cancel();
        }
        SpeechResult result = call.await();
        turn.activity.released(TurnRun.SOURCE);
        result.userTranscript().ifPresent(heard -> turn.userText = heard);
        if (turn.userText == null) {
            turn.userText = "(speech)";
        }
        if (resampler != null) {
            AudioChunk tail = resampler.flush();
            if (!tail.isEmpty()) {
                put(tail);
            }
        }
        cut();
        turn.queues.put(turn.queues.text, End.INSTANCE, TurnRun.SOURCE);
    }

    private void audio(AudioChunk chunk) throws InterruptedException {
        if (resampler == null) {
            resampler = new Resampler(chunk.sampleRate(), rate);
            long first = System.nanoTime() - turn.timings.startNanos;
            turn.timings.llmFirstDelta = Duration.ofNanos(first);
            turn.timings.ttsFirstAudio = Duration.ofNanos(first);
        }
        AudioChunk converted = resampler.process(chunk);
        if (!converted.isEmpty()) {
            put(converted);
        }
        long limit = (nextPacket == 0 ? FIRST_PACKET : PACKET).toNanos() * rate / 1_000_000_000L;
        if (currentSamples >= 2 * limit || (currentSamples >= limit && endsSentence())) {
            cut();
        }
    }

    private void put(AudioChunk audio) throws InterruptedException {
        if (current == null) {
            String said;
            synchronized (text) {
                said = text.toString();
            }
            current = new PacketClock(new TextPacket(nextPacket, said.isBlank() ? "(audio)" : said),
                    System.nanoTime() - lastCut);
            current.ttsStart = System.nanoTime();
            turn.timings.clocks.add(current);
        }
        currentSamples += audio.sampleCount();
        current.synthesizedSamples += audio.sampleCount();
        turn.queues.put(turn.queues.text, new SpokenAudio(current, audio), TurnRun.SOURCE);
    }

    private boolean endsSentence() {
        synchronized (text) {
            for (int i = text.length() - 1; i >= 0; i--) {
                char c = text.charAt(i);
                if (!Character.isWhitespace(c)) {
                    return splitCharacters.indexOf(c) >= 0;
                }
            }
            return false;
        }
    }

    /** Ends the packet in progress: names it with the transcript so far and hands its end on. */
    private void cut() throws InterruptedException {
        if (current == null) {
            return;
        }
        String said;
        synchronized (text) {
            said = text.toString();
            text.setLength(0);
        }
        current.packet = new TextPacket(nextPacket++, said.isBlank() ? "(audio)" : said);
        current.ttsEnd = System.nanoTime();
        turn.publish(new TurnEvent.PacketReady(turn.id, current.packet));
        turn.queues.put(turn.queues.text, new SpokenEnd(current), TurnRun.SOURCE);
        lastCut = System.nanoTime();
        current = null;
        currentSamples = 0;
    }
}
