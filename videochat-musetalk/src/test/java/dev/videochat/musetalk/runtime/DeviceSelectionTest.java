package dev.videochat.musetalk.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.videochat.api.ConfigurationException;
import dev.videochat.musetalk.testmodels.TinyMuseTalkModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DeviceSelectionTest {

    private static final GpuDevice H100 = new GpuDevice(0, "NVIDIA H100", 80L << 30, 70L << 30);

    @TempDir
    Path dir;

    private static boolean jarHasCuda() {
        return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
    }

    @Test
    void cpuIsUsedWhenConfigured() {
        MuseTalkOptions options = MuseTalkOptions.builder().device(ExecutionDevice.CPU).build();
        DeviceDecision d = new DeviceSelector(options, () -> List.of(H100)).decide();
        assertEquals(ExecutionDevice.CPU, d.device());
        assertEquals("configured", d.reason());
    }

    @Test
    void autoFallsBackToTheCpuWithTheReasonWhenTheJarHasNoCudaProvider() {
        assumeFalse(jarHasCuda(), "skipped: this build uses onnxruntime_gpu");
        DeviceDecision d = new DeviceSelector(MuseTalkOptions.defaults(), () -> List.of(H100)).decide();
        assertEquals(ExecutionDevice.CPU, d.device());
        assertTrue(d.reason().contains("no CUDA provider"), d.reason());
    }

    @Test
    void requiredCudaFailsWithWhatIsMissing() {
        assumeFalse(jarHasCuda(), "skipped: this build uses onnxruntime_gpu");
        MuseTalkOptions options = MuseTalkOptions.builder().device(ExecutionDevice.CUDA).build();
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new DeviceSelector(options, () -> List.of(H100)).decide());
        assertTrue(e.getMessage().contains("CUDA was requested but"), e.getMessage());
        assertTrue(e.getMessage().contains("-Pgpu"), e.getMessage());
    }

    @Test
    void autoUsesTheCpuWhenNoGpuIsFound() {
        assumeTrue(jarHasCuda(), "skipped: needs the onnxruntime_gpu jar (-Pgpu)");
        DeviceDecision d = new DeviceSelector(MuseTalkOptions.defaults(), List::of).decide();
        assertEquals(ExecutionDevice.CPU, d.device());
    }

    @Test
    void theBatchGrowsWithFreeGpuMemoryWithinLimits() {
        assertEquals(1, BatchSizing.forGpu(2L << 30));
        assertEquals(4, BatchSizing.forGpu((3L << 30) + (4L << 28)));
        assertEquals(BatchSizing.MAX_BATCH, BatchSizing.forGpu(70L << 30));
    }

    @Test
    void discoveryNeverThrows() {
        List<GpuDevice> gpus = GpuDiscovery.discover();
        assertTrue(gpus.stream().allMatch(g -> g.totalBytes() >= g.freeBytes()));
    }

    @Test
    void theCudaPathRunsTheTinyModelsWhenAGpuIsPresent() throws IOException {
        assumeTrue(jarHasCuda(), "skipped: CUDA test needs the onnxruntime_gpu jar (build with -Pgpu)");
        List<GpuDevice> gpus = GpuDiscovery.discover();
        assumeTrue(!gpus.isEmpty(), "skipped: no NVIDIA GPU visible to the CUDA runtime");
        MuseTalkOptions options = MuseTalkOptions.builder().device(ExecutionDevice.CUDA).batchSize(4).build();
        try (MuseTalkRuntime rt = MuseTalkRuntime.open(TinyMuseTalkModels.writeSeparate(dir), options)) {
            assertEquals(ExecutionDevice.CUDA, rt.device().device());
            rt.faces().generate();
            assertEquals(4 * FaceGenerator.FRAME_BYTES, rt.faces().frames().limit());
        }
    }
}
