package dev.videochat.musetalk.avatar;

import dev.videochat.musetalk.MuseTalkVersion;
import dev.videochat.musetalk.face.FaceDetector;
import dev.videochat.musetalk.face.FaceLandmarker;
import dev.videochat.musetalk.face.FaceParser;
import dev.videochat.musetalk.face.FaceParsingMask;
import dev.videochat.musetalk.runtime.ExecutionDevice;
import dev.videochat.musetalk.runtime.MuseTalkOptions;
import dev.videochat.musetalk.runtime.MuseTalkRuntime;
import dev.videochat.musetalk.runtime.VaeEncoder;
import dev.videochat.musetalk.testmodels.TinyFaceModels;
import dev.videochat.musetalk.testmodels.TinyMuseTalkModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Avatar preparation with the stand-ins of the RFB-320 detector, DWPose and BiSeNet: the landmark box and the
 * parsed mask are used, and said to be.
 */
class OfficialFaceBoxAndMaskTest {

    @TempDir
    Path dir;
    private VaeEncoder vae;
    private FaceDetector detector;

    @BeforeEach
    void open() throws Exception {
        vae = MuseTalkRuntime.openVaeEncoder(TinyMuseTalkModels.writeSeparate(dir.resolve("models")),
                MuseTalkOptions.builder().device(ExecutionDevice.CPU).intraOpThreads(1).build());
        detector = FaceDetector.open(TinyFaceModels.faceDetector(0.25f, 0.25f, 0.75f, 0.75f)
                .write(dir.resolve("rfb.onnx")));
    }

    @AfterEach
    void close() {
        detector.close();
        vae.close();
    }

    private Path still() throws Exception {
        Path file = dir.resolve("still.png");
        ImageIO.write(new BufferedImage(360, 480, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
        return file;
    }

    @Test
    void theLandmarkBoxAndTheParsedJawMaskAreUsedWhenBothModelsAreThere() throws Exception {
        int[][] face = TinyFaceModels.symmetricFace();
        try (FaceLandmarker landmarker = FaceLandmarker.open(TinyFaceModels.dwPose(face[0], face[1])
                .write(dir.resolve("dwpose.onnx")));
             FaceParser parser = FaceParser.open(TinyFaceModels.faceParsing().write(dir.resolve("fp.onnx")))) {
            AvatarPreparer preparer = new AvatarPreparer(vae, detector, landmarker, parser, MuseTalkVersion.V1_5);
            assertEquals(AvatarPreparer.OFFICIAL + " (jaw)", preparer.method());
            PreparedAvatar avatar = preparer.prepare(still(),
                    AvatarPreparer.Options.defaults("host", MuseTalkVersion.V1_5), null);
            // Landmark box (80, 40)-(279, 440), not the detector's (90, 120)-(270, 360); 10 pixels added below.
            FaceRegion region = avatar.region(0);
            assertEquals(FaceRegion.around(80, 40, 279, 450, 1.5), region);

            byte[] labels = new byte[512 * 512];
            for (int y = 0; y < 512; y++) {
                for (int x = 0; x < 512; x++) {
                    labels[y * 512 + x] = (byte) TinyFaceModels.parsedLabel(x, y);
                }
            }
            int side = region.cropSize();
            byte[] expected = FaceParsingMask.cropMask(
                    FaceParsingMask.region(labels, FaceParsingMask.Mode.JAW, FaceParsingMask.DEFAULT_CHEEK_WIDTH),
                    side, region.x1() - region.cropX1(), region.y1() - region.cropY1(),
                    region.x2() - region.cropX1(), region.y2() - region.cropY1());
            assertArrayEquals(expected, avatar.mask(0));
            // Above the middle line less the feather's reach (int(0.1 * side / 2) pixels) nothing is redrawn.
            int reach = (int) (0.1 * side / 2);
            int upper = 0;
            int lower = 0;
            for (int i = 0; i < side * side; i++) {
                if (i / side < side / 2 - reach) {
                    upper += avatar.mask(0)[i] & 0xff;
                }
                lower += avatar.mask(0)[i] & 0xff;
            }
            assertEquals(0, upper);
            assertTrue(lower > 0, "the lower face is redrawn");
        }
    }

    @Test
    void withoutTheFaceModelsTheApproximateBoxAndMaskAreSaidToBeInUse() throws Exception {
        AvatarPreparer preparer = new AvatarPreparer(vae, detector, MuseTalkVersion.V1_5);
        assertEquals("approximate box and mask: RFB-320 detector (export dwpose and face_parsing to use the "
                + "official ones)", preparer.method());
        PreparedAvatar avatar = preparer.prepare(still(),
                AvatarPreparer.Options.defaults("host", MuseTalkVersion.V1_5), null);
        assertEquals(FaceRegion.around(90, 120, 270, 370, 1.5), avatar.region(0));
    }

    @Test
    void version1UsesTheRawRule() throws Exception {
        try (FaceParser parser = FaceParser.open(TinyFaceModels.faceParsing().write(dir.resolve("fp.onnx")))) {
            AvatarPreparer preparer = new AvatarPreparer(vae, detector, null, parser, MuseTalkVersion.V1_0);
            assertTrue(preparer.method().contains("BiSeNet face parsing (raw)")
                    && preparer.method().contains("export dwpose"), preparer.method());
        }
    }
}
