package dev.videochat.sprite;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.thg.Avatar;
import dev.videochat.api.thg.AvatarAnimator;
import dev.videochat.api.thg.FrameSink;
import dev.videochat.api.tts.WordTiming;
import dev.videochat.api.video.PixelFormat;
import dev.videochat.api.video.VideoFrame;
import dev.videochat.sprite.lipsync.LipSync;
import dev.videochat.sprite.lipsync.Viseme;
import dev.videochat.sprite.look.SpriteSheet;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Objects;

/**
 * Animates one sprite avatar for one session. Frames are composed on one reused {@code INT_RGB} canvas from the
 * avatar's pre-rendered layers and copied out as RGB24; the copy is the only allocation per frame (a frame owns
 * its pixels once handed over).
 */
final class SpriteAnimator implements AvatarAnimator {

    private final SpriteAvatar avatar;
    private final SpriteSheet sheet;
    private final LipSync lipSync;
    private final Blinker blinker;
    private final IdleMotion motion;
    private final BufferedImage canvas;
    private final int[] canvasPixels;
    private final Graphics2D graphics;
    private final LipSync.VisemeSink toFrames = this::emit;
    private FrameSink sink;
    private long nextIndex;
    private Viseme lastViseme = Viseme.CLOSED;

    SpriteAnimator(SpriteAvatar avatar, long seed) {
        this.avatar = avatar;
        this.sheet = avatar.sheet();
        this.lipSync = new LipSync(sheet.fps());
        this.blinker = new Blinker(seed, sheet.fps());
        this.motion = new IdleMotion(seed, sheet.swayPixels(), sheet.fps());
        this.canvas = new BufferedImage(sheet.width(), sheet.height(), BufferedImage.TYPE_INT_RGB);
        this.canvasPixels = ((DataBufferInt) canvas.getRaster().getDataBuffer()).getData();
        this.graphics = canvas.createGraphics();
    }

    @Override
    public Avatar avatar() {
        return avatar;
    }

    @Override
    public void speak(AudioChunk audio, FrameSink sink) throws InterruptedException {
        Objects.requireNonNull(audio, "audio");
        this.sink = Objects.requireNonNull(sink, "sink");
        try {
            lipSync.speak(audio, toFrames);
        } finally {
            this.sink = null;
        }
    }

    @Override
    public void hint(WordTiming word) {
        lipSync.hint(word);
    }

    @Override
    public void endUtterance(FrameSink sink) {
        Objects.requireNonNull(sink, "sink");
        // The lip-sync windows are centred on each frame's time, so speak() has already delivered every frame.
        lipSync.endUtterance();
    }

    @Override
    public void idle(int count, FrameSink sink) throws InterruptedException {
        if (count < 0) {
            throw new IllegalArgumentException("idle frame count must be >= 0, got " + count);
        }
        Objects.requireNonNull(sink, "sink");
        for (int i = 0; i < count; i++) {
            lastViseme = lipSync.silentFrame();
            sink.accept(render(lastViseme));
        }
    }

    @Override
    public long nextFrameIndex() {
        return nextIndex;
    }

    /** The mouth shape of the last frame rendered. */
    Viseme lastViseme() {
        return lastViseme;
    }

    @Override
    public void close() {
        graphics.dispose();
    }

    private void emit(Viseme viseme) throws InterruptedException {
        lastViseme = viseme;
        sink.accept(render(viseme));
    }

    private VideoFrame render(Viseme viseme) {
        long index = nextIndex++;
        sheet.draw(graphics, motion.dx(index), motion.dy(index), blinker.at(index), viseme);
        byte[] rgb = new byte[canvasPixels.length * 3];
        for (int i = 0, o = 0; i < canvasPixels.length; i++) {
            int p = canvasPixels[i];
            rgb[o++] = (byte) (p >> 16);
            rgb[o++] = (byte) (p >> 8);
            rgb[o++] = (byte) p;
        }
        return VideoFrame.wrap(sheet.width(), sheet.height(), PixelFormat.RGB24, index, rgb);
    }
}
