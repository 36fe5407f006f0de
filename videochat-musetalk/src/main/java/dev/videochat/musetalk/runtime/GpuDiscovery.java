package dev.videochat.musetalk.runtime;

import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.SizeTPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the NVIDIA GPUs of this machine (index, name, total and free memory) through the CUDA runtime of the
 * JavaCPP presets ({@code org.bytedeco:cuda}). The presets load the host's {@code libcudart} of their CUDA major
 * version and the driver's {@code libcuda.so.1}; when either is missing, or the kernel driver is absent
 * ({@code /proc/driver/nvidia}), the list is empty and the reason is logged, never thrown.
 */
public final class GpuDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(GpuDiscovery.class);
    private static final Path DRIVER = Path.of("/proc/driver/nvidia");

    private GpuDiscovery() {
    }

    /** Whether the NVIDIA kernel driver is loaded ({@code /proc/driver/nvidia} exists). */
    public static boolean driverPresent() {
        return Files.isDirectory(DRIVER);
    }

    /** The GPUs CUDA can see, or an empty list (see the class comment). Never throws. */
    public static List<GpuDevice> discover() {
        // Checking the kernel driver first avoids extracting the presets' natives on machines without a GPU.
        if (!Files.isDirectory(DRIVER)) {
            LOG.debug("no NVIDIA kernel driver ({} is absent): no GPU", DRIVER);
            return List.of();
        }
        try {
            Loader.load(cudart.class);
            int[] count = new int[1];
            int status = cudart.cudaGetDeviceCount(count);
            if (status != cudart.cudaSuccess) {
                LOG.info("cudaGetDeviceCount failed with CUDA error {}: no GPU", status);
                return List.of();
            }
            List<GpuDevice> devices = new ArrayList<>();
            for (int i = 0; i < count[0]; i++) {
                devices.add(query(i));
            }
            return List.copyOf(devices);
        } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError: no usable CUDA runtime
            LOG.info("the CUDA runtime of the JavaCPP presets cannot be loaded ({}): GPUs are not listed", e.toString());
            return List.of();
        }
    }

    /**
     * Loads the CUDA libraries that ONNX Runtime's CUDA provider links against (cudart, cuBLAS, cuRAND, cuFFT,
     * cuDNN) through the presets, so that a later {@code addCUDA} finds them by soname even when they come from a
     * redist jar rather than the host. Each failure is logged at DEBUG and otherwise ignored.
     */
    static void preloadCudaLibraries() {
        if (!Files.isDirectory(DRIVER)) {
            return;
        }
        for (String name : new String[] {"cudart", "cublas", "curand", "cufft", "cudnn"}) {
            try {
                Loader.load(Class.forName("org.bytedeco.cuda.global." + name));
            } catch (Throwable e) { // absent library or presets: the provider will name what it misses
                LOG.debug("could not preload CUDA library {}: {}", name, e.toString());
            }
        }
    }

    private static GpuDevice query(int index) {
        cudart.cudaSetDevice(index);
        String name = "CUDA device " + index;
        try (cudaDeviceProp props = new cudaDeviceProp();
             SizeTPointer free = new SizeTPointer(1);
             SizeTPointer total = new SizeTPointer(1)) {
            if (cudart.cudaGetDeviceProperties(props, index) == cudart.cudaSuccess) {
                name = props.name().getString().trim();
            }
            cudart.cudaMemGetInfo(free, total);
            return new GpuDevice(index, name, total.get(), free.get());
        }
    }
}
