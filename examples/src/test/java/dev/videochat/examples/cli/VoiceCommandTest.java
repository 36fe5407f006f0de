package dev.videochat.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Choosing a voice: an unknown one is an error wherever it is named, before anything is written. */
class VoiceCommandTest {

    @TempDir
    Path out;
    private final CliRun cli = new CliRun();

    @Test
    void anUnknownVoiceInVideochatVoiceIsOneLineListingTheKnownOnes() throws IOException {
        assertEquals(2, cli.run(Map.of("VIDEOCHAT_VOICE", "nosuch"), "--out", out.toString(), "speak", "Hi."),
                cli.printed());
        String err = cli.err().strip();
        // The default engine is the offline pair (FreeTTS, and espeak-ng where libespeak-ng1 is installed).
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("error: [TTS/freetts") && err.contains("unknown voice 'nosuch' (VIDEOCHAT_VOICE); "
                + "this engine's voices are kevin16") && err.endsWith("a voice of the engine's own that is not listed "
                + "goes in VIDEOCHAT_TTS_VOICE"), err);
        assertNothingWritten();
    }

    @Test
    void anUnknownVoiceInTheEnginesSettingIsAnErrorToo() throws IOException {
        assertEquals(2, cli.run(Map.of("VIDEOCHAT_TTS_VOICE", "nosuch"), "--out", out.toString(), "speak", "Hi."),
                cli.printed());
        String err = cli.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("error: [TTS/offline] setting 'voice' names 'nosuch'") && err.contains("kevin16"),
                err);
        assertNothingWritten();
    }

    @Test
    void aKnownVoiceIsFoundWhateverItsCase() {
        assertEquals(0, cli.run(Map.of("VIDEOCHAT_VOICE", "Kevin16"), "--out", out.toString(), "speak", "Hi."),
                cli.printed());
        assertTrue(cli.out().contains("speaking with kevin16 "), cli.printed());
    }

    private void assertNothingWritten() throws IOException {
        try (Stream<Path> files = Files.walk(out)) {
            assertFalse(files.anyMatch(Files::isRegularFile), "no file written for a run that never started");
        }
    }
}
