package dev.videochat.benchmarks.sim;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.thg.Avatar;
import dev.videochat.api.thg.AvatarAnimator;
import dev.videochat.api.thg.FrameSink;
import dev.videochat.api.thg.TalkingHead;
import dev.videochat.api.video.PixelFormat;
import dev.videochat.api.video.VideoFrame;
import dev.videochat.core.thg.FrameClock;

import java.util.List;

/** Renders small flat frames at 25 fps, each costing {@link StageCosts#thgPerAudioSecond()} / 25. */
public final class CostedTalkingHead implements TalkingHead {

    public static final int FPS = 25;
    public static final int SIZE = 32;
    private final StageCosts costs;
    private final Avatar avatar = new Avatar() {
        @Override
        public String id() {
            return "flat";
        }

        @Override
        public int width() {
            return SIZE;
        }

        @Override
        public int height() {
            return SIZE;
        }

        @Override
        public int fps() {
            return FPS;
        }
    };

    public CostedTalkingHead(StageCosts costs) {
        this.costs = costs;
    }

    @Override
    public String name() {
        return "costed-thg";
    }

    @Override
    public List<String> avatars() {
        return List.of("flat");
    }

    @Override
    public Avatar loadAvatar(String reference) {
        return avatar;
    }

    @Override
    public AvatarAnimator animate(Avatar which) {
        FrameClock clock = new FrameClock(FPS);
        long perFrame = costs.thgPerAudioSecond().toNanos() / FPS;
        return new AvatarAnimator() {
            private long next;
            private final Pacer pacer = new Pacer();

            @Override
            public Avatar avatar() {
                return avatar;
            }

            @Override
            public void speak(AudioChunk audio, FrameSink sink) throws InterruptedException {
                emit(clock.advance(audio.sampleCount(), audio.sampleRate()), sink);
            }

            @Override
            public void endUtterance(FrameSink sink) {
            }

            @Override
            public void idle(int count, FrameSink sink) throws InterruptedException {
                emit(count, sink);
            }

            @Override
            public long nextFrameIndex() {
                return next;
            }

            private void emit(int count, FrameSink sink) throws InterruptedException {
                pacer.restart();
                for (int i = 0; i < count; i++) {
                    pacer.spend(perFrame);
                    sink.accept(VideoFrame.wrap(SIZE, SIZE, PixelFormat.RGB24, next++, new byte[SIZE * SIZE * 3]));
                }
            }
        };
    }
}
