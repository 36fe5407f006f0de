package dev.videochat.sprite.look;

import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads avatar descriptions (small JSON files, documented in the module's README) and renders their sprites.
 * A file with a {@code "face"} key describes a picture avatar built from the user's images; any other describes an
 * avatar drawn by the library from colours and proportions. Built-in avatars are drawn ones shipped as resources.
 */
public final class AvatarFiles {

    private static final List<String> BUILT_IN = List.of("default", "ada");

    private AvatarFiles() {
    }

    /** The names of the built-in avatars. */
    public static List<String> builtInNames() {
        return BUILT_IN;
    }

    /**
     * Renders the built-in avatar {@code name}.
     *
     * @throws ConfigurationException when there is no such built-in avatar
     */
    public static SpriteSheet builtIn(String name) {
        if (!BUILT_IN.contains(name)) {
            throw new ConfigurationException(Stage.THG, AvatarJson.PROVIDER, "no built-in avatar '" + name
                    + "'; built-in avatars: " + String.join(", ", BUILT_IN));
        }
        String resource = name + ".json";
        try (InputStream in = AvatarFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("built-in avatar resource missing: " + resource);
            }
            return fromJson(AvatarJson.parse(in, "built-in " + resource), null, name);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in avatar " + resource, e);
        }
    }

    /**
     * Reads and renders the avatar described by {@code file}.
     *
     * @throws ConfigurationException naming the file and the problem when it is missing or invalid
     */
    public static SpriteSheet load(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
            throw new ConfigurationException(Stage.THG, AvatarJson.PROVIDER, "avatar file not found: " + abs);
        }
        String fileName = abs.getFileName().toString();
        String name = fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
        try (InputStream in = Files.newInputStream(abs)) {
            return fromJson(AvatarJson.parse(in, abs.toString()), abs.getParent(), name);
        } catch (IOException e) {
            throw new ConfigurationException(Stage.THG, AvatarJson.PROVIDER,
                    "cannot read avatar file " + abs + ": " + e, e);
        }
    }

    private static SpriteSheet fromJson(AvatarJson json, Path folder, String defaultName) {
        if (json.has("face")) {
            if (folder == null) {
                throw json.error("built-in avatars cannot refer to pictures");
            }
            return ImageAvatarLoader.load(json, folder, defaultName);
        }
        return DrawnAvatarPainter.paint(DrawnStyle.from(json, defaultName));
    }
}
