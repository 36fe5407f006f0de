package dev.videochat.musetalk.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import ai.onnxruntime.providers.OrtTensorRTProviderOptions;
import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides between the CUDA and CPU execution providers and builds the session options for that choice.
 * AUTO falls back to the CPU (logged with the reason); CUDA fails with the reason.
 */
final class DeviceSelector {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceSelector.class);

    private final MuseTalkOptions options;
    private final Supplier<List<GpuDevice>> discovery;

    DeviceSelector(MuseTalkOptions options, Supplier<List<GpuDevice>> discovery) {
        this.options = options;
        this.discovery = discovery;
    }

    DeviceDecision decide() {
        DeviceDecision decision = choose();
        LOG.info("MuseTalk runs on {}: {}", decision.device(), decision.reason());
        return decision;
    }

    private DeviceDecision choose() {
        if (options.device() == ExecutionDevice.CPU) {
            return cpu("configured");
        }
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            return fallback("the ONNX Runtime jar on the class path has no CUDA provider "
                    + "(build with -Pgpu to use com.microsoft.onnxruntime:onnxruntime_gpu)");
        }
        List<GpuDevice> gpus = discovery.get();
        Optional<GpuDevice> gpu = gpus.stream().filter(g -> g.index() == options.cudaDeviceId()).findFirst();
        if (gpus.isEmpty() && options.device() == ExecutionDevice.AUTO && !GpuDiscovery.driverPresent()) {
            return cpu("no NVIDIA GPU was found (no kernel driver)");
        }
        // With a driver but an empty list, discovery's CUDA runtime (the presets' major version) may simply differ
        // from the one ONNX Runtime's provider links against: the provider itself decides below.
        GpuDiscovery.preloadCudaLibraries();
        try (OrtSession.SessionOptions probe = new OrtSession.SessionOptions()) {
            probe.addCUDA(options.cudaDeviceId());
        } catch (OrtException | RuntimeException e) {
            return fallback("the CUDA execution provider could not start on device " + options.cudaDeviceId()
                    + ": " + e.getMessage());
        }
        String what = gpu.map(g -> g.name() + ", " + (g.freeBytes() >> 20) + " MiB free of " + (g.totalBytes() >> 20) + " MiB")
                .orElse("not described by discovery");
        return new DeviceDecision(ExecutionDevice.CUDA, gpu, "CUDA device " + options.cudaDeviceId() + " (" + what + ")");
    }

    private DeviceDecision fallback(String why) {
        if (options.device() == ExecutionDevice.CUDA) {
            throw new ConfigurationException(Stage.THG, "musetalk", "CUDA was requested but " + why
                    + "; install CUDA 12 and cuDNN 9 (see the videochat-musetalk README) or choose device AUTO or CPU");
        }
        return cpu(why);
    }

    private static DeviceDecision cpu(String why) {
        return new DeviceDecision(ExecutionDevice.CPU, Optional.empty(), why);
    }

    /** Session options for {@code decision}: CUDA when chosen, the configured threads, full graph optimisation. */
    OrtSession.SessionOptions sessionOptions(DeviceDecision decision) throws OrtException {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        try {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (options.intraOpThreads() > 0) {
                so.setIntraOpNumThreads(options.intraOpThreads());
            }
            if (decision.device() == ExecutionDevice.CUDA) {
                addProviders(so);
            } else if (options.cuda().tensorRt()) {
                LOG.info("TensorRT was asked for but MuseTalk runs on the CPU; the setting is ignored");
            }
            return so;
        } catch (OrtException | RuntimeException e) {
            so.close();
            throw e;
        }
    }

    /** TensorRT first when asked for (it hands what it cannot run to CUDA), then CUDA with its options. */
    private void addProviders(OrtSession.SessionOptions so) throws OrtException {
        CudaSettings cuda = options.cuda();
        int id = options.cudaDeviceId();
        if (cuda.tensorRt()) {
            if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.TENSOR_RT)) {
                throw new ConfigurationException(Stage.THG, "musetalk", "TensorRT was asked for (tensorrt=true) but "
                        + "the ONNX Runtime library has no TensorRT provider; use an onnxruntime_gpu build with "
                        + "TensorRT and install TensorRT 10, or set tensorrt=false");
            }
            Optional<Path> cache = cuda.tensorRtCache();
            if (cache.isPresent()) {
                try {
                    Files.createDirectories(cache.get());
                } catch (IOException e) {
                    throw new ConfigurationException(Stage.THG, "musetalk", "cannot create the TensorRT engine "
                            + "cache folder " + cache.get().toAbsolutePath() + ": " + e.getMessage(), e);
                }
            }
            try (OrtTensorRTProviderOptions trt = new OrtTensorRTProviderOptions(id)) {
                for (Map.Entry<String, String> e : cuda.tensorRtProviderOptions(id).entrySet()) {
                    trt.add(e.getKey(), e.getValue());
                }
                so.addTensorrt(trt);
            }
            LOG.info("TensorRT provider on device {} (engine cache {})", id,
                    cache.map(p -> p.toAbsolutePath().toString()).orElse("off"));
        }
        try (OrtCUDAProviderOptions provider = new OrtCUDAProviderOptions(id)) {
            Map<String, String> values = cuda.cudaProviderOptions(id);
            for (Map.Entry<String, String> e : values.entrySet()) {
                provider.add(e.getKey(), e.getValue());
            }
            so.addCUDA(provider);
            LOG.info("CUDA provider options: {}", values);
        }
    }

    /** The batch: configured, else the model's fixed one, else from free GPU memory, else the CPU default. */
    int batchSize(DeviceDecision decision) {
        if (options.batchSize() > 0) {
            return options.batchSize();
        }
        if (decision.device() == ExecutionDevice.CUDA) {
            if (decision.gpu().isEmpty()) {
                LOG.info("the GPU's free memory is unknown (discovery listed no device): batch {}; set batch-size "
                        + "to use more of it", BatchSizing.UNKNOWN_GPU_BATCH);
                return BatchSizing.UNKNOWN_GPU_BATCH;
            }
            return BatchSizing.forGpu(decision.gpu().get().freeBytes());
        }
        return BatchSizing.CPU_BATCH;
    }
}
