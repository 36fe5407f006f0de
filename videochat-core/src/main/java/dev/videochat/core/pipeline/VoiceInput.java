package dev.videochat.core.pipeline;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.vad.VoiceActivityDetector;
import dev.videochat.api.voice.VoiceEvent;
import dev.videochat.api.voice.VoiceListener;
import dev.videochat.core.vad.SpeechEndpointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A session's ear: the user's microphone pushed in as PCM (from WebRTC, a sound card, a file), run through voice
 * activity detection on a thread of its own, so that each utterance, once it ends, is recognized and answered, and
 * the user talking over the avatar stops (or ducks) the answer. {@link #push} never blocks: the caller is usually
 * an audio callback that must not wait. Close it to stop listening; closing the session closes it too.
 */
public final class VoiceInput implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VoiceInput.class);
    private static final AudioChunk END = AudioChunk.silence(1, 16_000);

    private final Session session;
    private final ListeningOptions options;
    private final List<VoiceListener> listeners;
    private final BlockingQueue<AudioChunk> chunks;
    private final SpeechEndpointer endpointer;
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean speaking;
    /** With DUCK: the turn ducked by the utterance in progress, and when (stream time) that utterance started. */
    private Turn ducked;
    private Duration speechStart;
    private long droppedChunks;
    /** Stream time of the audio fed to the endpointer so far (listening thread). */
    private long fedNanos;

    VoiceInput(Session session, VoiceActivityDetector detector, ListeningOptions options) {
        this.session = session;
        this.options = options;
        this.listeners = options.listeners();
        this.chunks = new ArrayBlockingQueue<>(options.queuedChunks());
        this.endpointer = new SpeechEndpointer(detector, options.endpointer(), new SpeechEndpointer.Listener() {
            @Override
            public void speechStarted(Duration at) {
                onSpeechStarted(at);
            }

            @Override
            public void speechEnded(AudioChunk utterance, Duration start, Duration end) {
                onSpeechEnded(utterance, start, end);
            }

            @Override
            public void speechDiscarded(Duration length) {
                onNoise(length);
            }
        });
        this.thread = new Thread(this::run, "videochat-" + session.id() + "-listen");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Hands the next piece of the user's audio to the detector: mono 16-bit PCM at any supported rate, in order.
     * Returns at once. When the detector falls behind by more than {@link ListeningOptions#queuedChunks()} chunks,
     * the oldest are dropped (and logged).
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public void push(AudioChunk pcm) {
        Objects.requireNonNull(pcm, "pcm");
        if (closed) {
            throw new IllegalStateException("this voice input of session " + session.id() + " is closed");
        }
        if (pcm.isEmpty()) {
            return;
        }
        while (!chunks.offer(pcm)) {
            if (chunks.poll() != null && droppedChunks++ % 100 == 0) {
                log.warn("session {}: voice activity detection is falling behind; dropped {} chunk(s) of microphone "
                        + "audio", session.id(), droppedChunks);
            }
        }
    }

    /** Whether the user is speaking now, as far as the detector has heard. */
    public boolean speaking() {
        return speaking;
    }

    private void run() {
        try {
            while (true) {
                AudioChunk next = chunks.take();
                if (next == END) {
                    return;
                }
                endpointer.accept(next);
                fedNanos += next.sampleCount() * 1_000_000_000L / next.sampleRate();
                checkDuck(Duration.ofNanos(fedNanos));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            log.error("session {}: listening stopped: {}", session.id(), t.toString(), t);
        } finally {
            endpointer.close();
        }
    }

    private void onSpeechStarted(Duration at) {
        speaking = true;
        speechStart = at;
        publish(new VoiceEvent.SpeechStarted(at));
        Turn running = session.runningTurn();
        if (running == null) {
            return;
        }
        switch (options.bargeIn()) {
            case CANCEL -> bargeIn(running);
            case DUCK -> {
                ducked = running;
                session.duck(options.duckGain());
                publish(new VoiceEvent.Ducked(running.id()));
            }
            default -> { }
        }
    }

    /** With DUCK, the detector's frames go on while the user speaks: stop the answer once speech lasts long enough. */
    private void checkDuck(Duration now) {
        if (ducked != null && speechStart != null && now.minus(speechStart).compareTo(options.duckFor()) >= 0) {
            Turn turn = ducked;
            ducked = null;
            bargeIn(turn);
        }
    }

    private void bargeIn(Turn running) {
        if (running.isDone()) {
            return;
        }
        running.cancel();
        publish(new VoiceEvent.BargedIn(running.id()));
    }

    private void onNoise(Duration length) {
        speaking = false;
        restoreVolume();
        publish(new VoiceEvent.NoiseIgnored(length));
    }

    private void restoreVolume() {
        if (ducked != null) {
            ducked = null;
        }
        session.duck(1);
    }

    private void onSpeechEnded(AudioChunk utterance, Duration start, Duration end) {
        speaking = false;
        if (ducked != null) {
            // The user said something real over a ducked answer: the answer to it replaces the old one.
            bargeIn(ducked);
            ducked = null;
        }
        session.duck(1);
        publish(new VoiceEvent.SpeechEnded(start, end));
        if (!options.answer()) {
            return;
        }
        if (!session.canRecognize()) {
            publish(new VoiceEvent.Unanswered(start, end, "the engine has no speech recognizer; add one with "
                    + "VideoChatEngine.builder().recognizer(...) (for example the funasr provider) to answer speech"));
            return;
        }
        try {
            Turn turn = session.ask(utterance);
            publish(new VoiceEvent.Answering(turn.id()));
        } catch (RuntimeException e) {
            publish(new VoiceEvent.Unanswered(start, end, e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    private void publish(VoiceEvent event) {
        for (VoiceListener l : listeners) {
            session.events().run(() -> {
                try {
                    l.onVoice(event);
                } catch (Throwable t) {
                    log.warn("voice listener {} threw on {}: {}", l, event.getClass().getSimpleName(), t.toString());
                }
            });
        }
    }

    /** Stops listening: an utterance in progress is dropped. Idempotent; waits for the listening thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        chunks.clear();
        chunks.offer(END);
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        session.duck(1);
        session.voiceInputClosed(this);
    }
}
