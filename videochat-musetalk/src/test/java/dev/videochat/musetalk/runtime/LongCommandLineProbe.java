package dev.videochat.musetalk.runtime;

import dev.videochat.musetalk.testmodels.TinyMuseTalkModels;

import java.nio.file.Path;
import java.util.List;

/**
 * Entry point of the child JVM started by {@link LongCommandLineTest}: writes the tiny models into the folder named
 * by the first argument, opens a CPU runtime on them (which creates ONNX Runtime's environment), runs one batch and
 * prints one line describing it. A JVM that dies while creating the environment prints nothing.
 */
final class LongCommandLineProbe {

    /** The line printed on success, filled with the batch size, the bytes per batch and the device. */
    static final String RESULT = "generated %d faces, %d bytes, on %s";

    private LongCommandLineProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = TinyMuseTalkModels.writeSeparate(Path.of(args[0]));
        MuseTalkOptions cpu = MuseTalkOptions.builder()
                .device(ExecutionDevice.CPU).batchSize(2).intraOpThreads(1).build();
        try (MuseTalkRuntime runtime = MuseTalkRuntime.open(folder, cpu, List::of)) {
            FaceGenerator faces = runtime.faces();
            faces.generate();
            System.out.println(String.format(RESULT, faces.batchSize(), faces.frames().limit(),
                    runtime.device().device()));
        }
    }
}
