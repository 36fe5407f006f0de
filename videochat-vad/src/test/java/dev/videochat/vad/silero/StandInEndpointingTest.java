package dev.videochat.vad.silero;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.core.vad.EndpointerOptions;
import dev.videochat.core.vad.SpeechEndpointer;
import dev.videochat.vad.testmodels.TinySileroModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The endpointer driving {@link SileroVad} end to end without the shared assets: the stand-in model reads a loud
 * tone as speech, with a fading memory (like a recurrent model) that holds speech about 100 ms past the tone.
 */
class StandInEndpointingTest {

    @TempDir
    Path dir;

    @Test
    void aToneAt48kHzBetweenSilencesIsOneUtteranceAt16kHz() throws Exception {
        int rate = 48_000;
        short[] audio = new short[3 * rate];
        for (int i = rate; i < 2 * rate; i++) {
            audio[i] = (short) Math.round(6_000 * Math.sin(2 * Math.PI * 440 * i / rate));
        }
        List<String> events = new ArrayList<>();
        List<AudioChunk> utterances = new ArrayList<>();
        SpeechEndpointer.Listener listener = new SpeechEndpointer.Listener() {
            @Override
            public void speechStarted(Duration at) {
                events.add("started " + at.toMillis());
            }

            @Override
            public void speechEnded(AudioChunk utterance, Duration start, Duration end) {
                events.add("ended " + start.toMillis() + "-" + end.toMillis());
                utterances.add(utterance);
            }
        };

        try (SileroVad vad = SileroVad.load(TinySileroModel.write(dir));
             SpeechEndpointer endpointer = new SpeechEndpointer(vad, EndpointerOptions.defaults(), listener)) {
            AudioChunk all = new AudioChunk(audio, rate);
            for (int at = 0; at < audio.length; at += 4_800) {
                endpointer.accept(all.slice(at, at + 4_800));
            }
            endpointer.flush();
        }

        // Frames are 32 ms, so the edges land on the frame that holds the tone's edge, or the next.
        assertEquals(2, events.size(), events.toString());
        long start = Long.parseLong(events.get(0).substring("started ".length()));
        assertTrue(start >= 1000 - 32 && start <= 1000 + 32, "starts within a frame of the tone: " + events);
        String[] span = events.get(1).substring("ended ".length()).split("-");
        assertEquals(start, Long.parseLong(span[0]));
        long end = Long.parseLong(span[1]);
        assertTrue(end >= 2000 && end <= 2000 + 4 * 32, "ends within four frames of the tone: " + events);
        assertEquals(16_000, utterances.get(0).sampleRate());
    }
}
