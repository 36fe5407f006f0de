package dev.videochat.musetalk.runtime;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of ONNX Runtime's CUDA execution provider, and TensorRT as an opt-in provider in front of it. The
 * defaults are ONNX Runtime's own. None of these has run on a GPU here yet.
 *
 * @param convAlgoSearch   how cuDNN picks convolution algorithms ({@code cudnn_conv_algo_search})
 * @param arenaExtension   how the CUDA memory arena grows ({@code arena_extend_strategy})
 * @param memoryLimitBytes the arena's limit in bytes ({@code gpu_mem_limit}), or 0 for none
 * @param tensorRt         whether the TensorRT provider runs first (nodes it cannot take fall back to CUDA)
 * @param tensorRtCache    where TensorRT keeps its built engines, so later starts skip the build; empty for no cache
 */
public record CudaSettings(ConvAlgoSearch convAlgoSearch, ArenaExtension arenaExtension, long memoryLimitBytes,
                           boolean tensorRt, Optional<Path> tensorRtCache) {

    /** cuDNN's convolution algorithm search. */
    public enum ConvAlgoSearch {
        /** Benchmark every algorithm on first use of a shape (ONNX Runtime's default; slow first batch). */
        EXHAUSTIVE,
        /** cuDNN's heuristics, no benchmarking. */
        HEURISTIC,
        /** The default algorithm. */
        DEFAULT
    }

    /** How the CUDA arena grows when it runs out. */
    public enum ArenaExtension {
        /** Doubles (ONNX Runtime's default); fast, may hold much more than needed. */
        NEXT_POWER_OF_TWO("kNextPowerOfTwo"),
        /** Grows by exactly what was asked for; tighter when several runtimes share a GPU. */
        SAME_AS_REQUESTED("kSameAsRequested");

        private final String ortName;

        ArenaExtension(String ortName) {
            this.ortName = ortName;
        }
    }

    public CudaSettings {
        Objects.requireNonNull(convAlgoSearch, "convAlgoSearch");
        Objects.requireNonNull(arenaExtension, "arenaExtension");
        Objects.requireNonNull(tensorRtCache, "tensorRtCache");
        if (memoryLimitBytes < 0) {
            throw new IllegalArgumentException("memoryLimitBytes must be >= 0 (0 = no limit), got " + memoryLimitBytes);
        }
    }

    /** ONNX Runtime's defaults, TensorRT off. */
    public static CudaSettings defaults() {
        return new CudaSettings(ConvAlgoSearch.EXHAUSTIVE, ArenaExtension.NEXT_POWER_OF_TWO, 0, false, Optional.empty());
    }

    /** The CUDA provider's options for device {@code deviceId}, as ONNX Runtime names them. */
    Map<String, String> cudaProviderOptions(int deviceId) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("device_id", Integer.toString(deviceId));
        options.put("cudnn_conv_algo_search", convAlgoSearch.name());
        options.put("arena_extend_strategy", arenaExtension.ortName);
        if (memoryLimitBytes > 0) {
            options.put("gpu_mem_limit", Long.toString(memoryLimitBytes));
        }
        return options;
    }

    /** The TensorRT provider's options for device {@code deviceId}, as ONNX Runtime names them. */
    Map<String, String> tensorRtProviderOptions(int deviceId) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("device_id", Integer.toString(deviceId));
        tensorRtCache.ifPresent(folder -> {
            options.put("trt_engine_cache_enable", "1");
            options.put("trt_engine_cache_path", folder.toAbsolutePath().toString());
        });
        return options;
    }
}
