package dev.videochat.musetalk.runtime;

/**
 * One NVIDIA GPU as CUDA reports it.
 *
 * @param index      CUDA device ordinal
 * @param name       the product name, for example {@code "NVIDIA H100 80GB HBM3"}
 * @param totalBytes device memory, in bytes
 * @param freeBytes  device memory free when it was queried, in bytes
 */
public record GpuDevice(int index, String name, long totalBytes, long freeBytes) {
}
