package dev.videochat.webrtc;

import dev.videochat.api.audio.AudioChunk;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cutting a session's audio into libwebrtc's 10 ms frames without holding back more than one frame. */
class AudioFramerTest {

    private record Frame(short[] samples, int rate) {
    }

    private final List<Frame> frames = new ArrayList<>();
    private final AudioFramer framer = new AudioFramer();

    private void push(AudioChunk chunk) {
        framer.push(chunk, (pcm, rate, n) -> {
            short[] s = new short[n];
            for (int i = 0; i < n; i++) {
                s[i] = (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
            }
            frames.add(new Frame(s, rate));
        });
    }

    private static AudioChunk ramp(int from, int count, int rate) {
        short[] s = new short[count];
        for (int i = 0; i < count; i++) {
            s[i] = (short) (from + i);
        }
        return new AudioChunk(s, rate);
    }

    @Test
    void a40msChunkAt24kHzBecomesFour10msFramesAtOnce() {
        push(ramp(0, 960, 24_000));
        assertEquals(4, frames.size());
        frames.forEach(f -> assertEquals(24_000, f.rate()));
        frames.forEach(f -> assertEquals(240, f.samples().length));
        assertEquals(0, framer.pendingSamples());
    }

    @Test
    void samplesAreSentInOrderAsLittleEndianAcrossChunkBoundaries() {
        push(ramp(-100, 150, 16_000));
        assertEquals(0, frames.size(), "under 10 ms is held back");
        assertEquals(150, framer.pendingSamples());
        push(ramp(50, 170, 16_000));
        assertEquals(2, frames.size());
        short[] expected = ramp(-100, 160, 16_000).samples();
        assertArrayEquals(expected, frames.get(0).samples());
        assertEquals(0, framer.pendingSamples());
    }

    @Test
    void aRateThatIsNotWholeFramesPer10msIsResampledTo48kHz() {
        push(AudioChunk.silence(22_050, 22_050));
        int total = frames.stream().mapToInt(f -> f.samples().length).sum();
        frames.forEach(f -> assertEquals(48_000, f.rate()));
        frames.forEach(f -> assertEquals(480, f.samples().length));
        assertTrue(total > 47_000 && total <= 48_000, "about one second at 48 kHz, got " + total);
        assertTrue(framer.pendingSamples() < 480);
    }

    @Test
    void resetDropsTheIncompleteFrame() {
        push(ramp(0, 100, 24_000));
        framer.reset();
        push(ramp(1000, 240, 24_000));
        assertEquals(1, frames.size());
        assertEquals(1000, frames.get(0).samples()[0]);
    }

    @Test
    void aRateChangeStartsAFreshFrame() {
        push(ramp(0, 100, 24_000));
        push(ramp(0, 480, 48_000));
        assertEquals(1, frames.size());
        assertEquals(48_000, frames.get(0).rate());
    }
}
