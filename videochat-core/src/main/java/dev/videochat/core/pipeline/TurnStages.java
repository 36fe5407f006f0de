package dev.videochat.core.pipeline;

import dev.videochat.api.Call;
import dev.videochat.api.Stage;
import dev.videochat.api.VideoChatException;
import dev.videochat.api.asr.SpeechRecognizer;
import dev.videochat.api.asr.Transcript;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.llm.ChatHandler;
import dev.videochat.api.llm.ChatModel;
import dev.videochat.api.llm.ChatRequest;
import dev.videochat.api.llm.ChatResult;
import dev.videochat.api.text.TextPacket;
import dev.videochat.api.thg.AvatarAnimator;
import dev.videochat.api.tts.SynthesisHandler;
import dev.videochat.api.tts.SynthesisResult;
import dev.videochat.api.tts.WordTiming;
import dev.videochat.api.turn.PacketMetrics;
import dev.videochat.api.turn.TurnEvent;
import dev.videochat.core.audio.Resampler;
import dev.videochat.core.pipeline.StageItems.Audio;
import dev.videochat.core.pipeline.StageItems.End;
import dev.videochat.core.pipeline.StageItems.Frame;
import dev.videochat.core.pipeline.StageItems.MediaItem;
import dev.videochat.core.pipeline.StageItems.Packet;
import dev.videochat.core.pipeline.StageItems.PacketEnd;
import dev.videochat.core.pipeline.StageItems.Speech;
import dev.videochat.core.pipeline.StageItems.SpokenAudio;
import dev.videochat.core.pipeline.StageItems.SpokenEnd;
import dev.videochat.core.pipeline.StageItems.SpeechItem;
import dev.videochat.core.pipeline.StageItems.TextItem;
import dev.videochat.core.pipeline.StageItems.Word;
import dev.videochat.core.text.SentenceChunker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;

/** The bodies of a turn's four stage threads. Each one ends its loop on the end marker or when the turn stops. */
final class TurnStages {

    private final TurnRun turn;
    private final Session session;
    private final VideoChatEngine engine;
    private final SentenceChunker chunker;
    private int nextPacket;
    private long lastCut;

    TurnStages(TurnRun turn) {
        this.turn = turn;
        this.session = turn.session;
        this.engine = session.engine();
        VideoChatEngine.PipelineSettings s = engine.settings();
        this.chunker = new SentenceChunker(s.minChars(), s.splitCharacters());
    }

    /** ASR (for audio turns), then the LLM stream cut into packets; or a script cut into packets. */
    void source() {
        Stage stage = Stage.LLM;
        try {
            String question;
            if (turn.input instanceof TurnInput.Spoken spoken) {
                stage = Stage.S2S;
                new SpokenSource(turn, engine.settings().splitCharacters()).run(spoken);
                return;
            } else if (turn.input instanceof TurnInput.Script script) {
                lastCut = System.nanoTime();
                emitAll(chunker.accept(script.text()));
                emitAll(chunker.flush());
                requireSomethingSpoken(script.text());
                turn.queues.put(turn.queues.text, End.INSTANCE, TurnRun.SOURCE);
                return;
            } else if (turn.input instanceof TurnInput.Audio audio) {
                stage = Stage.ASR;
                turn.sourceStage = Stage.ASR;
                question = recognize(audio.audio());
                stage = Stage.LLM;
                turn.sourceStage = Stage.LLM;
                if (question.isBlank()) {
                    turn.queues.put(turn.queues.text, End.INSTANCE, TurnRun.SOURCE);
                    return;
                }
            } else {
                question = ((TurnInput.Question) turn.input).text();
            }
            turn.userText = question;
            ChatModel model = engine.chatModel().orElseThrow();
            ChatRequest request = new ChatRequest(session.messagesFor(question), engine.settings().chatOptions());
            lastCut = System.nanoTime();
            turn.activity.engaged(TurnRun.SOURCE);
            Call<ChatResult> call = model.stream(request, new ChatHandler() {
                @Override
                public void onDelta(String text) throws InterruptedException {
                    if (turn.stopping(TurnRun.SOURCE)) {
                        return;
                    }
                    turn.activity.progressed(TurnRun.SOURCE);
                    turn.answer.append(text);
                    emitAll(chunker.accept(text));
                }
            });
            turn.llmCall = call;
            if (turn.stopping(TurnRun.SOURCE)) {
                call.cancel();
            }
            ChatResult result = call.await();
            turn.activity.released(TurnRun.SOURCE);
            turn.timings.llmFirstDelta = result.timeToFirstDelta();
            turn.timings.llmTokensPerSecond = result.tokensPerSecond();
            emitAll(chunker.flush());
            requireSomethingSpoken(turn.answer.toString());
            turn.queues.put(turn.queues.text, End.INSTANCE, TurnRun.SOURCE);
        } catch (CancellationException | InterruptedException e) {
            stopQuietly(stage, TurnRun.SOURCE, e);
        } catch (Throwable t) {
            turn.fail(stage, TurnRun.SOURCE, t);
            sayWhatWasComplete();
        }
    }

