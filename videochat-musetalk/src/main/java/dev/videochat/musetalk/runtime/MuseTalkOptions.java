package dev.videochat.musetalk.runtime;

import java.util.Objects;

/**
 * How the MuseTalk runtime loads its models. Build with {@link #builder()}; the defaults run on CUDA when possible,
 * choose the batch size automatically and use fp16 model files on CUDA when the manifest names them.
 *
 * @param device         where to run
 * @param cudaDeviceId   the CUDA device ordinal (0 for the first GPU)
 * @param batchSize      video frames per UNet call, or 0 to choose from the model and the device
 * @param intraOpThreads CPU threads per ONNX session, or 0 for ONNX Runtime's default
 * @param preferFp16     whether to load {@code <role>.fp16.file} models on CUDA
 * @param cuda           the CUDA provider's options and the TensorRT opt-in (not yet run on a GPU)
 * @param admission      whether sessions past the face worker's measured capacity are refused or queued
 */
public record MuseTalkOptions(ExecutionDevice device, int cudaDeviceId, int batchSize, int intraOpThreads,
                              boolean preferFp16, CudaSettings cuda, SessionAdmission admission) {

    public MuseTalkOptions {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(cuda, "cuda");
        Objects.requireNonNull(admission, "admission");
        if (cudaDeviceId < 0) {
            throw new IllegalArgumentException("cudaDeviceId must be >= 0, got " + cudaDeviceId);
        }
        if (batchSize < 0 || batchSize > 256) {
            throw new IllegalArgumentException("batchSize must be 0 (automatic) to 256 frames, got " + batchSize);
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be >= 0, got " + intraOpThreads);
        }
    }

    /**
     * The defaults: AUTO device, GPU 0, automatic batch, default threads, fp16 on CUDA, ONNX Runtime's CUDA
     * options, admission off.
     */
    public static MuseTalkOptions defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link MuseTalkOptions}. */
    public static final class Builder {
        private ExecutionDevice device = ExecutionDevice.AUTO;
        private int cudaDeviceId;
        private int batchSize;
        private int intraOpThreads;
        private boolean preferFp16 = true;
        private CudaSettings cuda = CudaSettings.defaults();
        private SessionAdmission admission = SessionAdmission.off();

        private Builder() {
        }

        /** Where to run (default AUTO). */
        public Builder device(ExecutionDevice device) {
            this.device = device;
            return this;
        }

        /** The CUDA device ordinal (default 0). */
        public Builder cudaDeviceId(int id) {
            this.cudaDeviceId = id;
            return this;
        }

        /** Video frames per UNet call; 0 chooses automatically (default). */
        public Builder batchSize(int frames) {
            this.batchSize = frames;
            return this;
        }

        /** CPU threads per session; 0 leaves ONNX Runtime's default (default). */
        public Builder intraOpThreads(int threads) {
            this.intraOpThreads = threads;
            return this;
        }

        /** Whether fp16 model files are preferred on CUDA (default true). */
        public Builder preferFp16(boolean prefer) {
            this.preferFp16 = prefer;
            return this;
        }

        /** The CUDA provider's options and the TensorRT opt-in (default {@link CudaSettings#defaults()}). */
        public Builder cuda(CudaSettings cuda) {
            this.cuda = cuda;
            return this;
        }

        /** Admission of sessions past the measured capacity (default {@link SessionAdmission#off()}). */
        public Builder admission(SessionAdmission admission) {
            this.admission = admission;
            return this;
        }

        /** The options. */
        public MuseTalkOptions build() {
            return new MuseTalkOptions(device, cudaDeviceId, batchSize, intraOpThreads, preferFp16, cuda, admission);
        }
    }
}
