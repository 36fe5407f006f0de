package dev.videochat.musetalk.kserve.triton;

import com.google.protobuf.CodedOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * A Whisper encoder that answers only the feature rows a request asks for. The exported encoder returns all 1,500
 * rows of a 30 s window (11.52 MB) and a streaming batch uses a few dozen, which over a network is most of a
 * session's traffic. This writes a copy of the ONNX file with two more inputs, {@value #FIRST_ROW} and
 * {@value #END_ROW} (INT64 {@code [1]}), and one more output, the states output's name plus {@value #SUFFIX}
 * ({@code [1, rows, 5, 384]}): a {@code Slice} of the states along the row axis. A client asks for that output
 * alone; the server still runs the whole encoder.
 *
 * <p>The file is the original, byte for byte, followed by a second {@code ModelProto.graph} field holding the
 * additions: protobuf merges a repeated occurrence of a message field into the first, so every reader (ONNX
 * Runtime, Triton, {@code onnx.load}) sees one graph with the new node, initializer, inputs and output appended to
 * the existing ones, and the weights (inline or in external files) are untouched. The existing {@code states}
 * output stays, so a client that does not know the row inputs still finds the output it checks for, but it has
 * to send them: a served model with row inputs requires them.
 */
public final class WhisperRows {

    /** The first feature row wanted (INT64 {@code [1]}). */
    public static final String FIRST_ROW = "first_row";
    /** One past the last feature row wanted (INT64 {@code [1]}). */
    public static final String END_ROW = "end_row";
    /** Appended to the states output's name for the output that holds only the rows asked for. */
    public static final String SUFFIX = "_rows";

    private static final String AXIS = "videochat_rows_axis";
    private static final int FLOAT = 1;
    private static final int INT64 = 7;

    private WhisperRows() {
    }

    /** The name of the rows output for a states output named {@code states}. */
    public static String rowsOutput(String states) {
        return states + SUFFIX;
    }

    /**
     * Writes {@code source} with the row inputs and the rows output to {@code target} (replaced if there).
     *
     * @param states the name of the states output in {@code source} ({@code [1, 1500, 5, 384]})
     */
    public static void write(Path source, Path target, String states) throws IOException {
        Objects.requireNonNull(states, "states");
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.APPEND)) {
            out.write(additions(states));
        }
    }

    /** The second {@code ModelProto.graph} field (7): the slice node, its axis, the two inputs and the output. */
    static byte[] additions(String states) throws IOException {
        byte[] graph = message(g -> {
            // GraphProto.node = 1: NodeProto input = 1, output = 2, name = 3, op_type = 4.
            g.writeByteArray(1, message(n -> {
                n.writeString(1, states);
                n.writeString(1, FIRST_ROW);
                n.writeString(1, END_ROW);
                n.writeString(1, AXIS);
                n.writeString(2, rowsOutput(states));
                n.writeString(3, "videochat_rows_slice");
                n.writeString(4, "Slice");
            }));
            // GraphProto.initializer = 5: TensorProto dims = 1, data_type = 2, int64_data = 7, name = 8.
            g.writeByteArray(5, message(t -> {
                t.writeInt64(1, 1);
                t.writeInt32(2, INT64);
                t.writeInt64(7, 1); // axis 1: the rows of [1, 1500, 5, 384]
                t.writeString(8, AXIS);
            }));
            // GraphProto.input = 11, output = 12: ValueInfoProto.
            g.writeByteArray(11, valueInfo(FIRST_ROW, INT64, 1));
            g.writeByteArray(11, valueInfo(END_ROW, INT64, 1));
            g.writeByteArray(12, valueInfo(rowsOutput(states), FLOAT, 1, -1, 5, 384));
        });
        return message(m -> m.writeByteArray(7, graph));
    }

    /**
     * ValueInfoProto name = 1, type = 2; TypeProto.tensor_type = 1; TypeProto.Tensor elem_type = 1, shape = 2;
     * TensorShapeProto.dim = 1; Dimension dim_value = 1, dim_param = 2 (for {@code -1}: "rows").
     */
    private static byte[] valueInfo(String name, int elementType, long... dims) throws IOException {
        byte[] shape = message(s -> {
            for (long d : dims) {
                s.writeByteArray(1, message(dim -> {
                    if (d < 0) {
                        dim.writeString(2, "rows");
                    } else {
                        dim.writeInt64(1, d);
                    }
                }));
            }
        });
        byte[] tensor = message(t -> {
            t.writeInt32(1, elementType);
            t.writeByteArray(2, shape);
        });
        return message(v -> {
            v.writeString(1, name);
            v.writeByteArray(2, message(type -> type.writeByteArray(1, tensor)));
        });
    }

    private interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Fields fields) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        fields.write(out);
        out.flush();
        return bytes.toByteArray();
    }
}
