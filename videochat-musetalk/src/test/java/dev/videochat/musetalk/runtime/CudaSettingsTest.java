package dev.videochat.musetalk.runtime;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The CUDA and TensorRT provider options under ONNX Runtime's names (checked here without a GPU). */
class CudaSettingsTest {

    @Test
    void theDefaultsAreOnnxRuntimesOwnWithoutAMemoryLimit() {
        assertEquals(Map.of("device_id", "1", "cudnn_conv_algo_search", "EXHAUSTIVE",
                "arena_extend_strategy", "kNextPowerOfTwo"), CudaSettings.defaults().cudaProviderOptions(1));
    }

    @Test
    void settingsBecomeTheProvidersKeys() {
        CudaSettings cuda = new CudaSettings(CudaSettings.ConvAlgoSearch.HEURISTIC,
                CudaSettings.ArenaExtension.SAME_AS_REQUESTED, 8L << 30, true, Optional.of(Path.of("/tmp/trt")));
        assertEquals(Map.of("device_id", "0", "cudnn_conv_algo_search", "HEURISTIC",
                "arena_extend_strategy", "kSameAsRequested", "gpu_mem_limit", "8589934592"),
                cuda.cudaProviderOptions(0));
        assertEquals(Map.of("device_id", "0", "trt_engine_cache_enable", "1", "trt_engine_cache_path", "/tmp/trt"),
                cuda.tensorRtProviderOptions(0));
    }

    @Test
    void aNegativeMemoryLimitIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CudaSettings(CudaSettings.ConvAlgoSearch.DEFAULT,
                CudaSettings.ArenaExtension.NEXT_POWER_OF_TWO, -1, false, Optional.empty()));
    }
}
