package dev.videochat.musetalk.kserve;

import com.google.protobuf.ByteString;
import dev.videochat.api.ModelException;
import dev.videochat.api.Stage;
import dev.videochat.musetalk.kserve.protocol.ModelInferRequest;
import dev.videochat.musetalk.kserve.protocol.ModelInferResponse;
import dev.videochat.musetalk.kserve.protocol.ModelMetadataResponse;
import dev.videochat.musetalk.runtime.TensorContract;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One model on the server, checked against its MuseTalk {@link TensorContract} from the server's metadata, and
 * what a request to it looks like: the inputs in the contract's order with the shapes the server declares (its
 * {@code -1} dimensions set to the batch), raw little-endian contents, and the outputs it should return.
 *
 * <p>A server that batches every tensor of a model (Triton with {@code max_batch_size > 0}) declares a tensor that
 * has no batch dimension in the contract (the UNet's {@code timestep [1]}) with one put in front ({@code [-1, 1]});
 * that is accepted, and the tensor is then sent once per frame.
 */
final class RemoteModel {

    private final String name;
    private final String where;
    private final TensorContract contract;
    private final Map<String, ModelMetadataResponse.TensorMetadata> inputMetadata;
    private final Map<String, ModelMetadataResponse.TensorMetadata> outputMetadata;
    private final OptionalInt fixedBatch;

    private RemoteModel(String name, String where, TensorContract contract, ModelMetadataResponse metadata,
                        OptionalInt fixedBatch) {
        this.name = name;
        this.where = where;
        this.contract = contract;
        this.inputMetadata = new LinkedHashMap<>();
        metadata.getInputsList().forEach(t -> inputMetadata.put(t.getName(), t));
        this.outputMetadata = new LinkedHashMap<>();
        metadata.getOutputsList().forEach(t -> outputMetadata.put(t.getName(), t));
        this.fixedBatch = fixedBatch;
    }

    /**
     * Reads model {@code name}'s metadata and checks it.
     *
     * @throws ModelException naming the model, the tensor and the shape or type that does not fit
     */
    static RemoteModel check(KServeClient client, String name, TensorContract contract) {
        String where = "model '" + name + "' on " + client.url();
        ModelMetadataResponse metadata = client.metadata(name);
        Map<String, TensorContract.Declared> inputs = new LinkedHashMap<>();
        for (ModelMetadataResponse.TensorMetadata t : metadata.getInputsList()) {
            inputs.put(t.getName(), declared(t.getDatatype(), serverBatchedRemoved(contract, t.getName(), shape(t))));
        }
        Map<String, TensorContract.Declared> outputs = new LinkedHashMap<>();
        for (ModelMetadataResponse.TensorMetadata t : metadata.getOutputsList()) {
            outputs.put(t.getName(), declared(t.getDatatype(), shape(t)));
        }
        OptionalInt batch = contract.check(where, inputs, outputs);
        return new RemoteModel(name, where, contract, metadata, batch);
    }

    private static long[] shape(ModelMetadataResponse.TensorMetadata t) {
        return t.getShapeList().stream().mapToLong(Long::longValue).toArray();
    }

    /** For a contract tensor without a batch dimension, drops the {@code -1} a batching server put in front. */
    private static long[] serverBatchedRemoved(TensorContract contract, String name, long[] shape) {
        for (TensorContract.Tensor t : contract.inputs()) {
            if (t.name().equals(name) && !t.batched() && shape.length == t.shape().length + 1
                    && shape[0] == TensorContract.DYNAMIC) {
                return Arrays.copyOfRange(shape, 1, shape.length);
            }
        }
        return shape;
    }

    private static TensorContract.Declared declared(String datatype, long[] shape) {
        TensorContract.ElementType type = switch (datatype) {
            case "FP32" -> TensorContract.ElementType.FLOAT32;
            case "INT64" -> TensorContract.ElementType.INT64;
            case "UINT8" -> TensorContract.ElementType.UINT8;
            default -> null;
        };
        return new TensorContract.Declared(type, datatype, shape);
    }

    /** The model's name on the server. */
    String name() {
        return name;
    }

    /** The server's declaration of input {@code name} (beyond the contract's), if it has one. */
    Optional<ModelMetadataResponse.TensorMetadata> declaredInput(String name) {
        return Optional.ofNullable(inputMetadata.get(name));
    }

    /** The server's declaration of output {@code name} (beyond the contract's), if it has one. */
    Optional<ModelMetadataResponse.TensorMetadata> declaredOutput(String name) {
        return Optional.ofNullable(outputMetadata.get(name));
    }

    /** The name on the server of the contract's output {@code key}. */
    String outputName(String key) {
        return contract.output(key).name();
    }

    /** Where the model is, for messages: {@code model '<name>' on <url>}. */
    String where() {
        return where;
    }

    /** The batch size the server fixes for this model, if any. */
    OptionalInt fixedBatch() {
        return fixedBatch;
    }

    /**
     * The request's tensor descriptions for a batch of {@code batch}: inputs in the contract's order, every output
     * of the contract requested.
     */
    ModelInferRequest.Builder requestTemplate(int batch) {
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName(name);
        for (TensorContract.Tensor t : contract.inputs()) {
            ModelInferRequest.InferInputTensor.Builder input = ModelInferRequest.InferInputTensor.newBuilder()
                    .setName(t.name()).setDatatype(datatype(t.type()));
            for (long d : sendShape(t, batch)) {
                input.addShape(d);
            }
            request.addInputs(input);
        }
        for (TensorContract.Tensor t : contract.outputs()) {
            request.addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(t.name()));
        }
        return request;
    }

    /** The shape input {@code t} is sent with: the server's, with each {@code -1} set to the batch. */
    long[] sendShape(TensorContract.Tensor t, int batch) {
        long[] shape = shape(inputMetadata.get(t.name()));
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                shape[i] = t.batched() || i == 0 ? batch : t.shape()[i];
            }
        }
        return shape;
    }

    /** A zero-filled raw content for input {@code key} (the UNet's {@code timestep}, always 0). */
    ByteString zeros(String key, int batch) {
        TensorContract.Tensor t = contract.input(key);
        long elements = Arrays.stream(sendShape(t, batch)).reduce(1, (a, b) -> a * b);
        return ByteString.copyFrom(new byte[Math.toIntExact(elements * bytesPerElement(t.type()))]);
    }

    /** The contract's input whose default name is {@code key}. */
    TensorContract.Tensor input(String key) {
        return contract.input(key);
    }

    /** The contract's inputs in request order. */
    List<TensorContract.Tensor> inputs() {
        return contract.inputs();
    }

    /**
     * Copies output {@code key} of {@code response} into {@code target} (from index 0, exactly its capacity).
     *
     * @throws ModelException when the reply lacks the output or its size is not the contract's
     */
    void copyOutput(ModelInferResponse response, String key, ByteBuffer target) {
        copyNamedOutput(response, contract.output(key).name(), target);
    }

    /**
     * Copies output {@code output} (its name on the server) of {@code response} into {@code target} (from index 0,
     * exactly its capacity).
     *
     * @throws ModelException when the reply lacks the output or its size is not {@code target}'s
     */
    void copyNamedOutput(ModelInferResponse response, String output, ByteBuffer target) {
        for (int i = 0; i < response.getOutputsCount(); i++) {
            if (response.getOutputs(i).getName().equals(output)) {
                if (i >= response.getRawOutputContentsCount()) {
                    throw new ModelException(Stage.THG, "musetalk", where + " answered output '" + output
                            + "' without raw contents; the client reads raw_output_contents only");
                }
                ByteString raw = response.getRawOutputContents(i);
                if (raw.size() != target.capacity()) {
                    throw new ModelException(Stage.THG, "musetalk", where + " answered output '" + output + "' with "
                            + raw.size() + " bytes (shape " + response.getOutputs(i).getShapeList() + "), expected "
                            + target.capacity());
                }
                raw.copyTo(target.duplicate().clear());
                return;
            }
        }
        throw new ModelException(Stage.THG, "musetalk", where + " answered without output '" + output + "'");
    }

    private static String datatype(TensorContract.ElementType type) {
        return switch (type) {
            case FLOAT32 -> "FP32";
            case INT64 -> "INT64";
            case UINT8 -> "UINT8";
        };
    }

    private static int bytesPerElement(TensorContract.ElementType type) {
        return switch (type) {
            case FLOAT32 -> 4;
            case INT64 -> 8;
            case UINT8 -> 1;
        };
    }

    @Override
    public String toString() {
        return where;
    }
}
