package dev.videochat.core.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Finds the shared test assets ({@code ../shared/assets} beside the project root, or the folder named by the
 * {@code VIDEOCHAT_ASSETS} environment variable). They are present in CI and absent from a user's fresh clone,
 * so tests that need them call {@link #require(String)}, which skips the test with a clear message when absent.
 */
public final class TestAssets {

    private TestAssets() {
    }

    /** The assets folder, when it exists. */
    public static Optional<Path> root() {
        String env = System.getenv("VIDEOCHAT_ASSETS");
        if (env != null && !env.isBlank()) {
            Path p = Paths.get(env);
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        String projectRoot = System.getProperty("videochat.projectRoot", "");
        Path base = projectRoot.isBlank() ? Paths.get("").toAbsolutePath() : Paths.get(projectRoot);
        for (Path dir = base; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("../shared/assets").normalize();
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The asset at {@code relative} (for example {@code "audio/en/jfk.wav"}); skips the calling test when the
     * assets are not there.
     */
    public static Path require(String relative) {
        Optional<Path> root = root();
        Assumptions.assumeTrue(root.isPresent(),
                "skipped: the shared test assets (../shared/assets or $VIDEOCHAT_ASSETS) are not present");
        Path file = root.get().resolve(relative);
        Assumptions.assumeTrue(Files.exists(file), "skipped: test asset " + file + " is missing");
        return file;
    }
}
