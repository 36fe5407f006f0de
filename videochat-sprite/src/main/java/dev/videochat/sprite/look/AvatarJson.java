package dev.videochat.sprite.look;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.videochat.api.ConfigurationException;
import dev.videochat.api.Stage;

import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One JSON object of an avatar file, with typed getters whose errors name the file, the key and what is wrong.
 * Parsed with Jackson's streaming parser into plain maps and lists: avatar files are a few hundred bytes.
 */
final class AvatarJson {

    static final String PROVIDER = "sprite";
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final String file;
    private final String path;
    private final Map<String, Object> values;

    private AvatarJson(String file, String path, Map<String, Object> values) {
        this.file = file;
        this.path = path;
        this.values = values;
    }

    /** Parses a whole avatar file; {@code file} names it in messages. */
    static AvatarJson parse(InputStream in, String file) {
        try (JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ConfigurationException(Stage.THG, PROVIDER,
                        "avatar file " + file + " must hold a JSON object ({ ... })");
            }
            Map<String, Object> root = readObject(p);
            if (p.nextToken() != null) {
                throw new ConfigurationException(Stage.THG, PROVIDER, "avatar file " + file
                        + " has text after its closing '}' at " + where(p.currentLocation()));
            }
            return new AvatarJson(file, "", root);
        } catch (JsonParseException e) {
            throw new ConfigurationException(Stage.THG, PROVIDER, "avatar file " + file + " is not valid JSON: "
                    + e.getOriginalMessage() + " at " + where(e.getLocation()), e);
        } catch (IOException e) {
            throw new ConfigurationException(Stage.THG, PROVIDER, "cannot read avatar file " + file + ": " + e, e);
        }
    }

    private static String where(JsonLocation at) {
        return at == null ? "?" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    private static Map<String, Object> readObject(JsonParser p) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            map.put(key, readValue(p));
        }
        return map;
    }

    private static Object readValue(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT:
                return readObject(p);
            case START_ARRAY:
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readValue(p));
                }
                return list;
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
            case VALUE_FALSE:
                return p.getBooleanValue();
            default:
                return null;
        }
    }

    /** The file these values came from, as named in messages. */
    String file() {
        return file;
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    Set<String> keys() {
        return values.keySet();
    }

    /** Fails on any key not in {@code known}, listing those that are. */
    void allowOnly(Set<String> known) {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw error("unknown key '" + name(key) + "'; known keys here: " + String.join(", ",
                        known.stream().sorted().toList()));
            }
        }
    }

    Optional<String> string(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s) || s.isBlank()) {
            throw error("'" + name(key) + "' must be a non-empty string, got " + v);
        }
        return Optional.of(s);
    }

    String requireString(String key, String hint) {
        return string(key).orElseThrow(() -> error("missing '" + name(key) + "': " + hint));
    }

    double number(String key, double fallback, double min, double max) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Double d) || !(d >= min && d <= max)) {
            throw error("'" + name(key) + "' must be a number from " + fmt(min) + " to " + fmt(max) + ", got " + v);
        }
        return d;
    }

    int integer(String key, int fallback, int min, int max) {
        double d = number(key, fallback, min, max);
        if (d != Math.rint(d)) {
            throw error("'" + name(key) + "' must be a whole number, got " + fmt(d));
        }
        return (int) d;
    }

    Color color(String key, Color fallback) {
        Optional<String> s = string(key);
        if (s.isEmpty()) {
            return fallback;
        }
        String hex = s.get();
        if (!hex.matches("#[0-9a-fA-F]{6}")) {
            throw error("'" + name(key) + "' must be a colour written #rrggbb, got '" + hex + "'");
        }
        return new Color(Integer.parseInt(hex.substring(1), 16));
    }

    /** A box {@code [x, y, width, height]} in pixels, with positive width and height. */
    int[] box(String key) {
        Object v = values.get(key);
        String rule = "'" + name(key) + "' must be [x, y, width, height] in whole pixels with width and height > 0";
        if (!(v instanceof List<?> list) || list.size() != 4) {
            throw error(v == null ? "missing " + rule : rule + ", got " + v);
        }
        int[] box = new int[4];
        for (int i = 0; i < 4; i++) {
            if (!(list.get(i) instanceof Double d) || d != Math.rint(d) || Math.abs(d) > 100_000) {
                throw error(rule + ", got " + v);
            }
            box[i] = (int) (double) d;
        }
        if (box[2] <= 0 || box[3] <= 0) {
            throw error(rule + ", got " + v);
        }
        return box;
    }

    Optional<AvatarJson> object(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Map<?, ?>)) {
            throw error("'" + name(key) + "' must be an object ({ ... }), got " + v);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) v;
        return Optional.of(new AvatarJson(file, name(key) + ".", map));
    }

    /** An empty object standing for the absent {@code key}, so defaults apply. */
    AvatarJson empty(String key) {
        return new AvatarJson(file, name(key) + ".", Map.of());
    }

    /** An error about this file, naming it. */
    ConfigurationException error(String message) {
        return new ConfigurationException(Stage.THG, PROVIDER, "avatar file " + file + ": " + message);
    }

    /** The dotted name of {@code key} within the file, for messages. */
    String name(String key) {
        return path + key;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
