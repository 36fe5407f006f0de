package dev.videochat.musetalk.runtime;

/** Where the MuseTalk models run. */
public enum ExecutionDevice {
    /** The CUDA execution provider when a GPU and the CUDA build of ONNX Runtime are present, the CPU otherwise. */
    AUTO,
    /** Always the CPU execution provider. */
    CPU,
    /** The CUDA execution provider; loading fails with a message naming what is missing when it cannot be used. */
    CUDA
}
