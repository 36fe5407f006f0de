package dev.videochat.musetalk.avatar;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;
import dev.videochat.musetalk.MuseTalkVersion;
import dev.videochat.musetalk.runtime.FaceGenerator;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads and writes prepared avatars. An avatar is a folder:
 *
 * <pre>
 * avatar.json      format, id, MuseTalk version, width, height, fps, frame count, source, and per frame the face
 *                  box and crop box [x1, y1, x2, y2, cx1, cy1, cx2, cy2]
 * frames/NNNNNN.png  the video frames
 * masks/NNNNNN.png   the blending masks (grey, crop box size)
 * latents.f32      the UNet input latents, N x 8 x 32 x 32 little-endian float32
 * </pre>
 *
 * A folder is written beside its final place and renamed into it, so a half-written avatar is never found.
 */
public final class AvatarStore {

    /** The description file every avatar folder holds. */
    public static final String DESCRIPTION = "avatar.json";
    static final String FORMAT = "videochat-musetalk-avatar";
    static final int FORMAT_VERSION = 1;
    private static final JsonFactory JSON = new JsonFactory();
    private static final String PROVIDER = "musetalk";

    private AvatarStore() {
    }

    /** Whether {@code folder} holds a prepared avatar. */
    public static boolean isAvatar(Path folder) {
        return Files.isRegularFile(folder.resolve(DESCRIPTION));
    }

