package dev.videochat.musetalk.kserve.triton;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The inputs and outputs of an ONNX file (names, element types, dimensions) and the external weight files it
 * names, read by streaming through the file's protobuf: weights are skipped, never loaded, so a 2 GB model costs
 * a read of the file and no memory. Field numbers are those of {@code onnx.proto} (ModelProto.graph = 7,
 * GraphProto.initializer = 5, input = 11, output = 12, ...).
 *
 * @param inputs        the graph's inputs that are not initializers, in file order
 * @param outputs       the graph's outputs, in file order
 * @param externalFiles the files beside the model that hold its external weights ({@code location} entries)
 */
record OnnxSignature(List<Tensor> inputs, List<Tensor> outputs, Set<String> externalFiles) {

    /** ONNX element types (TensorProto.DataType) this reader names. */
    static final int FLOAT = 1;
    static final int UINT8 = 2;
    static final int INT8 = 3;
    static final int INT32 = 6;
    static final int INT64 = 7;
    static final int BOOL = 9;
    static final int FLOAT16 = 10;
    static final int DOUBLE = 11;

    /**
     * One tensor of the graph's signature.
     *
     * @param name     its name
     * @param elemType its ONNX element type ({@link #FLOAT}, {@link #INT64}, ...)
     * @param dims     its dimensions, -1 for a symbolic or unknown one
     */
    record Tensor(String name, int elemType, long[] dims) {

        /** Whether the first dimension is dynamic (a batch Triton may fill). */
        boolean leadingDynamic() {
            return dims.length > 0 && dims[0] < 0;
        }
    }

    /** Reads {@code file}'s signature. */
    static OnnxSignature read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            CodedInputStream model = CodedInputStream.newInstance(in, 1 << 16);
            model.setSizeLimit(Integer.MAX_VALUE);
            List<Tensor> inputs = new ArrayList<>();
            List<Tensor> outputs = new ArrayList<>();
            Set<String> initializers = new HashSet<>();
            Set<String> external = new LinkedHashSet<>();
            boolean sawGraph = false;
            for (int tag = model.readTag(); tag != 0; tag = model.readTag()) {
                if (tag == lengthDelimited(7)) {
                    sawGraph = true;
                    int limit = model.pushLimit(model.readRawVarint32());
                    readGraph(model, inputs, outputs, initializers, external);
                    model.popLimit(limit);
                } else {
                    model.skipField(tag);
                }
            }
            if (!sawGraph) {
                throw new IOException(file + " is not an ONNX model (it has no graph)");
            }
            inputs.removeIf(t -> initializers.contains(t.name()));
            return new OnnxSignature(List.copyOf(inputs), List.copyOf(outputs), Set.copyOf(external));
        }
    }

    private static int lengthDelimited(int field) {
        return field << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    }

    private static int varint(int field) {
        return field << 3 | WireFormat.WIRETYPE_VARINT;
    }

    private static void readGraph(CodedInputStream in, List<Tensor> inputs, List<Tensor> outputs,
                                  Set<String> initializers, Set<String> external) throws IOException {
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == lengthDelimited(11) || tag == lengthDelimited(12)) {
                int limit = in.pushLimit(in.readRawVarint32());
                Tensor t = readValueInfo(in);
                in.popLimit(limit);
                (tag == lengthDelimited(11) ? inputs : outputs).add(t);
            } else if (tag == lengthDelimited(5)) {
                int limit = in.pushLimit(in.readRawVarint32());
                readInitializer(in, initializers, external);
                in.popLimit(limit);
            } else {
                in.skipField(tag);
            }
        }
    }

    /** TensorProto: name = 8, external_data = 13 (StringStringEntryProto key = 1, value = 2). */
    private static void readInitializer(CodedInputStream in, Set<String> names, Set<String> external)
            throws IOException {
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == lengthDelimited(8)) {
                names.add(in.readString());
            } else if (tag == lengthDelimited(13)) {
                int limit = in.pushLimit(in.readRawVarint32());
                String key = null;
                String value = null;
                for (int t = in.readTag(); t != 0; t = in.readTag()) {
                    if (t == lengthDelimited(1)) {
                        key = in.readString();
                    } else if (t == lengthDelimited(2)) {
                        value = in.readString();
                    } else {
                        in.skipField(t);
                    }
                }
                in.popLimit(limit);
                if ("location".equals(key) && value != null) {
                    external.add(value);
                }
            } else {
                in.skipField(tag);
            }
        }
    }

    /** ValueInfoProto: name = 1, type = 2 (TypeProto.tensor_type = 1: elem_type = 1, shape = 2). */
    private static Tensor readValueInfo(CodedInputStream in) throws IOException {
        String name = "";
        int elemType = 0;
        List<Long> dims = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == lengthDelimited(1)) {
                name = in.readString();
            } else if (tag == lengthDelimited(2)) {
                int typeLimit = in.pushLimit(in.readRawVarint32());
                for (int t = in.readTag(); t != 0; t = in.readTag()) {
                    if (t == lengthDelimited(1)) {
                        int tensorLimit = in.pushLimit(in.readRawVarint32());
                        elemType = readTensorType(in, dims);
                        in.popLimit(tensorLimit);
                    } else {
                        in.skipField(t);
                    }
                }
                in.popLimit(typeLimit);
            } else {
                in.skipField(tag);
            }
        }
        return new Tensor(name, elemType, dims.stream().mapToLong(Long::longValue).toArray());
    }

    /** TypeProto.Tensor: elem_type = 1, shape = 2 (TensorShapeProto.dim = 1: dim_value = 1, dim_param = 2). */
    private static int readTensorType(CodedInputStream in, List<Long> dims) throws IOException {
        int elemType = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == varint(1)) {
                elemType = in.readInt32();
            } else if (tag == lengthDelimited(2)) {
                int shapeLimit = in.pushLimit(in.readRawVarint32());
                for (int t = in.readTag(); t != 0; t = in.readTag()) {
                    if (t == lengthDelimited(1)) {
                        int dimLimit = in.pushLimit(in.readRawVarint32());
                        long value = -1;
                        for (int d = in.readTag(); d != 0; d = in.readTag()) {
                            if (d == varint(1)) {
                                value = in.readInt64();
                            } else {
                                in.skipField(d);
                            }
                        }
                        in.popLimit(dimLimit);
                        dims.add(value > 0 ? value : -1);
                    } else {
                        in.skipField(t);
                    }
                }
                in.popLimit(shapeLimit);
            } else {
                in.skipField(tag);
            }
        }
        return elemType;
    }
}
