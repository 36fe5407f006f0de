package dev.videochat.musetalk.kserve;

import com.google.protobuf.ByteString;
import dev.videochat.api.ModelException;
import dev.videochat.api.Stage;
import dev.videochat.musetalk.audio.AudioPrompts;
import dev.videochat.musetalk.kserve.protocol.ModelInferRequest;
import dev.videochat.musetalk.kserve.protocol.ModelMetadataResponse;
import dev.videochat.musetalk.kserve.triton.WhisperRows;
import dev.videochat.musetalk.runtime.WhisperEncoder;
import dev.videochat.musetalk.runtime.WhisperModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Optional;

/**
 * The Whisper encoder on the server: 960,000 bytes of log-mel go per 30 s window. What comes back depends on the
 * served model. One written by {@code videochat triton-repo} has row inputs ({@link WhisperRows}): a streaming batch
 * then receives only the feature rows it uses (a few dozen of 7,680 bytes each). A plain export has not, and every
 * run returns all 1,500 rows, 11,520,000 bytes; that is logged once at start, with the way out. A run is cancelled
 * when the waiting thread is interrupted.
 */
final class KServeWhisperModel implements WhisperModel {

    private static final Logger LOG = LoggerFactory.getLogger(KServeWhisperModel.class);
    private static final int ROW_BYTES = 4 * AudioPrompts.ROW_SIZE;

    private final KServeClient client;
    private final RemoteModel model;
    private final ByteBuffer inputBytes = KServeFaceModels.buffer(4L * INPUT_FLOATS);
    private final ByteBuffer outputBytes = KServeFaceModels.buffer(4L * OUTPUT_FLOATS);
    private final FloatBuffer input = inputBytes.asFloatBuffer();
    private final FloatBuffer output = outputBytes.asFloatBuffer();
    private final ModelInferRequest request;
    /** The request asking for some rows only; null when the served model has no row inputs. */
    private final ModelInferRequest rowsRequest;
    private final String rowsOutput;

    KServeWhisperModel(KServeClient client, RemoteModel model) {
        this.client = client;
        this.model = model;
        this.rowsOutput = WhisperRows.rowsOutput(model.outputName("states"));
        Optional<ModelMetadataResponse.TensorMetadata> first = model.declaredInput(WhisperRows.FIRST_ROW);
        Optional<ModelMetadataResponse.TensorMetadata> end = model.declaredInput(WhisperRows.END_ROW);
        Optional<ModelMetadataResponse.TensorMetadata> rows = model.declaredOutput(rowsOutput);
        if (first.isEmpty() && end.isEmpty()) {
            this.request = model.requestTemplate(1).build();
            this.rowsRequest = null;
            LOG.info("{} returns all 1,500 feature rows a run (11.5 MB): a model repository written by "
                    + "'videochat triton-repo' answers only the rows a batch uses", model.where());
            return;
        }
        check(first, WhisperRows.FIRST_ROW, "INT64");
        check(end, WhisperRows.END_ROW, "INT64");
        check(rows, rowsOutput, "FP32");
        this.request = null;
        ModelInferRequest.Builder template = model.requestTemplate(1).clearOutputs();
        for (String name : List.of(WhisperRows.FIRST_ROW, WhisperRows.END_ROW)) {
            template.addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName(name).setDatatype("INT64")
                    .addShape(1));
        }
        template.addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(rowsOutput));
        this.rowsRequest = template.build();
    }

    private void check(Optional<ModelMetadataResponse.TensorMetadata> tensor, String name, String datatype) {
        if (tensor.isEmpty() || !tensor.get().getDatatype().equals(datatype)) {
            throw new ModelException(Stage.THG, "musetalk", model.where() + " declares row inputs but "
                    + (tensor.isEmpty() ? "no '" + name + "'" : "'" + name + "' as " + tensor.get().getDatatype())
                    + "; expected " + WhisperRows.FIRST_ROW + " and " + WhisperRows.END_ROW + " (INT64 [1]) and "
                    + "output " + rowsOutput + " (FP32), as 'videochat triton-repo' writes them");
        }
    }

    @Override
    public FloatBuffer logMel() {
        return input;
    }

    @Override
    public FloatBuffer states() {
        return output;
    }

    @Override
    public void run() {
        if (rowsRequest != null) {
            run(0, WhisperEncoder.ROWS_PER_WINDOW);
            return;
        }
        var response = client.infer(request.toBuilder().addRawInputContents(KServeFaceModels.wrap(inputBytes)).build(),
                new RemoteCall());
        model.copyOutput(response, "states", outputBytes);
    }

    @Override
    public void run(int firstRow, int rows) {
        if (rowsRequest == null) {
            run();
            return;
        }
        if (firstRow < 0 || rows < 0 || firstRow + rows > WhisperEncoder.ROWS_PER_WINDOW) {
            throw new IndexOutOfBoundsException("rows " + firstRow + " + " + rows + " of "
                    + WhisperEncoder.ROWS_PER_WINDOW);
        }
        if (rows == 0) {
            return;
        }
        var response = client.infer(rowsRequest.toBuilder()
                .addRawInputContents(KServeFaceModels.wrap(inputBytes))
                .addRawInputContents(int64(firstRow))
                .addRawInputContents(int64(firstRow + rows))
                .build(), new RemoteCall());
        ByteBuffer target = outputBytes.duplicate().position(firstRow * ROW_BYTES).limit((firstRow + rows) * ROW_BYTES)
                .slice();
        model.copyNamedOutput(response, rowsOutput, target);
    }

    private static ByteString int64(long value) {
        return ByteString.copyFrom(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value));
    }

    @Override
    public void close() {
        // Nothing of its own: the channel is the backend's.
    }
}
