package dev.videochat.musetalk.runtime;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.musetalk.MuseTalkVersion;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * What a MuseTalk model folder holds: its optional {@code musetalk.properties} names the MuseTalk version, the file
 * of each model and the ONNX names of their tensors; every key falls back to a default.
 *
 * <pre>
 * version=v1.5                         # or v1.0
 * unet.file=unet.onnx                  # &lt;role&gt;.file, relative to the folder
 * unet.fp16.file=unet_fp16.onnx        # used instead on CUDA when present
 * unet.sample=sample                   # &lt;role&gt;.&lt;default tensor name&gt;=&lt;name in this file&gt;
 * </pre>
 */
public final class ModelManifest {

    /** The manifest's file name inside the model folder. */
    public static final String FILE_NAME = "musetalk.properties";

    private final Path folder;
    private final Properties properties;

    private ModelManifest(Path folder, Properties properties) {
        this.folder = folder;
        this.properties = properties;
    }

    /**
     * Reads the manifest of {@code folder} (defaults only when it has none).
     *
     * @throws ConfigurationException when the folder does not exist or the manifest cannot be read
     */
    public static ModelManifest read(Path folder) {
        Objects.requireNonNull(folder, "folder");
        if (!Files.isDirectory(folder)) {
            throw new ConfigurationException(Stage.THG, "musetalk",
                    "model folder " + folder.toAbsolutePath() + " does not exist; set it to the folder written by tools/export_onnx.py");
        }
        Properties p = new Properties();
        Path file = folder.resolve(FILE_NAME);
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigurationException(Stage.THG, "musetalk", "cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return new ModelManifest(folder, p);
    }

    /** The model folder. */
    public Path folder() {
        return folder;
    }

    /** The MuseTalk version (default v1.5). */
    public MuseTalkVersion version() {
        String v = properties.getProperty("version");
        if (v == null) {
            return MuseTalkVersion.V1_5;
        }
        try {
            return MuseTalkVersion.parse(v);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(Stage.THG, "musetalk", folder.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        }
    }

    /** The fp32-I/O model file of {@code role}. */
    public Path file(ModelRole role) {
        return folder.resolve(properties.getProperty(role.key() + ".file", role.defaultFile()));
    }

    /** The fp16 variant of {@code role}'s model, when the manifest names one. */
    public Optional<Path> fp16File(ModelRole role) {
        return Optional.ofNullable(properties.getProperty(role.key() + ".fp16.file")).map(folder::resolve);
    }

    /** Whether the model file of {@code role} exists. */
    public boolean has(ModelRole role) {
        return Files.isRegularFile(file(role));
    }

    /** The ONNX name of the tensor whose default name is {@code defaultName}. */
    public String tensorName(ModelRole role, String defaultName) {
        return properties.getProperty(role.key() + "." + defaultName, defaultName);
    }
}
