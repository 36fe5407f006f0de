package dev.videochat.musetalk.testmodels;

import dev.videochat.musetalk.testmodels.FullSizeModels.Cost;
import dev.videochat.musetalk.testmodels.FullSizeModels.Model;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The true-size stand-ins are counted from the same code that writes them (no weights are written here) and
 * compared with the published figures: MuseTalk's UNet 849.9 M parameters and 177.8 GFLOP per frame at a 32 x 32
 * latent, the sd-vae-ft-mse decoder 49.5 M and about 622 GFLOP per 256 x 256 frame, the Whisper-tiny encoder about
 * 8 M (see docs in videochat-musetalk/README.md).
 */
class FullSizeModelsTest {

    private static void assertWithin(double expected, double actual, double relative, String what) {
        assertEquals(expected, actual, expected * relative,
                () -> what + ": " + actual + " is more than " + relative * 100 + " % from " + expected);
    }

    @Test
    void unetHasMuseTalksParameterCount() {
        assertWithin(849.9e6, FullSizeModels.cost(Model.UNET, 1).parameters(), 0.0002, "UNet parameters");
    }

    @Test
    void unetCostsAbout178GflopPerFrame() {
        assertWithin(177.8e9, FullSizeModels.cost(Model.UNET, 1).flopsPerFrame(), 0.01, "UNet FLOPs per frame");
    }

    @Test
    void vaeDecoderHasSdVaeFtMseParameterCount() {
        assertWithin(49.49e6, FullSizeModels.cost(Model.VAE_DECODER, 1).parameters(), 0.0002, "decoder parameters");
    }

    @Test
    void vaeDecoderCostsAbout622GflopPer256PixelFrame() {
        assertWithin(622e9, FullSizeModels.cost(Model.VAE_DECODER, 1).flopsPerFrame(), 0.01, "decoder FLOPs per frame");
    }

    @Test
    void vaeEncoderHasSdVaeFtMseParameterCount() {
        assertWithin(34.16e6, FullSizeModels.cost(Model.VAE_ENCODER, 1).parameters(), 0.0002, "encoder parameters");
    }

    @Test
    void whisperTinyEncoderHasAbout8MillionParameters() {
        assertWithin(8.2e6, FullSizeModels.cost(Model.WHISPER, 1).parameters(), 0.02, "Whisper parameters");
    }

    @Test
    void theDecoderDoesAbout78PercentOfAFramesWork() {
        long unet = FullSizeModels.cost(Model.UNET, 1).flopsPerFrame();
        long decoder = FullSizeModels.cost(Model.VAE_DECODER, 1).flopsPerFrame();
        assertWithin(0.78, decoder / (double) (unet + decoder), 0.02, "decoder share");
    }

    @Test
    void theFusedGraphCostsWhatItsTwoPartsCost() {
        Cost fused = FullSizeModels.cost(Model.UNET_DECODER, 1);
        Cost unet = FullSizeModels.cost(Model.UNET, 1);
        Cost decoder = FullSizeModels.cost(Model.VAE_DECODER, 1);
        assertEquals(unet.parameters() + decoder.parameters(), fused.parameters());
        assertEquals(unet.flopsPerFrame() + decoder.flopsPerFrame(), fused.flopsPerFrame());
    }

    @Test
    void dividingTheWidthBy8DividesTheConvolutionWorkBy64() {
        double ratio = FullSizeModels.cost(Model.VAE_DECODER, 1).flopsPerFrame()
                / (double) FullSizeModels.cost(Model.VAE_DECODER, 8).flopsPerFrame();
        assertWithin(64, ratio, 0.1, "decoder FLOP ratio at width / 8");
    }
}
