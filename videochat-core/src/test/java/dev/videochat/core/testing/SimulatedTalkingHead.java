package dev.videochat.core.testing;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.thg.Avatar;
import dev.videochat.api.thg.AvatarAnimator;
import dev.videochat.api.thg.FrameSink;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.api.video.PixelFormat;
import dev.videochat.api.video.VideoFrame;
import dev.videochat.core.thg.FrameClock;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A talking head whose frames are flat grey: 200 while speaking, 50 while idle. Renders each frame at a fixed
 * cost; can wait for a gate before ending an utterance or fail at one. Logs {@code thg start N} / {@code thg end N}
 * (N counts utterances from 0), and {@code thg interrupted N} when a stop interrupts utterance {@code N} mid-render.
 */
public final class SimulatedTalkingHead implements TalkingHead {

    public static final int SPEAKING = 200;
    public static final int IDLE = 50;

    private final int size;
    private final int fps;
    private final Duration costPerFrame;
    private final StageLog log;
    private volatile IntFunction<CountDownLatch> gates = i -> null;
    private volatile IntFunction<CountDownLatch> renderGates = i -> null;
    private volatile int failAt = -1;
    private final java.util.concurrent.atomic.AtomicInteger inUse = new java.util.concurrent.atomic.AtomicInteger();
    /** The most threads that were ever inside one animator's methods at once (more than 1 is a bug). */
    public final java.util.concurrent.atomic.AtomicInteger mostAtOnce = new java.util.concurrent.atomic.AtomicInteger();

    public SimulatedTalkingHead(int size, int fps, Duration costPerFrame, StageLog log) {
        this.size = size;
        this.fps = fps;
        this.costPerFrame = costPerFrame;
        this.log = log;
    }

    /** Utterance {@code i} waits (up to 10 s) for {@code gates.apply(i)} before it ends, if not null. */
    public SimulatedTalkingHead gateBeforeEnd(IntFunction<CountDownLatch> gates) {
        this.gates = gates;
        return this;
    }

    /**
     * Utterance {@code i} waits (up to 10 s) for {@code gates.apply(i)} after rendering its first frame, if not
     * null. The function runs on the thread that called the animator.
     */
    public SimulatedTalkingHead blockWhileRendering(IntFunction<CountDownLatch> gates) {
        this.renderGates = gates;
        return this;
    }

    /** Utterance {@code index} fails. */
    public SimulatedTalkingHead failAt(int index) {
        this.failAt = index;
        return this;
    }

    @Override
    public String name() {
        return "simulated-thg";
    }

    @Override
    public List<String> avatars() {
        return List.of("grey");
    }

    @Override
    public Avatar loadAvatar(String reference) {
        if (!"grey".equals(reference)) {
            throw new ConfigurationException(Stage.THG, name(), "unknown avatar '" + reference + "'; known: grey");
        }
        return new Avatar() {
            @Override
            public String id() {
                return "grey";
            }

            @Override
            public int width() {
                return size;
            }

            @Override
            public int height() {
                return size;
            }

            @Override
            public int fps() {
                return fps;
            }
        };
    }

    @Override
    public AvatarAnimator animate(Avatar avatar) {
        return new Animator(avatar);
    }

    private final class Animator implements AvatarAnimator {
        private final Avatar avatar;
        private final FrameClock clock;
        private long next;
        private int utterance;
        private boolean speaking;

        Animator(Avatar avatar) {
            this.avatar = avatar;
            this.clock = new FrameClock(avatar.fps());
        }

        @Override
        public Avatar avatar() {
            return avatar;
        }

        @Override
        public void speak(AudioChunk audio, FrameSink sink) throws InterruptedException {
            enter();
            try {
                speakAlone(audio, sink);
            } finally {
                inUse.decrementAndGet();
            }
        }

        private void enter() {
            int now = inUse.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
        }

        private void speakAlone(AudioChunk audio, FrameSink sink) throws InterruptedException {
            if (!speaking) {
                speaking = true;
                log.add("thg start " + utterance);
            }
            if (utterance == failAt) {
                throw new IllegalStateException("simulated renderer crash in utterance " + utterance);
            }
            int frames = clock.advance(audio.sampleCount(), audio.sampleRate());
            if (frames == 0) {
                return;
            }
            emit(1, SPEAKING, sink);
            CountDownLatch gate = renderGates.apply(utterance);
            try {
                if (gate != null && !gate.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("gate inside utterance " + utterance + " never opened");
                }
            } catch (InterruptedException e) {
                log.add("thg interrupted " + utterance);
                throw e;
            }
            emit(frames - 1, SPEAKING, sink);
        }

        @Override
        public void endUtterance(FrameSink sink) throws InterruptedException {
            enter();
            try {
                endAlone();
            } finally {
                inUse.decrementAndGet();
            }
        }

        private void endAlone() throws InterruptedException {
            if (speaking) {
                CountDownLatch gate = gates.apply(utterance);
                if (gate != null && !gate.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("gate before the end of utterance " + utterance + " never opened");
                }
                log.add("thg end " + utterance);
            }
            speaking = false;
            utterance++;
        }

        @Override
        public void idle(int count, FrameSink sink) throws InterruptedException {
            enter();
            try {
                emit(count, IDLE, sink);
            } finally {
                inUse.decrementAndGet();
            }
        }

        @Override
        public long nextFrameIndex() {
            return next;
        }

        private void emit(int count, int grey, FrameSink sink) throws InterruptedException {
            for (int i = 0; i < count; i++) {
                Simulated.work(costPerFrame);
                byte[] pixels = new byte[size * size * 3];
                Arrays.fill(pixels, (byte) grey);
                sink.accept(VideoFrame.wrap(size, size, PixelFormat.RGB24, next++, pixels));
            }
        }
    }
}
