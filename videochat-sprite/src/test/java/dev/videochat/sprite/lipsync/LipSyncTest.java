package dev.videochat.sprite.lipsync;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.WordTiming;
import dev.videochat.core.thg.FrameClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LipSyncTest {

    private static final int RATE = 16_000;
    private static final int FPS = 25;

    private static List<Viseme> shapes(LipSync lipSync, short[] pcm, int chunk) throws InterruptedException {
        List<Viseme> out = new ArrayList<>();
        for (int from = 0; from < pcm.length; from += chunk) {
            short[] part = Arrays.copyOfRange(pcm, from, Math.min(pcm.length, from + chunk));
            lipSync.speak(new AudioChunk(part, RATE), out::add);
        }
        return out;
    }

    private static List<Viseme> shapes(short[] pcm) throws InterruptedException {
        return shapes(new LipSync(FPS), pcm, 4000);
    }

    /** The shape that most of the last {@code frames} frames show, with the count checked to be all of them. */
    private static Viseme steady(List<Viseme> shapes, int frames) {
        List<Viseme> tail = shapes.subList(shapes.size() - frames, shapes.size());
        assertTrue(tail.stream().allMatch(v -> v == tail.get(0)), "not steady: " + tail);
        return tail.get(0);
    }

    @Test
    void silenceKeepsTheMouthClosed() throws InterruptedException {
        short[] faintNoise = Signals.hiss(RATE, 2.0, 0.0005, 1);
        List<Viseme> shapes = shapes(Signals.concat(Signals.silence(RATE, 1.0), faintNoise));
        assertEquals(75, shapes.size());
        assertTrue(shapes.stream().allMatch(v -> v == Viseme.CLOSED), shapes.toString());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.30, 0.3123, 0.37, 0.399})
    void theMouthOpensWithinOneFrameOfTheAudioOnset(double onsetSeconds) throws InterruptedException {
        short[] silence = Signals.silence(RATE, onsetSeconds);
        List<Viseme> shapes = shapes(Signals.concat(silence, Signals.ah(RATE, 0.5, 0.3)));
        int onsetFrame = (int) ((long) silence.length * FPS / RATE);
        int firstOpen = shapes.indexOf(shapes.stream().filter(v -> v != Viseme.CLOSED).findFirst().orElseThrow());
        assertTrue(firstOpen >= onsetFrame && firstOpen <= onsetFrame + 1,
                "onset in frame " + onsetFrame + ", mouth opened at frame " + firstOpen + ": " + shapes);
    }

    @Test
    void vowelsWithDifferentSpectraPickDifferentShapes() throws InterruptedException {
        Viseme oo = steady(shapes(Signals.oo(RATE, 0.6, 0.3)), 8);
        Viseme ah = steady(shapes(Signals.ah(RATE, 0.6, 0.3)), 8);
        Viseme ee = steady(shapes(Signals.ee(RATE, 0.6, 0.3)), 8);
        assertEquals(Viseme.ROUND, oo);
        assertEquals(Viseme.OPEN, ah);
        assertEquals(Viseme.WIDE, ee);
    }

    @Test
    void hissShowsTheTeeth() throws InterruptedException {
        assertEquals(Viseme.TEETH, steady(shapes(Signals.hiss(RATE, 0.5, 0.2, 3)), 8));
    }

    @Test
    void aQuietVoiceOnlyPartsTheLips() throws InterruptedException {
        assertEquals(Viseme.SLIGHT, steady(shapes(Signals.ah(RATE, 0.5, 0.025)), 8));
    }

    @Test
    void aSingleOddFrameDoesNotFlickerTheMouth() throws InterruptedException {
        int spf = RATE / FPS;
        // "ee" exactly fills frame 10's window (centred on 10 * spf), surrounded by "ah".
        short[] pcm = Signals.concat(Signals.ah(RATE, (9.5 * spf) / RATE, 0.3), Signals.ee(RATE, (double) spf / RATE, 0.3),
                Signals.ah(RATE, 0.4, 0.3));
        List<Viseme> shapes = shapes(pcm);
        assertFalse(shapes.contains(Viseme.WIDE), shapes.toString());
        assertEquals(Viseme.OPEN, steady(shapes, 10));
    }

    @Test
    void aShortDipInLoudnessKeepsTheMouthOpen() throws InterruptedException {
        // -44 dBFS lies between the closing (-48) and opening (-40) thresholds.
        short[] pcm = Signals.concat(Signals.ah(RATE, 0.3, 0.3), Signals.ah(RATE, 0.12, 0.009),
                Signals.ah(RATE, 0.3, 0.3));
        List<Viseme> shapes = shapes(pcm);
        assertFalse(shapes.subList(1, shapes.size()).contains(Viseme.CLOSED), shapes.toString());
    }

    @Test
    void aSteadyBackgroundHissDoesNotHoldTheMouthOpen() throws InterruptedException {
        // About -36 dBFS of hiss: above the clean-speech threshold, but it is the floor, not speech.
        short[] noise = Signals.hiss(RATE, 4.0, 0.027, 9);
        List<Viseme> shapes = shapes(noise);
        assertEquals(Viseme.CLOSED, steady(shapes, 40));
        short[] loud = Signals.concat(Signals.hiss(RATE, 3.0, 0.027, 9), Signals.ah(RATE, 0.4, 0.3));
        assertEquals(Viseme.OPEN, steady(shapes(loud), 5));
    }

    @Test
    void wordTimingsChooseTheVowelWhileTheAudioDecidesWhetherTheMouthMoves() throws InterruptedException {
        LipSync lipSync = new LipSync(FPS);
        lipSync.hint(new WordTiming("oooo", Duration.ZERO, Duration.ofMillis(600)));
        List<Viseme> shapes = shapes(lipSync, Signals.concat(Signals.ah(RATE, 0.6, 0.3), Signals.silence(RATE, 0.4)),
                4000);
        assertEquals(Viseme.ROUND, shapes.get(8));
        assertEquals(Viseme.CLOSED, steady(shapes, 5));
        lipSync.endUtterance();
        List<Viseme> unhinted = shapes(lipSync, Signals.ah(RATE, 0.6, 0.3), 4000);
        assertEquals(Viseme.OPEN, steady(unhinted, 5));
    }

    @Test
    void afterEveryUtteranceTheFramesMatchAllTheAudioSoFarHoweverItIsChunked() throws InterruptedException {
        Random random = new Random(11);
        for (int rate : new int[] {8_000, 16_000, 22_050, 24_000, 44_100, 48_000}) {
            for (int fps : new int[] {25, 30}) {
                LipSync lipSync = new LipSync(fps);
                long total = 0;
                int[] frames = {0};
                for (int utterance = 0; utterance < 3; utterance++) {
                    for (int c = 0; c < 7; c++) {
                        int n = random.nextInt(3) == 0 ? random.nextInt(5) : random.nextInt(rate);
                        lipSync.speak(AudioChunk.silence(n, rate), v -> frames[0]++);
                        total += n;
                    }
                    lipSync.endUtterance();
                    // Rounding carries across utterances, so the count never drifts from the audio.
                    assertEquals(FrameClock.framesFor(total, rate, fps), frames[0], rate + " Hz, " + fps + " fps");
                }
            }
        }
    }

    @Test
    void aSampleRateChangeWithinOneUtteranceIsRejected() throws InterruptedException {
        LipSync lipSync = new LipSync(FPS);
        lipSync.speak(AudioChunk.silence(1600, 16_000), v -> { });
        assertThrows(IllegalArgumentException.class, () -> lipSync.speak(AudioChunk.silence(1600, 24_000), v -> { }));
        lipSync.endUtterance();
        lipSync.speak(AudioChunk.silence(2400, 24_000), v -> { });
    }

    @Test
    void idleFramesCloseTheMouth() throws InterruptedException {
        LipSync lipSync = new LipSync(FPS);
        List<Viseme> shapes = shapes(lipSync, Signals.ah(RATE, 0.3, 0.3), 4000);
        assertNotEquals(Viseme.CLOSED, shapes.get(shapes.size() - 1));
        lipSync.endUtterance();
        assertEquals(Viseme.CLOSED, lipSync.silentFrame());
    }
}
