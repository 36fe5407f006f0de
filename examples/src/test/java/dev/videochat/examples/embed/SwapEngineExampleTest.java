package dev.videochat.examples.embed;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.core.audio.Wav;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SwapEngineExampleTest {

    @Test
    void theEngineNamedIsFoundOnTheClassPathAndSpeaks(@TempDir Path dir) throws Exception {
        Path wav = dir.resolve("hello.wav");
        assertEquals(0, SwapEngineExample.run("freetts", "Engines are swapped by name.", wav));
        AudioChunk audio = Wav.read(wav);
        assertEquals(16_000, audio.sampleRate());
        assertTrue(audio.duration().toMillis() > 1000, "speech lasts " + audio.duration());
    }

    @Test
    void anUnknownEngineIsAnsweredWithTheKnownNames(@TempDir Path dir) throws Exception {
        Path wav = dir.resolve("none.wav");
        assertEquals(2, SwapEngineExample.run("no-such-engine", "hello", wav));
        assertFalse(Files.exists(wav));
    }
}