    /** The avatars directly inside {@code root}, by folder name. */
    public static List<Path> list(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(AvatarStore::isAvatar).sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list avatars in " + root, e);
        }
    }

    /**
     * Writes {@code avatar} to {@code folder}, replacing an avatar already there.
     *
     * @param source where the avatar was made from, for the description
     */
    public static void write(PreparedAvatar avatar, Path folder, String source) throws IOException {
        Path parent = folder.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempDirectory(parent, "." + folder.getFileName() + ".");
        try {
            writeInto(avatar, temp, source);
            Path old = null;
            if (Files.exists(folder)) {
                if (!isAvatar(folder)) {
                    throw new IOException(folder + " exists and is not a prepared avatar; choose another folder");
                }
                old = Files.createTempDirectory(parent, "." + folder.getFileName() + ".old.");
                Files.delete(old);
                move(folder, old);
            }
            move(temp, folder);
            temp = null;
            if (old != null) {
                deleteTree(old);
            }
        } finally {
            if (temp != null) {
                deleteTree(temp);
            }
        }
    }

    private static void writeInto(PreparedAvatar avatar, Path dir, String source) throws IOException {
        Path frames = Files.createDirectories(dir.resolve("frames"));
        Path masks = Files.createDirectories(dir.resolve("masks"));
        int n = avatar.frameCount();
        for (int i = 0; i < n; i++) {
            writePng(bgrImage(avatar.frame(i), avatar.width(), avatar.height()), frames.resolve(name(i)));
            int side = avatar.region(i).cropSize();
            writePng(greyImage(avatar.mask(i), side), masks.resolve(name(i)));
        }
        ByteBuffer latents = ByteBuffer.allocate(n * FaceGenerator.LATENT_FLOATS * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            latents.asFloatBuffer().position(i * FaceGenerator.LATENT_FLOATS).put(avatar.latent(i));
        }
        try (FileChannel out = FileChannel.open(dir.resolve("latents.f32"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            while (latents.hasRemaining()) {
                out.write(latents);
            }
        }
        try (OutputStream out = Files.newOutputStream(dir.resolve(DESCRIPTION));
             JsonGenerator json = JSON.createGenerator(out)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("format", FORMAT);
            json.writeNumberField("formatVersion", FORMAT_VERSION);
            json.writeStringField("id", avatar.id());
            json.writeStringField("version", avatar.version() == MuseTalkVersion.V1_0 ? "v1.0" : "v1.5");
            json.writeNumberField("width", avatar.width());
            json.writeNumberField("height", avatar.height());
            json.writeNumberField("fps", avatar.fps());
            json.writeNumberField("frames", n);
            json.writeStringField("source", source);
            json.writeArrayFieldStart("regions");
            for (int i = 0; i < n; i++) {
                FaceRegion r = avatar.region(i);
                json.writeArray(new int[] {r.x1(), r.y1(), r.x2(), r.y2(), r.cropX1(), r.cropY1(), r.cropX2(),
                        r.cropY2()}, 0, 8);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    /**
     * Reads the avatar in {@code folder}.
     *
     * @throws ConfigurationException naming the folder and the file when something is missing or malformed
     */
    public static PreparedAvatar read(Path folder) {
        Path description = folder.resolve(DESCRIPTION);
        if (!Files.isRegularFile(description)) {
            throw error(folder + " is not a prepared MuseTalk avatar (no " + DESCRIPTION + "); make one with "
                    + "'prepare-avatar <video>'");
        }
        Header header = readHeader(description);
        int n = header.frames;
        List<byte[]> frames = new ArrayList<>(n);
        List<byte[]> masks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Path framePath = folder.resolve("frames").resolve(name(i));
            frames.add(readBgr(framePath, header.width, header.height));
            int side = header.regions.get(i).cropSize();
            masks.add(readGrey(folder.resolve("masks").resolve(name(i)), side));
        }
        List<float[]> latents = readLatents(folder.resolve("latents.f32"), n);
        try {
            return new PreparedAvatar(header.id, header.version, header.width, header.height, header.fps, frames,
                    header.regions, masks, latents);
        } catch (IllegalArgumentException e) {
            throw error("avatar " + folder + " is inconsistent: " + e.getMessage());
        }
    }

    private record Header(String id, MuseTalkVersion version, int width, int height, int fps, int frames,
                          List<FaceRegion> regions) {
    }

    private static Header readHeader(Path file) {
        String format = null;
        Integer formatVersion = null;
        String id = null;
        MuseTalkVersion version = null;
        int width = 0;
        int height = 0;
        int fps = 0;
        int frames = -1;
        List<FaceRegion> regions = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file); JsonParser json = JSON.createParser(in)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw error(file + " is not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                json.nextToken();
                switch (field) {
                    case "format" -> format = json.getValueAsString();
                    case "formatVersion" -> formatVersion = json.getValueAsInt(-1);
                    case "id" -> id = json.getValueAsString();
                    case "version" -> version = MuseTalkVersion.parse(String.valueOf(json.getValueAsString()));
                    case "width" -> width = json.getValueAsInt(0);
                    case "height" -> height = json.getValueAsInt(0);
                    case "fps" -> fps = json.getValueAsInt(0);
                    case "frames" -> frames = json.getValueAsInt(-1);
                    case "regions" -> readRegions(json, file, regions);
                    default -> json.skipChildren();
                }
            }
        } catch (IOException e) {
            throw error(file + " is not valid JSON: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw error(file + ": " + e.getMessage());
        }
        if (!FORMAT.equals(format)) {
            throw error(file + " is not a MuseTalk avatar description (format '" + format + "')");
        }
        if (formatVersion == null || formatVersion != FORMAT_VERSION) {
            throw error(file + " has format version " + formatVersion + "; this library reads version "
                    + FORMAT_VERSION + ": prepare the avatar again");
        }
        if (id == null || version == null || width < 1 || height < 1 || fps < 1 || frames < 1) {
            throw error(file + " lacks one of id, version, width, height, fps, frames");
        }
        if (regions.size() != frames) {
            throw error(file + " lists " + regions.size() + " regions for " + frames + " frames");
        }
        return new Header(id, version, width, height, fps, frames, regions);
    }

    private static void readRegions(JsonParser json, Path file, List<FaceRegion> regions) throws IOException {
        if (json.currentToken() != JsonToken.START_ARRAY) {
            throw error(file + ": 'regions' must be an array");
        }
        while (json.nextToken() == JsonToken.START_ARRAY) {
            int[] v = new int[8];
            int count = 0;
            while (json.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                if (count == 8) {
                    throw error(file + ": region " + regions.size() + " has more than 8 numbers");
                }
                v[count++] = json.getIntValue();
            }
            if (count != 8 || json.currentToken() != JsonToken.END_ARRAY) {
                throw error(file + ": region " + regions.size() + " must be 8 whole numbers");
            }
            regions.add(new FaceRegion(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]));
        }
    }

    private static List<float[]> readLatents(Path file, int n) {
        long expected = (long) n * FaceGenerator.LATENT_FLOATS * 4;
        try {
            if (!Files.isRegularFile(file)) {
                throw error("missing " + file);
            }
            long size = Files.size(file);
            if (size != expected) {
                throw error(file + " has " + size + " bytes, expected " + expected + " for " + n + " frames");
            }
            var floats = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            List<float[]> latents = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                float[] latent = new float[FaceGenerator.LATENT_FLOATS];
                floats.get(latent);
                latents.add(latent);
            }
            return latents;
        } catch (IOException e) {
            throw error("cannot read " + file + ": " + e.getMessage());
        }
    }

    static String name(int i) {
        return String.format("%06d.png", i);
    }

    static BufferedImage bgrImage(byte[] bgr, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        // TYPE_3BYTE_BGR stores each pixel as B, G, R: the frame's own layout.
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(bgr, 0, data, 0, data.length);
        return image;
    }

    private static BufferedImage greyImage(byte[] grey, int side) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(grey, 0, data, 0, data.length);
        return image;
    }

    private static void writePng(BufferedImage image, Path file) throws IOException {
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer in this JVM");
        }
    }

    /** Reads an image file as BGR24 bytes, checking its size when {@code width} is positive. */
    static byte[] readBgr(Path file, int width, int height) {
        BufferedImage image = readImage(file);
        if (width > 0 && (image.getWidth() != width || image.getHeight() != height)) {
            throw error(file + " is " + image.getWidth() + "x" + image.getHeight() + ", expected " + width + "x"
                    + height);
        }
        return toBgr(image);
    }

    /** The pixels of {@code image} as BGR24 bytes. */
    public static byte[] toBgr(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            return ((DataBufferByte) image.getRaster().getDataBuffer()).getData().clone();
        }
        byte[] bgr = new byte[w * h * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0, o = y * w * 3; x < w; x++, o += 3) {
                int p = row[x];
                bgr[o] = (byte) p;
                bgr[o + 1] = (byte) (p >> 8);
                bgr[o + 2] = (byte) (p >> 16);
            }
        }
        return bgr;
    }

    private static byte[] readGrey(Path file, int side) {
        BufferedImage image = readImage(file);
        if (image.getWidth() != side || image.getHeight() != side) {
            throw error(file + " is " + image.getWidth() + "x" + image.getHeight() + ", expected " + side + "x"
                    + side);
        }
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            return ((DataBufferByte) image.getRaster().getDataBuffer()).getData().clone();
        }
        byte[] grey = new byte[side * side];
        var raster = image.getRaster();
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                grey[y * side + x] = (byte) raster.getSample(x, y, 0);
            }
        }
        return grey;
    }

    private static BufferedImage readImage(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw error("missing " + file);
            }
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw error(file + " is not an image this JVM can read");
            }
            return image;
        } catch (IOException e) {
            throw error("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    private static ConfigurationException error(String message) {
        return new ConfigurationException(Stage.THG, PROVIDER, message);
    }
}
