package dev.videochat.core.vad;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.vad.VadStream;
import dev.videochat.api.vad.VoiceActivityDetector;
import dev.videochat.core.audio.Wav;
import dev.videochat.core.provider.Providers;
import dev.videochat.core.testing.TestAssets;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnergyVoiceActivityDetectorTest {

    private final VoiceActivityDetector vad = Providers.vad("energy", Map.of());

    private static short[] noise(Random random, double amplitude) {
        short[] s = new short[512];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) Math.round(random.nextGaussian() * amplitude);
        }
        return s;
    }

    private static short[] tone(double amplitude, int offset) {
        short[] s = new short[512];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * 220 * (offset + i) / 16_000.0));
        }
        return s;
    }

    @Test
    void aLoudVoiceOverQuietNoiseIsSpeechAndTheNoiseIsNot() {
        Random random = new Random(3);
        try (VadStream stream = vad.open()) {
            for (int i = 0; i < 30; i++) {
                assertTrue(stream.speechProbability(noise(random, 100)) < 0.1, "room noise at frame " + i);
            }
            for (int i = 0; i < 30; i++) {
                assertTrue(stream.speechProbability(tone(8000, i * 512)) > 0.9, "voice at frame " + i);
            }
            assertTrue(stream.speechProbability(noise(random, 100)) < 0.1, "back to the room");
        }
    }

    @Test
    void aLongTalkWithShortPausesStaysSpeechToTheEnd() {
        Random random = new Random(4);
        try (VadStream stream = vad.open()) {
            for (int i = 0; i < 30; i++) {
                stream.speechProbability(noise(random, 50));
            }
            // Ten seconds of a talker, 250 ms syllables and 100 ms pauses: the floor stays in the pauses.
            for (int i = 0; i < 310; i++) {
                boolean voiced = (i % 11) < 8;
                float p = stream.speechProbability(voiced ? tone(6000, i * 512) : noise(random, 50));
                assertTrue(voiced ? p > 0.9 : p < 0.1, "frame " + i + " (" + (voiced ? "voice" : "pause") + "): " + p);
            }
        }
    }

    @Test
    void mostOfARealSpeechClipIsSpeech() throws Exception {
        AudioChunk jfk = Wav.read(TestAssets.require("audio/en/jfk.wav"));
        assertEquals(16_000, jfk.sampleRate());
        int speech = 0;
        int frames = jfk.sampleCount() / 512;
        try (VadStream stream = vad.open()) {
            for (int f = 0; f < frames; f++) {
                short[] frame = new short[512];
                System.arraycopy(jfk.samples(), f * 512, frame, 0, 512);
                if (stream.speechProbability(frame) > 0.5) {
                    speech++;
                }
            }
        }
        double share = (double) speech / frames;
        // Silero marks 68 % of this clip as speech; a level detector lands near it on a clean recording.
        assertTrue(share > 0.45 && share < 0.9, "speech share " + share);
    }

    @Test
    void aFrameOfAnotherLengthIsRefused() {
        try (VadStream stream = vad.open()) {
            var e = assertThrows(IllegalArgumentException.class, () -> stream.speechProbability(new short[480]));
            assertTrue(e.getMessage().contains("512 samples"), e.getMessage());
        }
    }

    @Test
    void badSettingsAreNamed() {
        var e = assertThrows(ConfigurationException.class, () -> Providers.vad("energy", Map.of("margin-db", "1")));
        assertTrue(e.getMessage().contains("margin-db"), e.getMessage());
    }

    @Test
    void theBuilderAndTheSettingsMakeTheSameDetector() {
        EnergyVoiceActivityDetector built = EnergyVoiceActivityDetector.builder().marginDb(12).minimumDbfs(-50).build();
        EnergyVoiceActivityDetector named = (EnergyVoiceActivityDetector) Providers.vad("energy",
                Map.of("margin-db", "12", "minimum-dbfs", "-50"));
        assertEquals(built.marginDb(), named.marginDb());
        assertEquals(built.minimumDbfs(), named.minimumDbfs());
        Random random = new Random(7);
        try (VadStream a = built.open(); VadStream b = named.open()) {
            for (int i = 0; i < 50; i++) {
                short[] frame = noise(random, i % 10 < 5 ? 30 : 3_000);
                assertEquals(a.speechProbability(frame), b.speechProbability(frame));
            }
        }
    }

    @Test
    void aBadValueInTheBuilderNamesTheMethod() {
        var e = assertThrows(ConfigurationException.class, () -> EnergyVoiceActivityDetector.builder().marginDb(1));
        assertEquals("[VAD/energy] marginDb(double) must be 3..40, got 1", e.getMessage());
        var named = assertThrows(ConfigurationException.class, () -> Providers.vad("energy", Map.of("margin-db", "1")));
        assertEquals("[VAD/energy] setting 'margin-db' must be 3..40, got 1", named.getMessage());
    }
}
