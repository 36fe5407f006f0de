package dev.videochat.examples.cli;

import dev.videochat.core.testing.TestAssets;
import dev.videochat.musetalk.avatar.AvatarStore;
import dev.videochat.musetalk.avatar.PreparedAvatar;
import dev.videochat.musetalk.testmodels.TinyFaceModels;
import dev.videochat.musetalk.testmodels.TinyMuseTalkModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.OptionSpec;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code videochat prepare-avatar} on the tiny stand-in models: the avatar folder, the progress bar, the errors a
 * user meets, and {@code speak} with the prepared avatar on the {@code musetalk} talking head.
 */
class PrepareAvatarCommandTest {

    @TempDir
    Path dir;
    private final CliRun cli = new CliRun();

    @Test
    void aStillWithAFaceBoxBecomesAnAvatarThatSpeakAnimates() throws Exception {
        Path models = TinyMuseTalkModels.writeSeparate(dir.resolve("models"));
        BufferedImage image = new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 128; x++) {
                image.setRGB(x, y, (x * 2) << 16 | (y * 2) << 8 | 90);
            }
        }
        Path png = dir.resolve("host.png");
        ImageIO.write(image, "png", png.toFile());
        Path avatars = dir.resolve("avatars");

        int status = cli.run(Map.of(), "prepare-avatar", png.toString(), "--models", models.toString(),
                "--avatars", avatars.toString(), "--face-box", "32,24,96,100", "--device", "cpu");
        assertEquals(0, status, cli.printed());
        String err = cli.err();
        assertTrue(err.contains("latents") && err.contains("100%") && err.contains("[####"), err);
        assertTrue(cli.out().contains("VIDEOCHAT_AVATAR=host"), cli.printed());
        PreparedAvatar avatar = AvatarStore.read(avatars.resolve("host"));
        assertEquals(1, avatar.frameCount());
        assertEquals(128, avatar.width());

        cli.stdout.reset();
        Path out = dir.resolve("out");
        status = cli.run(Map.of("VIDEOCHAT_THG", "musetalk", "VIDEOCHAT_THG_MODELS", models.toString(),
                        "VIDEOCHAT_THG_AVATARS", avatars.toString(), "VIDEOCHAT_THG_DEVICE", "cpu",
                        "VIDEOCHAT_AVATAR", "host"),
                "--out", out.toString(), "speak", "Hello from a prepared avatar.");
        assertEquals(0, status, cli.printed());
        assertTrue(cli.out().contains("as host (128x128 @ 25 fps)"), cli.printed());
        List<Path> mp4s;
        try (Stream<Path> files = Files.walk(out)) {
            mp4s = files.filter(f -> f.toString().endsWith(".mp4")).toList();
        }
        assertEquals(1, mp4s.size(), "one MP4: " + mp4s);
        Mp4Probe probe = Mp4Probe.of(mp4s.get(0));
        assertTrue(probe.has("vide") && probe.has("soun"), probe.toString());
    }

    @Test
    void theAstronautVideoIsPreparedWithTheFaceDetector() throws Exception {
        Path video = TestAssets.require("avatar/astronaut_still_25fps_3s.mp4");
        Path detector = TestAssets.require("models/face_detector/version-RFB-320.onnx");
        Path models = TinyMuseTalkModels.writeSeparate(dir.resolve("models"));
        Files.copy(detector, models.resolve(PrepareAvatarCommand.DETECTOR_FILE));
        Path avatars = dir.resolve("avatars");
        int status = cli.run(Map.of("VIDEOCHAT_THG_MODELS", models.toString(), "VIDEOCHAT_THG_AVATARS",
                avatars.toString()), "prepare-avatar", video.toString(), "--name", "astro", "--max-frames", "20");
        assertEquals(0, status, cli.printed());
        String err = cli.err();
        assertTrue(err.contains("frames") && err.contains("faces") && err.contains("latents"), err);
        PreparedAvatar avatar = AvatarStore.read(avatars.resolve("astro"));
        assertEquals(20, avatar.frameCount());
        assertEquals(512, avatar.width());
    }

    @Test
    void theCommandSaysWhichFaceBoxAndMaskItUses() throws Exception {
        Path models = TinyMuseTalkModels.writeSeparate(dir.resolve("models"));
        TinyFaceModels.faceDetector(0.25f, 0.25f, 0.75f, 0.75f)
                .write(models.resolve(PrepareAvatarCommand.DETECTOR_FILE));
        Path png = dir.resolve("host.png");
        ImageIO.write(new BufferedImage(360, 480, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
        Path avatars = dir.resolve("avatars");
        String[] args = {"prepare-avatar", png.toString(), "--models", models.toString(), "--avatars",
                avatars.toString(), "--device", "cpu"};

        assertEquals(0, cli.run(Map.of(), args), cli.printed());
        assertTrue(cli.out().contains("approximate box and mask: RFB-320 detector (export dwpose and face_parsing "
                + "to use the official ones)"), cli.printed());

        int[][] face = TinyFaceModels.symmetricFace();
        TinyFaceModels.dwPose(face[0], face[1]).write(models.resolve("dwpose.onnx"));
        TinyFaceModels.faceParsing().write(models.resolve("face_parsing.onnx"));
        cli.stdout.reset();
        assertEquals(0, cli.run(Map.of(), args), cli.printed());
        assertTrue(cli.out().contains("face box: DWPose landmarks; mask: BiSeNet face parsing (jaw)"), cli.printed());
        // The landmark box of the stand-in face, (80, 40)-(279, 440), plus 1.5's 10 pixels below.
        PreparedAvatar avatar = AvatarStore.read(avatars.resolve("host"));
        assertEquals(80, avatar.region(0).x1());
        assertEquals(40, avatar.region(0).y1());
        assertEquals(279, avatar.region(0).x2());
        assertEquals(450, avatar.region(0).y2());
    }

    @Test
    void helpExplainsEveryFlag() {
        assertEquals(0, cli.run(Map.of(), "prepare-avatar", "--help"), cli.printed());
        String help = cli.out();
        List<String> flags = Main.commandLine(Map.of(), System.out, System.err).getSubcommands()
                .get("prepare-avatar").getCommandSpec().options().stream()
                .filter(o -> !o.inherited() && !o.usageHelp() && !o.versionHelp())
                .map(OptionSpec::longestName).toList();
        assertEquals(8, flags.size(), flags.toString());
        for (String flag : flags) {
            assertTrue(help.lines().map(String::strip).anyMatch(l -> l.startsWith(flag + "=")
                    && l.length() > flag.length() + 30), "--help explains " + flag + ":\n" + help);
        }
    }

    @Test
    void whatIsMissingIsSaidInOneLine() throws Exception {
        Path png = dir.resolve("x.png");
        ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "png", png.toFile());

        assertEquals(2, cli.run(Map.of(), "prepare-avatar"));
        assertTrue(cli.printed().contains("Missing required parameter: '<video or image>'"), cli.printed());

        cli.stderr.reset();
        assertEquals(2, cli.run(Map.of(), "prepare-avatar", dir.resolve("missing.mp4").toString()));
        assertTrue(cli.printed().contains("no such file"), cli.printed());

        cli.stderr.reset();
        assertEquals(2, cli.run(Map.of(), "prepare-avatar", png.toString()));
        assertTrue(cli.printed().contains("VIDEOCHAT_THG_MODELS"), cli.printed());

        cli.stderr.reset();
        Path absent = dir.resolve("no-such-models");
        assertEquals(2, cli.run(Map.of(), "prepare-avatar", png.toString(), "--models", absent.toString()));
        assertTrue(cli.printed().contains("the MuseTalk model folder " + absent.toAbsolutePath() + " does not exist")
                && !cli.printed().contains("face detector"), cli.printed());

        cli.stderr.reset();
        Path models = TinyMuseTalkModels.writeSeparate(dir.resolve("models"));
        assertEquals(2, cli.run(Map.of(), "prepare-avatar", png.toString(), "--models", models.toString()));
        assertTrue(cli.printed().contains("no face detector at") && cli.printed().contains("--face-box"), cli.printed());

        cli.stderr.reset();
        assertEquals(2, cli.run(Map.of(), "prepare-avatar", png.toString(), "--face-box", "1,2,3"));
        assertTrue(cli.printed().contains("X1,Y1,X2,Y2"), cli.printed());

        cli.stderr.reset();
        Files.delete(models.resolve("vae_encoder.onnx"));
        assertEquals(2, cli.run(Map.of(), "prepare-avatar", png.toString(), "--models", models.toString(),
                "--face-box", "8,8,56,56"));
        assertTrue(cli.printed().contains("no VAE encoder"), cli.printed());
        assertTrue(!cli.printed().contains("\tat "), "no stack trace: " + cli.printed());
    }
}
