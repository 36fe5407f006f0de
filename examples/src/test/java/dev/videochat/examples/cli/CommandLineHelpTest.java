package dev.videochat.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The help and version picocli writes from the commands' declarations, and option defaults from the settings. */
class CommandLineHelpTest {

    private static final List<String> COMMANDS = List.of("speak", "chat", "prepare-avatar", "serve", "providers");

    @TempDir
    Path dir;
    private final CliRun cli = new CliRun();

    @Test
    void noCommandPrintsTheUsageAndExitsAsAUsageError() {
        assertEquals(2, cli.run(Map.of()), cli.printed());
        assertTrue(cli.out().startsWith("Usage: videochat "), cli.printed());
    }

    @Test
    void helpListsEveryCommandAndTheVariablesThatChooseTheEngines() {
        assertEquals(0, cli.run(Map.of(), "--help"), cli.printed());
        String help = cli.out();
        for (String command : COMMANDS) {
            assertTrue(help.lines().anyMatch(l -> l.startsWith("  " + command + " ")), command + " in:\n" + help);
        }
        for (String variable : List.of("VIDEOCHAT_TTS", "VIDEOCHAT_THG", "VIDEOCHAT_MUX", "VIDEOCHAT_LLM",
                "VIDEOCHAT_ASR", "VIDEOCHAT_S2S", "VIDEOCHAT_VAD", "VIDEOCHAT_VOICE", "VIDEOCHAT_AVATAR",
                "VIDEOCHAT_<STAGE>_<KEY>", "VIDEOCHAT_DEBUG", "VIDEOCHAT_OUT")) {
            assertTrue(help.contains(variable), variable + " in:\n" + help);
        }
        assertTrue(help.lines().allMatch(l -> l.length() <= 80), "fits 80 columns:\n" + help);
    }

    @Test
    void everyCommandExplainsItselfWithHelpAndExitsZero() {
        for (String command : COMMANDS) {
            CliRun run = new CliRun();
            assertEquals(0, run.run(Map.of(), command, "--help"), run.printed());
            assertTrue(run.out().startsWith("Usage: videochat " + command + " "), run.out());
            CliRun viaHelp = new CliRun();
            assertEquals(0, viaHelp.run(Map.of(), "help", command), viaHelp.printed());
            assertEquals(run.out(), viaHelp.out(), "help " + command + " says the same as " + command + " --help");
        }
    }

    @Test
    void versionNamesTheBuildsVersion() {
        assertEquals(0, cli.run(Map.of(), "--version"), cli.printed());
        String first = cli.out().lines().findFirst().orElse("");
        assertTrue(first.matches("videochat \\d+\\.\\d+\\.\\d+.*") && !first.contains("${"), first);
    }

    @Test
    void anUnknownCommandIsOneLineSuggestingTheNearestOne() {
        assertEquals(2, cli.run(Map.of(), "spek", "Hi."), cli.printed());
        String err = cli.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("error: ") && err.contains("'spek'") && err.contains("did you mean speak?"), err);
    }

    @Test
    void anOptionsVariableIsItsDefaultAndHelpShowsIt() {
        Path avatars = dir.resolve("my-avatars");
        assertEquals(0, cli.run(Map.of("VIDEOCHAT_THG_AVATARS", avatars.toString()), "prepare-avatar", "--help"),
                cli.printed());
        String help = cli.out().replaceAll("\\s+", " ");
        assertTrue(help.contains("(default: " + avatars + "; VIDEOCHAT_THG_AVATARS)"), help);
    }

    @Test
    void theOutputFoldersVariableIsUsedWithoutOut() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        assertEquals(2, cli.run(Map.of("VIDEOCHAT_OUT", file.toString()), "speak", "Hello."), cli.printed());
        assertTrue(cli.err().contains("the output folder " + file.toAbsolutePath() + " is a file"), cli.printed());
    }

    @Test
    void outOnTheCommandLineWinsOverTheVariable() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        assertEquals(2, cli.run(Map.of("VIDEOCHAT_OUT", dir.resolve("unused").toString()), "speak", "Hello.",
                "--out", file.toString()), cli.printed());
        assertTrue(cli.err().contains("the output folder " + file.toAbsolutePath() + " is a file"), cli.printed());
    }
}
