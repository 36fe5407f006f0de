package dev.videochat.sprite;

import dev.videochat.sprite.look.EyeState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlinkerTest {

    private static List<EyeState> eyes(long seed, int frames) {
        Blinker blinker = new Blinker(seed, 25);
        List<EyeState> out = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            out.add(blinker.at(i));
        }
        return out;
    }

    private static int blinks(List<EyeState> eyes) {
        int count = 0;
        for (int i = 1; i < eyes.size(); i++) {
            if (eyes.get(i) == EyeState.CLOSED && eyes.get(i - 1) != EyeState.CLOSED) {
                count++;
            }
        }
        return count;
    }

    @Test
    void blinksComeAtNaturalIntervalsAndLastAboutAHundredAndFiftyMilliseconds() {
        List<EyeState> minute = eyes(1, 25 * 60);
        int blinks = blinks(minute);
        assertTrue(blinks >= 8 && blinks <= 40, blinks + " blinks in a minute");
        int firstClosed = minute.indexOf(EyeState.CLOSED);
        assertEquals(List.of(EyeState.OPEN, EyeState.HALF, EyeState.CLOSED, EyeState.CLOSED, EyeState.HALF,
                EyeState.OPEN), minute.subList(firstClosed - 2, firstClosed + 4));
    }

    @Test
    void theSameSeedBlinksAtTheSameFramesAndAnotherDoesNot() {
        assertEquals(eyes(5, 3000), eyes(5, 3000));
        assertNotEquals(eyes(5, 3000), eyes(6, 3000));
    }
}