    /** A text with something in it but no letter or digit anywhere (emoji, punctuation) is reported, not skipped. */
    private void requireSomethingSpoken(String text) {
        if (nextPacket == 0 && !text.isBlank() && !turn.stopping(TurnRun.SOURCE)) {
            throw new VideoChatException(Stage.TTS, engine.synthesizer().name(), "nothing to speak: the text has no "
                    + "letter or digit (only emoji, symbols or punctuation): \"" + shortened(text) + "\"");
        }
    }

    static String shortened(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
    }

    /** After an LLM failure, the sentences already received are still spoken; a cut-off one is not. */
    private void sayWhatWasComplete() {
        try {
            List<String> rest = chunker.flush();
            if (!rest.isEmpty()) {
                String tail = rest.get(0).strip();
                if (!tail.isEmpty() && engine.settings().splitCharacters().indexOf(tail.codePointBefore(tail.length())) >= 0) {
                    for (String text : rest) {
                        if (text.codePoints().anyMatch(Character::isLetterOrDigit)) {
                            PacketClock clock = new PacketClock(new TextPacket(nextPacket++, text),
                                    System.nanoTime() - lastCut);
                            turn.timings.clocks.add(clock);
                            turn.publish(new TurnEvent.PacketReady(turn.id, clock.packet));
                            turn.queues.handOn(turn.queues.text, new Packet(clock), TurnRun.SPEECH);
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        handOnEnd(turn.queues.text, TurnRun.SPEECH);
    }

    private String recognize(AudioChunk audio) throws InterruptedException {
        SpeechRecognizer recognizer = engine.recognizer().orElseThrow();
        long start = System.nanoTime();
        turn.activity.engaged(TurnRun.SOURCE);
        Call<Transcript> call = recognizer.transcribe(Resampler.convert(audio, recognizer.sampleRate()));
        turn.asrCall = call;
        if (turn.stopping(TurnRun.SOURCE)) {
            call.cancel();
        }
        Transcript transcript = call.await();
        turn.activity.released(TurnRun.SOURCE);
        turn.timings.asrNanos = System.nanoTime() - start;
        turn.publish(new TurnEvent.Transcribed(turn.id, transcript));
        return transcript.text();
    }

    /** Sends packets on; ones without a letter or digit (nothing to say) only join the answer text. */
    private void emitAll(List<String> texts) throws InterruptedException {
        for (String text : texts) {
            if (text.codePoints().noneMatch(Character::isLetterOrDigit)) {
                continue;
            }
            long now = System.nanoTime();
            PacketClock clock = new PacketClock(new TextPacket(nextPacket++, text), now - lastCut);
            turn.timings.clocks.add(clock);
            lastCut = now;
            turn.publish(new TurnEvent.PacketReady(turn.id, clock.packet));
            if (!turn.queues.put(turn.queues.text, new Packet(clock), TurnRun.SOURCE)) {
                return;
            }
        }
    }

    /** TTS: each packet to audio at the session's rate, streamed on chunk by chunk. */
    void speech() {
        int rate = session.mediaFormat().sampleRate();
        try {
            while (true) {
                TextItem item = turn.queues.text.take();
                if (turn.stopping(TurnRun.SPEECH) || item == End.INSTANCE) {
                    turn.queues.put(turn.queues.speech, End.INSTANCE, TurnRun.SPEECH);
                    return;
                }
                if (item instanceof SpokenAudio spoken) {
                    // Speech-to-speech: the model's own voice, passed on as it is.
                    turn.queues.put(turn.queues.speech, new Speech(spoken.clock(), spoken.audio()), TurnRun.SPEECH);
                    continue;
                } else if (item instanceof SpokenEnd end) {
                    turn.queues.put(turn.queues.speech, new PacketEnd(end.clock()), TurnRun.SPEECH);
                    continue;
                }
                PacketClock clock = ((Packet) item).clock();
                clock.ttsStart = System.nanoTime();
                turn.activity.engaged(TurnRun.SPEECH);
                Resampler[] resampler = new Resampler[1];
                Call<SynthesisResult> call = engine.synthesizer().synthesize(clock.packet.text(), session.voice(),
                        new SynthesisHandler() {
                            @Override
                            public void onAudio(AudioChunk chunk) throws InterruptedException {
                                if (turn.stopping(TurnRun.SPEECH)) {
                                    return;
                                }
                                turn.activity.progressed(TurnRun.SPEECH);
                                if (turn.timings.ttsFirstAudio == null) {
                                    turn.timings.ttsFirstAudio = Duration.ofNanos(System.nanoTime() - clock.ttsStart);
                                }
                                if (resampler[0] == null) {
                                    resampler[0] = new Resampler(chunk.sampleRate(), rate);
                                }
                                AudioChunk converted = resampler[0].process(chunk);
                                clock.synthesizedSamples += converted.sampleCount();
                                if (!converted.isEmpty()) {
                                    turn.queues.put(turn.queues.speech, new Speech(clock, converted), TurnRun.SPEECH);
                                }
                            }

                            @Override
                            public void onWord(WordTiming word) throws InterruptedException {
                                turn.queues.put(turn.queues.speech, new Word(clock, word), TurnRun.SPEECH);
                            }
                        });
                turn.ttsCall = call;
                if (turn.stopping(TurnRun.SPEECH)) {
                    call.cancel();
                }
                call.await();
                turn.activity.released(TurnRun.SPEECH);
                if (clock.synthesizedSamples == 0 && !turn.stopping(TurnRun.SPEECH)
                        && clock.packet.text().codePoints().anyMatch(Character::isLetter)) {
                    throw new VideoChatException(Stage.TTS, engine.synthesizer().name(), "the voice "
                            + session.voice().id() + " produced no audio for packet " + clock.packet.index() + " (\""
                            + shortened(clock.packet.text()) + "\"); it may not speak that text's language ("
                            + session.voice().language() + " voice)");
                }
                if (resampler[0] != null) {
                    AudioChunk tail = resampler[0].flush();
                    clock.synthesizedSamples += tail.sampleCount();
                    if (!tail.isEmpty()) {
                        turn.queues.put(turn.queues.speech, new Speech(clock, tail), TurnRun.SPEECH);
                    }
                }
                clock.ttsEnd = System.nanoTime();
                turn.queues.put(turn.queues.speech, new PacketEnd(clock), TurnRun.SPEECH);
            }
        } catch (CancellationException | InterruptedException e) {
            stopQuietly(Stage.TTS, TurnRun.SPEECH, e);
        } catch (Throwable t) {
            turn.fail(Stage.TTS, TurnRun.SPEECH, t);
            handOnEnd(turn.queues.speech, TurnRun.ANIMATION);
        }
    }

    /** THG: audio to frames; the audio goes on ahead of the frames it drives. */
    void animation() {
        AvatarAnimator animator = session.animator();
        try {
            while (true) {
                SpeechItem item = turn.queues.speech.take();
                if (turn.stopping(TurnRun.ANIMATION)) {
                    return;
                }
                if (item == End.INSTANCE) {
                    turn.queues.put(turn.queues.media, End.INSTANCE, TurnRun.ANIMATION);
                    return;
                } else if (item instanceof Speech speech) {
                    PacketClock clock = speech.clock();
                    if (clock.thgStart == 0) {
                        clock.thgStart = System.nanoTime();
                    }
                    turn.queues.put(turn.queues.media, new Audio(clock, speech.audio()), TurnRun.ANIMATION);
                    turn.enteringAnimator();
                    try {
                        animator.speak(speech.audio(), frame -> emitFrame(clock, frame));
                    } finally {
                        turn.leftAnimator();
                    }
                } else if (item instanceof Word word) {
                    animator.hint(word.word());
                } else {
                    PacketClock clock = ((PacketEnd) item).clock();
                    turn.enteringAnimator();
                    try {
                        animator.endUtterance(frame -> emitFrame(clock, frame));
                    } finally {
                        turn.leftAnimator();
                    }
                    clock.thgEnd = System.nanoTime();
                    turn.queues.put(turn.queues.media, (MediaItem) item, TurnRun.ANIMATION);
                }
            }
        } catch (CancellationException | InterruptedException e) {
            stopQuietly(Stage.THG, TurnRun.ANIMATION, e);
        } catch (Throwable t) {
            turn.fail(Stage.THG, TurnRun.ANIMATION, t);
            handOnEnd(turn.queues.media, TurnRun.MUX);
        }
    }

    private void emitFrame(PacketClock clock, dev.videochat.api.video.VideoFrame frame) throws InterruptedException {
        turn.activity.progressed(TurnRun.ANIMATION);
        turn.queues.put(turn.queues.media, new Frame(clock, frame), TurnRun.ANIMATION);
    }

    /** Mux: encode, cut a segment at each packet's end, report the packet's metrics. */
    void mux() {
        MediaTimeline timeline = session.timeline();
        timeline.own(turn);
        try {
            while (true) {
                MediaItem item = turn.queues.media.take();
                if (turn.stopping(TurnRun.MUX) || item == End.INSTANCE) {
                    return;
                }
                if (!paceToWallClock(item, timeline)) {
                    return;
                }
                long t0 = System.nanoTime();
                turn.activity.engaged(TurnRun.MUX);
                if (item instanceof Audio original) {
                    Audio audio = ducked(original);
                    turn.muxPacket = audio.clock().packet.index();
                    timeline.writeAudio(audio.audio());
                    audio.clock().samples += audio.audio().sampleCount();
                    turn.muxDirty = true;
                    audio.clock().muxNanos += System.nanoTime() - t0;
                } else if (item instanceof Frame frame) {
                    turn.muxPacket = frame.clock().packet.index();
                    timeline.writeVideo(frame.frame());
                    turn.muxDirty = true;
                    frame.clock().muxNanos += System.nanoTime() - t0;
                } else {
                    PacketClock clock = ((PacketEnd) item).clock();
                    turn.muxPacket = clock.packet.index();
                    timeline.cut();
                    clock.muxed = true;
                    turn.muxDirty = false;
                    long doneAt = System.nanoTime();
                    clock.muxNanos += doneAt - t0;
                    PacketMetrics metrics = turn.timings.packetDone(clock, doneAt, timeline.format().sampleRate());
                    turn.publish(new TurnEvent.PacketMetricsReady(turn.id, metrics));
                }
                turn.activity.released(TurnRun.MUX);
            }
        } catch (CancellationException | InterruptedException e) {
            stopQuietly(Stage.MUX, TurnRun.MUX, e);
        } catch (Throwable t) {
            turn.fail(Stage.MUX, TurnRun.MUX, t);
        }
    }

    /** The chunk at the session's duck gain (the user speaking over the answer), or as it is at full volume. */
    private Audio ducked(Audio audio) {
        float gain = session.duckGain();
        if (gain >= 1) {
            return audio;
        }
        short[] samples = audio.audio().samples();
        short[] scaled = new short[samples.length];
        for (int i = 0; i < samples.length; i++) {
            scaled[i] = (short) Math.round(samples[i] * gain);
        }
        return new Audio(audio.clock(), new AudioChunk(scaled, audio.audio().sampleRate()));
    }

    /**
     * In a live session, waits until the item's media time is due on the wall clock (less a small lead), so that
     * what reaches the outputs is what is being played: a live viewer never holds seconds of an answer that a
     * cancel would have to take back. Returns false when the turn stops meanwhile.
     */
    private boolean paceToWallClock(MediaItem item, MediaTimeline timeline) {
        long mediaNanos;
        if (item instanceof Frame) {
            mediaNanos = timeline.nextFrameNanos();
        } else if (item instanceof Audio) {
            mediaNanos = timeline.nextSampleNanos();
        } else {
            return true;
        }
        long due = session.liveDueNanos(mediaNanos);
        if (due == 0) {
            return true;
        }
        while (!turn.stopping(TurnRun.MUX)) {
            long wait = due - System.nanoTime();
            if (wait <= 0) {
                return true;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Math.min(wait, 10_000_000L));
        }
        return false;
    }

    /** A cancellation seen by a stage is expected when the turn is stopping; otherwise it is a failure. */
    private void stopQuietly(Stage stage, int thread, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        if (!turn.stopping(thread)) {
            turn.fail(stage, thread, e);
        }
    }

    private <T> void handOnEnd(StageQueue<T> queue, int consumer) {
        try {
            @SuppressWarnings("unchecked")
            T end = (T) End.INSTANCE;
            turn.queues.handOn(queue, end, consumer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
