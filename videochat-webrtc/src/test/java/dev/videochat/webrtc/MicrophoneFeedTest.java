package dev.videochat.webrtc;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Turning libwebrtc's interleaved PCM into mono. */
class MicrophoneFeedTest {

    @Test
    void stereoIsAveragedToMono() {
        // Frames (L, R): (1000, 3000), (-2, -4), (32767, 32767), little-endian 16-bit.
        byte[] data = {(byte) 0xE8, 0x03, (byte) 0xB8, 0x0B, (byte) 0xFE, (byte) 0xFF, (byte) 0xFC, (byte) 0xFF,
                (byte) 0xFF, 0x7F, (byte) 0xFF, 0x7F};
        assertArrayEquals(new short[]{2000, -3, 32767}, MicrophoneFeed.downmix(data, 2, 3));
    }

    @Test
    void monoPassesThrough() {
        byte[] data = {0x01, 0x00, (byte) 0xFF, (byte) 0xFF};
        assertArrayEquals(new short[]{1, -1}, MicrophoneFeed.downmix(data, 1, 2));
    }
}
