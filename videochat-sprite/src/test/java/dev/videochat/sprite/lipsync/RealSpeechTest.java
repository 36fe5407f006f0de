package dev.videochat.sprite.lipsync;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.core.audio.Wav;
import dev.videochat.core.testing.TestAssets;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lip sync on a real recording (audio/en/jfk.wav from the shared assets; skipped when they are absent). */
class RealSpeechTest {

    @Test
    void aRealRecordingMovesTheMouthThroughSeveralShapesWithoutFlickerAndClosesItInPauses()
            throws IOException, InterruptedException {
        AudioChunk jfk = Wav.read(TestAssets.require("audio/en/jfk.wav"));
        LipSync lipSync = new LipSync(25);
        List<Viseme> shapes = new ArrayList<>();
        lipSync.speak(jfk, shapes::add);
        assertEquals(275, shapes.size());

        assertTrue(shapes.subList(0, 6).stream().allMatch(v -> v == Viseme.CLOSED), "leading silence: " + shapes);
        long open = shapes.stream().filter(v -> v != Viseme.CLOSED).count();
        assertTrue(open > shapes.size() * 0.4 && open < shapes.size() * 0.9, open + " open frames of " + shapes.size());
        // The recording's hissy pauses (after "Americans" and "country") must close the mouth, not leave it ajar.
        assertTrue(shapes.stream().filter(v -> v == Viseme.CLOSED).count() > 50, shapes.toString());

        EnumSet<Viseme> used = EnumSet.copyOf(shapes);
        assertTrue(used.size() >= 4, "shapes used: " + used);
        int changes = 0;
        for (int i = 1; i < shapes.size(); i++) {
            changes += shapes.get(i) != shapes.get(i - 1) ? 1 : 0;
        }
        double perSecond = changes / 11.0;
        assertTrue(perSecond < 8, perSecond + " shape changes per second");
    }
}
