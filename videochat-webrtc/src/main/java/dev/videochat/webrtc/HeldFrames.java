package dev.videochat.webrtc;

import dev.onvoid.webrtc.media.video.NativeI420Buffer;

import java.util.ArrayDeque;

/**
 * Converted video frames waiting for the audio written with them to reach the audio device. The voice plays
 * from a jitter buffer (as deep as the session's lead), while a frame would otherwise be encoded at once; the
 * browser lines the two tracks up by their capture times, so without this hold the voice would lag the lips by
 * the buffer's depth. Holds at most {@link #MAX_FRAMES}; beyond that the oldest is released for sending anyway.
 * Thread-safe: the session's thread adds, the device's thread takes.
 */
final class HeldFrames {

    /** The most frames held (320 ms at 25 fps). */
    static final int MAX_FRAMES = 8;

    private record Held(NativeI420Buffer buffer, long audioMark) {
    }

    private final ArrayDeque<Held> frames = new ArrayDeque<>();

    /**
     * Holds a frame until the audio device has consumed {@code audioMark} samples.
     *
     * @return a frame that no longer fits (the oldest), to send now; null when none
     */
    synchronized NativeI420Buffer add(NativeI420Buffer buffer, long audioMark) {
        frames.addLast(new Held(buffer, audioMark));
        return frames.size() > MAX_FRAMES ? frames.pollFirst().buffer() : null;
    }

    /** The oldest frame whose audio has started playing ({@code consumed} at or past its mark), or null. */
    synchronized NativeI420Buffer takeDue(long consumed) {
        Held first = frames.peekFirst();
        if (first == null || first.audioMark() > consumed) {
            return null;
        }
        return frames.pollFirst().buffer();
    }

    /** Frames held now. */
    synchronized int size() {
        return frames.size();
    }

    /** Releases every held frame unsent. */
    void clear() {
        while (true) {
            Held h;
            synchronized (this) {
                h = frames.pollFirst();
            }
            if (h == null) {
                return;
            }
            h.buffer().release();
        }
    }
}
