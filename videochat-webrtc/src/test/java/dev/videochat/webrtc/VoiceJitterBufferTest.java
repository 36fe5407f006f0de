package dev.videochat.webrtc;

import dev.videochat.api.audio.AudioChunk;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The voice between the session's writes and the audio device's 10 ms pulls (driven by hand here). */
class VoiceJitterBufferTest {

    private static final int PULL = 480;

    private final AtomicInteger pulls = new AtomicInteger();
    private final VoiceJitterBuffer buffer = new VoiceJitterBuffer(pulls::incrementAndGet);

    /** One 10 ms pull, mono, as the device makes it; returns the samples. */
    private short[] pull() {
        byte[] out = new byte[PULL * 2];
        assertEquals(PULL, buffer.onPlaybackData(out, PULL, 2, 1, 48_000));
        short[] s = new short[PULL];
        for (int i = 0; i < PULL; i++) {
            s[i] = (short) ((out[2 * i] & 0xff) | (out[2 * i + 1] << 8));
        }
        return s;
    }

    private static AudioChunk constant(int value, int samples, int rate) {
        short[] s = new short[samples];
        java.util.Arrays.fill(s, (short) value);
        return new AudioChunk(s, rate);
    }

    @Test
    void silencePlaysUntilThirtyMillisecondsAreQueued() {
        buffer.write(constant(1000, 960, 48_000));
        assertEquals(0, pull()[0], "20 ms queued: still waiting");
        buffer.write(constant(1000, 960, 48_000));
        assertEquals(1000, pull()[0], "40 ms queued: playing");
        assertEquals(960 * 2 - PULL, buffer.queuedSamples());
        assertEquals(2, pulls.get(), "the peer hears of every pull");
    }

    @Test
    void anUnderrunPlaysTheRestThenSilenceAndWaitsToRefill() {
        buffer.write(constant(7, 1500, 48_000));
        pull();
        pull();
        pull();
        short[] partial = pull();
        assertEquals(7, partial[0]);
        assertEquals(0, partial[PULL - 1], "what is missing is silence");
        buffer.write(constant(9, 960, 48_000));
        assertEquals(0, pull()[0], "under 30 ms after an underrun: waiting again");
    }

    @Test
    void atMostTwoHundredMillisecondsAreHeldAndTheOldestGoesFirst() {
        buffer.write(constant(1, 9_600, 48_000));
        buffer.write(constant(2, 4_800, 48_000));
        assertEquals(9_600, buffer.queuedSamples());
        assertEquals(4_800, buffer.droppedSamples());
        assertEquals(1, pull()[0], "the newest 200 ms remain, oldest of them first");
    }

    @Test
    void consumedAudioCatchesUpWithWhatWasWritten() {
        buffer.write(constant(3, 1_440, 48_000));
        long mark = buffer.writtenSamples();
        for (int i = 0; i < 3; i++) {
            pull();
        }
        assertEquals(mark, buffer.consumedSamples());
    }

    @Test
    void twentyFourKilohertzIsResampledToTheDeviceRate() {
        buffer.write(constant(0, 2_400, 24_000));
        int queued = buffer.queuedSamples();
        assertTrue(queued > 4_700 && queued <= 4_800, "100 ms at 48 kHz, got " + queued);
    }

    @Test
    void stereoPullsGetTheVoiceOnBothChannels() {
        buffer.write(constant(500, 1_920, 48_000));
        byte[] out = new byte[PULL * 2 * 2];
        buffer.onPlaybackData(out, PULL * 2, 2, 2, 48_000);
        short left = (short) ((out[0] & 0xff) | (out[1] << 8));
        short right = (short) ((out[2] & 0xff) | (out[3] << 8));
        assertEquals(500, left);
        assertEquals(500, right);
        assertEquals(1_920 - PULL, buffer.queuedSamples());
    }
}
