package dev.videochat.musetalk.runtime;

import java.util.Optional;

/**
 * Where the runtime decided to run and why.
 *
 * @param device {@link ExecutionDevice#CPU} or {@link ExecutionDevice#CUDA}, never AUTO
 * @param gpu    the GPU used (CUDA) when discovery could describe it
 * @param reason a sentence saying why, for example the library the CUDA provider could not load
 */
public record DeviceDecision(ExecutionDevice device, Optional<GpuDevice> gpu, String reason) {
}
