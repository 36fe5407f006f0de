package dev.videochat.musetalk.kserve.triton;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.ModelException;
import dev.videochat.api.Stage;
import dev.videochat.musetalk.runtime.ModelManifest;
import dev.videochat.musetalk.runtime.ModelRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a Triton model repository for an exported MuseTalk model folder: for each model the {@code kserve}
 * backend uses ({@code whisper}, and {@code unet_decoder} or {@code unet} and {@code vae_decoder}), a folder
 * {@code <prefix><role>/} with {@code config.pbtxt} and {@code 1/model.onnx} (plus its external weight files). Each
 * config names the ONNX Runtime backend, the inputs and outputs as the ONNX file declares them, the instance
 * groups, the accelerator and, for a model whose every tensor starts with a dynamic batch dimension, Triton's
 * dynamic batcher. A model with a tensor that has no batch dimension (the contract's UNet {@code timestep [1]},
 * Whisper's {@code [1, 80, 3000]}) cannot be batched by Triton: it gets {@code max_batch_size: 0}, and the
 * returned {@link Written#notes()} say so and what export would let Triton batch it.
 *
 * <p>The Whisper encoder is written with row inputs ({@link WhisperRows}), so that a client receives the few
 * feature rows a batch uses instead of all 1,500 of a 30 s window.
 */
public final class TritonRepository {

    private static final Logger LOG = LoggerFactory.getLogger(TritonRepository.class);

    /** The models the client asks the server for, in that order (the fused one replaces the two after it). */
    private static final List<ModelRole> SERVED = List.of(ModelRole.WHISPER_ENCODER, ModelRole.UNET_DECODER,
            ModelRole.UNET, ModelRole.VAE_DECODER);

    /**
     * What was written.
     *
     * @param models the model folders written, in order
     * @param notes  sentences about models Triton cannot batch, for the user to read
     */
    public record Written(List<Path> models, List<String> notes) {
    }

    private TritonRepository() {
    }

    /**
     * Writes the repository for {@code modelsDir} (a folder that {@code tools/export_onnx.py} wrote, read through
     * its {@code musetalk.properties}) into {@code outDir}, replacing config files and models already there.
     *
     * @throws ConfigurationException when the folder holds neither the fused model nor the UNet and decoder
     * @throws ModelException         when an ONNX file cannot be read
     */
    public static Written write(Path modelsDir, Path outDir, TritonOptions options) {
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(options, "options");
        ModelManifest manifest = ModelManifest.read(modelsDir);
        boolean fused = manifest.has(ModelRole.UNET_DECODER);
        if (!manifest.has(ModelRole.WHISPER_ENCODER) || !fused
                && !(manifest.has(ModelRole.UNET) && manifest.has(ModelRole.VAE_DECODER))) {
            throw new ConfigurationException(Stage.THG, "musetalk", "the model folder " + modelsDir
                    + " needs " + ModelRole.WHISPER_ENCODER.defaultFile() + " and either "
                    + ModelRole.UNET_DECODER.defaultFile() + " or both " + ModelRole.UNET.defaultFile() + " and "
                    + ModelRole.VAE_DECODER.defaultFile() + " (or the files its " + ModelManifest.FILE_NAME
                    + " names); export them with tools/export_onnx.py");
        }
        List<Path> written = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (ModelRole role : SERVED) {
            if (fused ? role == ModelRole.UNET || role == ModelRole.VAE_DECODER : role == ModelRole.UNET_DECODER) {
                continue;
            }
            Path file = source(manifest, role, options);
            String name = options.modelPrefix() + role.key();
            String rowsOf = role == ModelRole.WHISPER_ENCODER ? manifest.tensorName(role, "states") : null;
            written.add(writeModel(name, file, outDir.resolve(name), rowsOf, options, notes));
        }
        notes.forEach(note -> LOG.info("{}", note));
        LOG.info("wrote a Triton model repository for {} into {}: {}", modelsDir, outDir,
                written.stream().map(p -> p.getFileName().toString()).toList());
        return new Written(List.copyOf(written), List.copyOf(notes));
    }

    private static Path source(ModelManifest manifest, ModelRole role, TritonOptions options) {
        Optional<Path> fp16 = options.preferFp16() && options.accelerator() != TritonOptions.Accelerator.CPU
                ? manifest.fp16File(role).filter(Files::isRegularFile) : Optional.empty();
        return fp16.orElse(manifest.file(role));
    }

    /** @param rowsOf the states output to add row inputs for ({@link WhisperRows}), or null for a plain copy */
    private static Path writeModel(String name, Path file, Path folder, String rowsOf, TritonOptions options,
                                   List<String> notes) {
        try {
            Path version = Files.createDirectories(folder.resolve("1"));
            Path model = version.resolve("model.onnx");
            if (rowsOf != null) {
                WhisperRows.write(file, model, rowsOf);
            } else {
                Files.copy(file, model, StandardCopyOption.REPLACE_EXISTING);
            }
            OnnxSignature signature = OnnxSignature.read(model);
            for (String external : signature.externalFiles()) {
                Path data = file.resolveSibling(external);
                Path target = version.resolve(external);
                Files.createDirectories(target.getParent());
                Files.copy(data, target, StandardCopyOption.REPLACE_EXISTING);
            }
            String config = ModelConfigText.of(name, signature, options, notes);
            Files.writeString(folder.resolve("config.pbtxt"), config, StandardCharsets.UTF_8);
            return folder;
        } catch (IOException e) {
            throw new ModelException(Stage.THG, "musetalk", "cannot write the Triton model '" + name + "' from "
                    + file + ": " + e.getMessage(), e);
        }
    }
}
