package dev.videochat.musetalk.kserve.triton;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** One model's {@code config.pbtxt}: Triton's ModelConfig in protobuf text format, written from the ONNX signature. */
final class ModelConfigText {

    private ModelConfigText() {
    }

    /** The config of model {@code name}; a sentence goes to {@code notes} when Triton cannot batch it. */
    static String of(String name, OnnxSignature signature, TritonOptions options, List<String> notes) {
        String unbatched = unbatchedTensor(signature);
        boolean batched = unbatched == null;
        StringBuilder out = new StringBuilder();
        out.append("# Written by TritonRepository from the ONNX file's inputs and outputs.\n");
        out.append("name: \"").append(name).append("\"\n");
        out.append("backend: \"onnxruntime\"\n");
        out.append("platform: \"onnxruntime_onnx\"\n");
        out.append("max_batch_size: ").append(batched ? options.maxBatchSize() : 0).append('\n');
        for (OnnxSignature.Tensor t : signature.inputs()) {
            tensor(out, "input", t, batched);
        }
        for (OnnxSignature.Tensor t : signature.outputs()) {
            tensor(out, "output", t, batched);
        }
        if (batched) {
            out.append("dynamic_batching {\n");
            for (int size : options.preferredBatchSizes()) {
                out.append("  preferred_batch_size: ").append(size).append('\n');
            }
            out.append("  max_queue_delay_microseconds: ").append(options.maxQueueDelayMicros()).append('\n');
            out.append("}\n");
        } else {
            notes.add("model '" + name + "': its tensor " + unbatched + " has no dynamic first dimension, so Triton "
                    + "runs each request as it comes (max_batch_size 0; requests from several clients run side by "
                    + "side on its instances, not merged); export it with a dynamic batch dimension on every tensor "
                    + "(the UNet's timestep as [B]) to let Triton's dynamic batcher merge them");
        }
        boolean cpu = options.accelerator() == TritonOptions.Accelerator.CPU;
        out.append("instance_group [\n  {\n");
        out.append("    count: ").append(options.instanceCount()).append('\n');
        out.append("    kind: ").append(cpu ? "KIND_CPU" : "KIND_GPU").append('\n');
        if (!cpu && !options.gpus().isEmpty()) {
            out.append("    gpus: [ ").append(options.gpus().stream().map(String::valueOf)
                    .collect(Collectors.joining(", "))).append(" ]\n");
        }
        out.append("  }\n]\n");
        if (options.accelerator() == TritonOptions.Accelerator.TENSORRT) {
            out.append("optimization {\n  execution_accelerators {\n    gpu_execution_accelerator: [\n      {\n");
            out.append("        name: \"tensorrt\"\n");
            out.append("        parameters { key: \"precision_mode\" value: \"FP16\" }\n");
            out.append("        parameters { key: \"max_workspace_size_bytes\" value: \"1073741824\" }\n");
            out.append("      }\n    ]\n  }\n}\n");
        }
        return out.toString();
    }

    /** The first tensor without a dynamic first dimension (described), or null when Triton can batch them all. */
    private static String unbatchedTensor(OnnxSignature signature) {
        for (List<OnnxSignature.Tensor> list : List.of(signature.inputs(), signature.outputs())) {
            for (OnnxSignature.Tensor t : list) {
                if (!t.leadingDynamic()) {
                    return "'" + t.name() + "' " + shape(t.dims());
                }
            }
        }
        return null;
    }

    /**
     * One input or output. In a batched model Triton's dims leave the batch out; a tensor that is only the batch
     * ({@code [B]}, e.g. a per-frame timestep) is declared {@code [1]} and reshaped to {@code []}, Triton's idiom.
     */
    private static void tensor(StringBuilder out, String kind, OnnxSignature.Tensor t, boolean batched) {
        long[] dims = batched ? Arrays.copyOfRange(t.dims(), 1, t.dims().length) : t.dims();
        boolean scalarPerItem = dims.length == 0;
        out.append(kind).append(" [\n  {\n");
        out.append("    name: \"").append(t.name()).append("\"\n");
        out.append("    data_type: ").append(dataType(t)).append('\n');
        out.append("    dims: ").append(scalarPerItem ? "[ 1 ]" : shape(dims)).append('\n');
        if (scalarPerItem) {
            out.append("    reshape { shape: [ ] }\n");
        }
        out.append("  }\n]\n");
    }

    private static String shape(long[] dims) {
        StringBuilder s = new StringBuilder("[ ");
        for (int i = 0; i < dims.length; i++) {
            s.append(i == 0 ? "" : ", ").append(dims[i]);
        }
        return s.append(" ]").toString();
    }

    private static String dataType(OnnxSignature.Tensor t) {
        return switch (t.elemType()) {
            case OnnxSignature.FLOAT -> "TYPE_FP32";
            case OnnxSignature.UINT8 -> "TYPE_UINT8";
            case OnnxSignature.INT8 -> "TYPE_INT8";
            case OnnxSignature.INT32 -> "TYPE_INT32";
            case OnnxSignature.INT64 -> "TYPE_INT64";
            case OnnxSignature.BOOL -> "TYPE_BOOL";
            case OnnxSignature.FLOAT16 -> "TYPE_FP16";
            case OnnxSignature.DOUBLE -> "TYPE_FP64";
            default -> throw new IllegalArgumentException("tensor '" + t.name() + "' has ONNX element type "
                    + t.elemType() + ", which the MuseTalk models do not use");
        };
    }
}
