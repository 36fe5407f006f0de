package dev.videochat.examples.cli;

import dev.videochat.musetalk.kserve.triton.TritonOptions;
import dev.videochat.musetalk.kserve.triton.TritonRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code videochat triton-repo --models DIR --out REPO}: a Triton model repository for the exported MuseTalk models
 * in the folder {@code --out} names, one folder per model with its {@code config.pbtxt} (ONNX Runtime backend,
 * dynamic batching, instance groups), to serve with {@code tritonserver --model-repository REPO} and reach with {@code VIDEOCHAT_THG_BACKEND=kserve}.
 */
@Command(name = "triton-repo", mixinStandardHelpOptions = true,
        description = {"Writes a Triton model repository for the exported MuseTalk models into --out REPO",
                "(see videochat-musetalk-kserve/README.md)."})
final class TritonRepoCommand implements Callable<Integer> {

    @ParentCommand
    private VideoChatCommand root;

    @Option(names = "--models", paramLabel = "DIR", required = true,
            description = "the MuseTalk model folder (musetalk.properties and the ONNX files)")
    private Path models;

    @Option(names = "--accelerator", paramLabel = "cuda|tensorrt|cpu", defaultValue = "cuda",
            description = "where Triton runs the models (default: ${DEFAULT-VALUE})")
    private TritonOptions.Accelerator accelerator;

    @Override
    public Integer call() {
        PrintStream print = root.out();
        if (!Files.isDirectory(models)) {
            throw new IllegalArgumentException("--models " + models.toAbsolutePath() + " is not a folder");
        }
        Path out = root.outFolder(); // --out REPO: the repository folder
        TritonRepository.Written written = TritonRepository.write(models, out,
                TritonOptions.defaults().withAccelerator(accelerator));
        List<Path> folders = written.models();
        for (Path folder : folders) {
            print.println("wrote " + folder.resolve("config.pbtxt"));
        }
        for (String note : written.notes()) {
            print.println("note: " + note);
        }
        print.println("serve it: docker run --rm --gpus all -p 8000:8000 -p 8001:8001 -p 8002:8002 -v \""
                + out.toAbsolutePath() + ":/models\" nvcr.io/nvidia/tritonserver:25.01-py3"
                + " tritonserver --model-repository=/models");
        print.println("then: VIDEOCHAT_THG=musetalk VIDEOCHAT_THG_BACKEND=kserve VIDEOCHAT_THG_KSERVE_URL=grpc://HOST:8001");
        return 0;
    }
}
