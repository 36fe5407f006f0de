package dev.videochat.examples.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An output folder that cannot be used: {@code speak} says why in one line, before building any engine. */
class OutputFolderCommandTest {

    @TempDir
    Path dir;
    private Path mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            new ProcessBuilder("umount", mounted.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
        Files.walk(dir).forEach(p -> p.toFile().setWritable(true));
    }

    private static String oneLineError(Path out) {
        CliRun cli = new CliRun();
        assertEquals(2, cli.run(Map.of(), "--out", out.toString(), "speak", "Hello."), cli.printed());
        String err = cli.err().strip();
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.startsWith("error: "), err);
        return err;
    }

    @Test
    void outNamingAFileIsRefusedWithAMessageNamingIt() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "not a folder");
        String err = oneLineError(file);
        assertEquals("error: the output folder " + file.toAbsolutePath() + " is a file; give a folder with --out DIR "
                + "(it is made when missing)", err);
        assertEquals("not a folder", Files.readString(file), "the file is left as it was");
    }

    @Test
    void aFolderBelowAFileNamesTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "not a folder");
        String err = oneLineError(file.resolve("out"));
        assertTrue(err.contains("cannot create the output folder " + file.resolve("out").toAbsolutePath() + ": "
                + file.toAbsolutePath() + " is a file, not a folder"), err);
    }

    @Test
    void aReadOnlyFileSystemIsSaid() throws Exception {
        Path readOnly = Files.createDirectory(dir.resolve("ro"));
        Process mount;
        try {
            mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", readOnly.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("skipped: cannot run mount: " + e.getMessage());
            return;
        }
        String said = new String(mount.getInputStream().readAllBytes());
        Assumptions.assumeTrue(mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0,
                "skipped: a read-only tmpfs cannot be mounted here (root is needed): " + said.strip());
        mounted = readOnly;

        String err = oneLineError(readOnly.resolve("out"));
        assertTrue(err.contains("cannot create the output folder " + readOnly.resolve("out").toAbsolutePath()
                + ": " + readOnly.toAbsolutePath() + " is on a read-only file system"), err);
        err = oneLineError(readOnly);
        assertTrue(err.contains("cannot write in the output folder " + readOnly.toAbsolutePath()
                + ": its file system is read-only"), err);
    }

    @Test
    void aFolderWithoutWritePermissionIsSaid() throws IOException {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        Assumptions.assumeFalse(Files.isWritable(locked), "skipped: this user (root) may write anywhere");
        String err = oneLineError(locked.resolve("out"));
        assertTrue(err.contains("no permission to create folders in " + locked.toAbsolutePath()), err);
        err = oneLineError(locked);
        assertTrue(err.contains("cannot write in the output folder " + locked.toAbsolutePath() + ": no permission"),
                err);
    }

    @Test
    void theFileSystemsReasonsAreSaidInWords() {
        Path out = dir.resolve("a").resolve("b");
        assertEquals("no permission to create folders in " + dir,
                OutputFolder.reason(out, new AccessDeniedException(out.toString())));
        assertEquals(dir + " is on a read-only file system",
                OutputFolder.reason(out, new FileSystemException(out.toString(), null, "Read-only file system")));
        assertEquals("Operation not permitted",
                OutputFolder.reason(out, new FileSystemException(out.toString(), null, "Operation not permitted")));
    }
}
