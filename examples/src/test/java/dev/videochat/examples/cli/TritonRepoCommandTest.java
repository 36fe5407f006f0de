package dev.videochat.examples.cli;

import dev.videochat.musetalk.testmodels.TinyMuseTalkModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code videochat triton-repo}: a model repository Triton serves, from the exported models. */
class TritonRepoCommandTest {

    private final CliRun cli = new CliRun();

    @Test
    void writesAConfigPerModelAndSaysHowToServeIt(@TempDir Path dir) throws Exception {
        Path models = TinyMuseTalkModels.writeSeparate(dir.resolve("models"));
        Path repo = dir.resolve("repo");
        int status = cli.run(Map.of(), "triton-repo", "--models", models.toString(), "--out", repo.toString(),
                "--accelerator", "cpu");
        assertEquals(0, status, cli.printed());
        for (String model : new String[] {"whisper", "unet", "vae_decoder"}) {
            Path config = repo.resolve(model).resolve("config.pbtxt");
            assertTrue(Files.isRegularFile(config), model + ": " + cli.printed());
            assertTrue(Files.readString(config).contains("onnxruntime"), Files.readString(config));
            assertTrue(Files.isRegularFile(repo.resolve(model).resolve("1").resolve("model.onnx")), model);
        }
        assertTrue(cli.out().contains("tritonserver --model-repository=/models"), cli.printed());
        assertTrue(cli.out().contains("VIDEOCHAT_THG_BACKEND=kserve"), cli.printed());
    }

    @Test
    void aMissingModelFolderIsNamed(@TempDir Path dir) {
        int status = cli.run(Map.of(), "triton-repo", "--models", dir.resolve("nowhere").toString(), "--out",
                dir.resolve("repo").toString());
        assertEquals(2, status, cli.printed());
        assertTrue(cli.err().contains("nowhere"), cli.printed());
    }
}
