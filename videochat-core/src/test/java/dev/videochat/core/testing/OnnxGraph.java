package dev.videochat.core.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds a small ONNX model (IR version 8, default opset 17) straight into protobuf bytes, with no dependency:
 * typed inputs and outputs (fixed or named dimensions), float and int64 initializers, and nodes with int, ints and
 * float attributes. Enough for the stand-in models of the tests and benchmarks.
 */
public final class OnnxGraph {

    /** ONNX element type FLOAT. */
    public static final int FLOAT = 1;
    /** ONNX element type UINT8. */
    public static final int UINT8 = 2;
    /** ONNX element type INT64. */
    public static final int INT64 = 7;
    /** ONNX element type FLOAT16. */
    public static final int FLOAT16 = 10;

    private final ProtoWriter graph = new ProtoWriter();

    /** Starts a graph called {@code name}. */
    public OnnxGraph(String name) {
        graph.string(2, name);
    }

    /** Declares an input; each dimension is a {@code Long}/{@code Integer} size or a {@code String} symbol. */
    public OnnxGraph input(String name, int elemType, Object... dims) {
        graph.message(11, valueInfo(name, elemType, dims));
        return this;
    }

    /** Declares an output; dimensions as in {@link #input}. */
    public OnnxGraph output(String name, int elemType, Object... dims) {
        graph.message(12, valueInfo(name, elemType, dims));
        return this;
    }

    /** A float32 initializer. */
    public OnnxGraph floats(String name, long[] dims, float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        graph.message(5, tensor(name, FLOAT, dims, b.array()));
        return this;
    }

    /** An int64 initializer. */
    public OnnxGraph longs(String name, long[] dims, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        graph.message(5, tensor(name, INT64, dims, b.array()));
        return this;
    }

    /**
     * An initializer whose values lie in a separate file ({@code location}, relative to the model file) from byte
     * {@code offset} for {@code length} bytes, little-endian, as ONNX external data: how models past protobuf's
     * 2 GB limit are stored, and how large weights are written without holding them in memory.
     */
    public OnnxGraph external(String name, int dataType, long[] dims, String location, long offset, long length) {
        ProtoWriter t = new ProtoWriter();
        for (long d : dims) {
            t.int64(1, d);
        }
        t.int64(2, dataType).string(8, name);
        t.message(13, new ProtoWriter().string(1, "location").string(2, location));
        t.message(13, new ProtoWriter().string(1, "offset").string(2, Long.toString(offset)));
        t.message(13, new ProtoWriter().string(1, "length").string(2, Long.toString(length)));
        t.int64(14, 1);
        graph.message(5, t);
        return this;
    }

    /** An initializer of element type {@code dataType} from its little-endian bytes. */
    public OnnxGraph raw(String name, int dataType, long[] dims, byte[] littleEndian) {
        graph.message(5, tensor(name, dataType, dims, littleEndian));
        return this;
    }

    /** A node; {@code attributes} come from {@link #ints}, {@link #i} and {@link #f}. */
    public OnnxGraph node(String opType, String[] inputs, String[] outputs, Attribute... attributes) {
        ProtoWriter n = new ProtoWriter();
        for (String in : inputs) {
            n.string(1, in);
        }
        for (String out : outputs) {
            n.string(2, out);
        }
        n.string(3, outputs[0] + "_" + opType);
        n.string(4, opType);
        for (Attribute a : attributes) {
            n.message(5, a.proto);
        }
        graph.message(1, n);
        return this;
    }

    /** The model's bytes. */
    public byte[] toBytes() {
        ProtoWriter model = new ProtoWriter()
                .int64(1, 8)
                .string(2, "videochat-tiny-models")
                .message(7, graph)
                .message(8, new ProtoWriter().string(1, "").int64(2, 17));
        return model.toByteArray();
    }

    /** Writes the model to {@code file}. */
    public Path write(Path file) throws IOException {
        return Files.write(file, toBytes());
    }

    /** An INTS attribute. */
    public static Attribute ints(String name, long... values) {
        ProtoWriter a = new ProtoWriter().string(1, name);
        for (long v : values) {
            a.int64(8, v);
        }
        return new Attribute(a.int64(20, 7));
    }

    /** An INT attribute. */
    public static Attribute i(String name, long value) {
        return new Attribute(new ProtoWriter().string(1, name).int64(3, value).int64(20, 2));
    }

    /** A FLOAT attribute. */
    public static Attribute f(String name, float value) {
        return new Attribute(new ProtoWriter().string(1, name).float32(2, value).int64(20, 1));
    }

    /** One node attribute. */
    public static final class Attribute {
        private final ProtoWriter proto;

        private Attribute(ProtoWriter proto) {
            this.proto = proto;
        }
    }

    private static ProtoWriter valueInfo(String name, int elemType, Object... dims) {
        ProtoWriter shape = new ProtoWriter();
        for (Object d : dims) {
            ProtoWriter dim = new ProtoWriter();
            if (d instanceof String symbol) {
                dim.string(2, symbol);
            } else {
                dim.int64(1, ((Number) d).longValue());
            }
            shape.message(1, dim);
        }
        ProtoWriter tensorType = new ProtoWriter().int64(1, elemType).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
    }

    private static ProtoWriter tensor(String name, int dataType, long[] dims, byte[] raw) {
        ProtoWriter t = new ProtoWriter();
        for (long d : dims) {
            t.int64(1, d);
        }
        return t.int64(2, dataType).string(8, name).bytes(9, raw);
    }
}
