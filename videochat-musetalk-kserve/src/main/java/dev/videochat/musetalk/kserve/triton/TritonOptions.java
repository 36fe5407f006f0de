package dev.videochat.musetalk.kserve.triton;

import java.util.List;
import java.util.Objects;

/**
 * How {@link TritonRepository} configures each model for Triton's ONNX Runtime backend.
 *
 * @param accelerator          where the models run
 * @param maxBatchSize         the largest batch Triton's dynamic batcher forms, in frames
 * @param preferredBatchSizes  batch sizes the batcher aims for (each at most {@code maxBatchSize})
 * @param maxQueueDelayMicros  how long, in microseconds, a request may wait for others to fill a batch
 * @param instanceCount        model instances per GPU (or on the CPU): how many batches of one model run at once
 * @param gpus                 the GPUs to put instances on (empty: every GPU Triton sees)
 * @param modelPrefix          put before every model name, as the client's {@code kserve-model-prefix}
 * @param preferFp16           use the manifest's {@code <role>.fp16.file} where it names one
 */
public record TritonOptions(Accelerator accelerator, int maxBatchSize, List<Integer> preferredBatchSizes,
                            long maxQueueDelayMicros, int instanceCount, List<Integer> gpus, String modelPrefix,
                            boolean preferFp16) {

    /** Where Triton runs the models. */
    public enum Accelerator {
        /** ONNX Runtime's CUDA execution provider on GPU instances. */
        CUDA,
        /** ONNX Runtime's TensorRT execution provider (FP16) in front of CUDA, on GPU instances. */
        TENSORRT,
        /** CPU instances (a repository to try without a GPU). */
        CPU
    }

    public TritonOptions {
        Objects.requireNonNull(accelerator, "accelerator");
        preferredBatchSizes = List.copyOf(preferredBatchSizes);
        gpus = List.copyOf(gpus);
        Objects.requireNonNull(modelPrefix, "modelPrefix");
        if (maxBatchSize < 1 || maxBatchSize > 1024) {
            throw new IllegalArgumentException("maxBatchSize must be 1..1024 frames, got " + maxBatchSize);
        }
        for (int size : preferredBatchSizes) {
            if (size < 1 || size > maxBatchSize) {
                throw new IllegalArgumentException("preferred batch sizes must be 1.." + maxBatchSize + ", got "
                        + preferredBatchSizes);
            }
        }
        if (maxQueueDelayMicros < 0) {
            throw new IllegalArgumentException("maxQueueDelayMicros must be >= 0, got " + maxQueueDelayMicros);
        }
        if (instanceCount < 1) {
            throw new IllegalArgumentException("instanceCount must be >= 1, got " + instanceCount);
        }
    }

    /**
     * CUDA, batches up to 16 frames aiming at 4, 8 and 16, a 2 ms queue delay (a twentieth of a 25 fps frame
     * interval), one instance per GPU, every GPU, no prefix, fp16 files where named.
     */
    public static TritonOptions defaults() {
        return new TritonOptions(Accelerator.CUDA, 16, List.of(4, 8, 16), 2_000, 1, List.of(), "", true);
    }

    /** These options with another accelerator. */
    public TritonOptions withAccelerator(Accelerator other) {
        return new TritonOptions(other, maxBatchSize, preferredBatchSizes, maxQueueDelayMicros, instanceCount, gpus,
                modelPrefix, preferFp16);
    }
}
