package dev.videochat.musetalk.testmodels;

import dev.videochat.core.testing.OnnxGraph;
import dev.videochat.core.testing.OnnxGraph.Attribute;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static dev.videochat.core.testing.OnnxGraph.FLOAT;
import static dev.videochat.core.testing.OnnxGraph.FLOAT16;
import static dev.videochat.core.testing.OnnxGraph.INT64;
import static dev.videochat.core.testing.OnnxGraph.f;
import static dev.videochat.core.testing.OnnxGraph.i;
import static dev.videochat.core.testing.OnnxGraph.ints;

/**
 * The layers the stand-in networks are made of (convolution, group and layer norm, linear, multi-head attention,
 * nearest upsampling), each emitted as the ONNX nodes PyTorch's exporter writes for it and each counted: learned
 * parameters, and multiply-accumulates per frame (batch 1) of convolutions, linear layers and attention matrix
 * products; normalisations, activations and additions are not counted, as in the published FLOP figures
 * (FLOPs = 2 x MACs). Without a graph ({@link #dry}) nothing is emitted and no weight is written, only counted.
 */
final class StandInGraph {

    /** The batch dimension's symbol. */
    static final String BATCH = "B";

    /** A feature map [B, c, h, w]. */
    record Map(String name, int c, int h, int w) {
    }

    /** A sequence [B, n, c]. */
    record Seq(String name, int n, int c) {
    }

    private final OnnxGraph graph;
    private final WeightFile weights;
    private final String weightLocation;
    private final int type;
    private long parameters;
    private long macs;
    private int counter;

    private StandInGraph(OnnxGraph graph, WeightFile weights, String weightLocation, boolean half) {
        this.graph = graph;
        this.weights = weights;
        this.weightLocation = weightLocation;
        this.type = half ? FLOAT16 : FLOAT;
    }

    /** A graph that only counts. */
    static StandInGraph dry() {
        return new StandInGraph(null, null, null, false);
    }

    /** A graph that emits into {@code graph} and streams its weights to {@code weights} ({@code location} beside it). */
    static StandInGraph writing(OnnxGraph graph, WeightFile weights, String location, boolean half) {
        return new StandInGraph(graph, weights, location, half);
    }

    long parameters() {
        return parameters;
    }

    long macs() {
        return macs;
    }

    /** The ONNX element type of the network's float tensors (FLOAT or FLOAT16). */
    int floatType() {
        return type;
    }

    /** Adds a per-frame multiply-accumulate count that no layer method covers. */
    void countMacs(long n) {
        macs += n;
    }

    // ---- emission primitives ----

    String fresh(String hint) {
        return hint + "_" + (counter++);
    }

    String node(String op, String[] inputs, String hint, Attribute... attributes) {
        String out = fresh(hint);
        nodeTo(op, inputs, out, attributes);
        return out;
    }

    void nodeTo(String op, String[] inputs, String out, Attribute... attributes) {
        if (graph != null) {
            graph.node(op, inputs, new String[] {out}, attributes);
        }
    }

    /** A learned tensor, uniform in [center - spread, center + spread]; counted as parameters. */
    String weight(String name, long[] dims, float center, float spread) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        parameters += n;
        if (graph != null) {
            long offset = weights.append(n, center, spread);
            graph.external(name, type, dims, weightLocation, offset, n * weights.elementBytes());
        }
        return name;
    }

    /** A constant int64 tensor (shapes, axes). */
    String longs(long... values) {
        String name = fresh("const");
        if (graph != null) {
            graph.longs(name, new long[] {values.length}, values);
        }
        return name;
    }

    /** A constant float tensor of the network's precision with shape {@code dims}. */
    String constant(long[] dims, float... values) {
        String name = fresh("const");
        if (graph != null) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                if (type == FLOAT16) {
                    b.putShort(Half.bits(v));
                } else {
                    b.putFloat(v);
                }
            }
            byte[] bytes = new byte[b.position()];
            b.flip().get(bytes);
            graph.raw(name, type, dims, bytes);
        }
        return name;
    }

    /** A float32 constant whatever the precision (Resize scales, the timestep frequencies). */
    String float32(long[] dims, float... values) {
        String name = fresh("const");
        if (graph != null) {
            graph.floats(name, dims, values);
        }
        return name;
    }

    /** Casts {@code tensor} to {@code to} (an ONNX element type). */
    String cast(String tensor, int to) {
        return node("Cast", new String[] {tensor}, "cast", i("to", to));
    }

    // ---- layers ----

    /** Convolution with bias, square kernel, symmetric padding. */
    Map conv(String prefix, Map x, int out, int kernel, int stride, int pad) {
        return conv(prefix, x, out, kernel, stride, new long[] {pad, pad, pad, pad});
    }

    /** Convolution with bias and ONNX pads [top, left, bottom, right]. */
    Map conv(String prefix, Map x, int out, int kernel, int stride, long[] pads) {
        float bound = (float) (1 / Math.sqrt((double) x.c() * kernel * kernel));
        String w = weight(prefix + ".weight", new long[] {out, x.c(), kernel, kernel}, 0, bound);
        String b = weight(prefix + ".bias", new long[] {out}, 0, bound);
        int h = (int) ((x.h() + pads[0] + pads[2] - kernel) / stride + 1);
        int wd = (int) ((x.w() + pads[1] + pads[3] - kernel) / stride + 1);
        macs += (long) out * x.c() * kernel * kernel * h * wd;
        String y = node("Conv", new String[] {x.name(), w, b}, prefix.replace('.', '_'),
                ints("kernel_shape", kernel, kernel), ints("strides", stride, stride), ints("pads", pads));
        return new Map(y, out, h, wd);
    }

    /** One-dimensional convolution with bias on [B, c, w] ({@code x.h()} is 1). */
    Map conv1d(String prefix, Map x, int out, int kernel, int stride, int pad) {
        float bound = (float) (1 / Math.sqrt((double) x.c() * kernel));
        String w = weight(prefix + ".weight", new long[] {out, x.c(), kernel}, 0, bound);
        String b = weight(prefix + ".bias", new long[] {out}, 0, bound);
        int wd = (x.w() + 2 * pad - kernel) / stride + 1;
        macs += (long) out * x.c() * kernel * wd;
        String y = node("Conv", new String[] {x.name(), w, b}, prefix.replace('.', '_'),
                ints("kernel_shape", kernel), ints("strides", stride), ints("pads", pad, pad));
        return new Map(y, out, 1, wd);
    }

    /** GroupNorm as PyTorch exports it: reshape to groups, InstanceNormalization, reshape back, affine. */
    Map groupNorm(String prefix, Map x, int groups, float epsilon) {
        float[] ones = new float[groups];
        java.util.Arrays.fill(ones, 1f);
        String grouped = node("Reshape", new String[] {x.name(), longs(0, groups, -1)}, "grouped");
        String normed = node("InstanceNormalization",
                new String[] {grouped, constant(new long[] {groups}, ones), constant(new long[] {groups}, new float[groups])},
                "instnorm", f("epsilon", epsilon));
        String shape = node("Shape", new String[] {x.name()}, "shape");
        String back = node("Reshape", new String[] {normed, shape}, "ungrouped");
        String gamma = weight(prefix + ".weight", new long[] {x.c(), 1, 1}, 1, 0.1f);
        String beta = weight(prefix + ".bias", new long[] {x.c(), 1, 1}, 0, 0.1f);
        String scaled = node("Mul", new String[] {back, gamma}, "gn_scaled");
        return new Map(node("Add", new String[] {scaled, beta}, "gn"), x.c(), x.h(), x.w());
    }

    /** x * sigmoid(x). */
    String silu(String x) {
        String s = node("Sigmoid", new String[] {x}, "sigmoid");
        return node("Mul", new String[] {x, s}, "silu");
    }

    Map silu(Map x) {
        return new Map(silu(x.name()), x.c(), x.h(), x.w());
    }

    /** Exact GELU, x / 2 * (1 + erf(x / sqrt 2)), as exported before opset 20. */
    String gelu(String x) {
        String scaled = node("Mul", new String[] {x, constant(new long[] {}, (float) (1 / Math.sqrt(2)))}, "gelu_in");
        String erf = node("Erf", new String[] {scaled}, "erf");
        String plus = node("Add", new String[] {erf, constant(new long[] {}, 1f)}, "gelu_1p");
        String times = node("Mul", new String[] {x, plus}, "gelu_x");
        return node("Mul", new String[] {times, constant(new long[] {}, 0.5f)}, "gelu");
    }

    String add(String a, String b) {
        return node("Add", new String[] {a, b}, "add");
    }

    /** A linear layer on [.., rows, in]: MatMul with [in, out], then the bias; {@code rows} counts the MACs. */
    String linear(String prefix, String x, int rows, int in, int out, boolean bias) {
        float bound = (float) (1 / Math.sqrt(in));
        String w = weight(prefix + ".weight", new long[] {in, out}, 0, bound);
        macs += (long) rows * in * out;
        String y = node("MatMul", new String[] {x, w}, prefix.replace('.', '_'));
        if (!bias) {
            return y;
        }
        return add(y, weight(prefix + ".bias", new long[] {out}, 0, bound));
    }

    Seq linear(String prefix, Seq x, int out, boolean bias) {
        return new Seq(linear(prefix, x.name(), x.n(), x.c(), out, bias), x.n(), out);
    }

    /** LayerNormalization over the last axis. */
    Seq layerNorm(String prefix, Seq x, float epsilon) {
        String gamma = weight(prefix + ".weight", new long[] {x.c()}, 1, 0.1f);
        String beta = weight(prefix + ".bias", new long[] {x.c()}, 0, 0.1f);
        return new Seq(node("LayerNormalization", new String[] {x.name(), gamma, beta}, "ln",
                i("axis", -1), f("epsilon", epsilon)), x.n(), x.c());
    }

    /** [B, c, h, w] to [B, h * w, c]. */
    Seq toSequence(Map x) {
        String flat = node("Reshape", new String[] {x.name(), longs(0, x.c(), -1)}, "flat");
        return new Seq(node("Transpose", new String[] {flat}, "tokens", ints("perm", 0, 2, 1)), x.h() * x.w(), x.c());
    }

    /** [B, h * w, c] back to [B, c, h, w]. */
    Map toMap(Seq x, int h, int w) {
        String channels = node("Transpose", new String[] {x.name()}, "channels", ints("perm", 0, 2, 1));
        return new Map(node("Reshape", new String[] {channels, longs(0, x.c(), h, w)}, "map"), x.c(), h, w);
    }

    /**
     * Multi-head attention of {@code x} over {@code crossContext} (null: over itself): q, k, v projections (bias
     * as given), softmax(q k^T / sqrt(d)) v per head, then the output projection with bias.
     */
    Seq attention(String prefix, Seq x, Seq crossContext, int heads, boolean qkvBias, boolean keyBias) {
        Seq context = crossContext == null ? x : crossContext;
        int c = x.c();
        int d = c / heads;
        Seq q = linear(prefix + ".to_q", x, c, qkvBias);
        Seq k = linear(prefix + ".to_k", context, c, qkvBias && keyBias);
        Seq v = linear(prefix + ".to_v", context, c, qkvBias);
        String split = longs(0, 0, heads, d);
        String qh = node("Transpose", new String[] {node("Reshape", new String[] {q.name(), split}, "q_split")},
                "q_heads", ints("perm", 0, 2, 1, 3));
        String kt = node("Transpose", new String[] {node("Reshape", new String[] {k.name(), split}, "k_split")},
                "k_heads", ints("perm", 0, 2, 3, 1));
        String vh = node("Transpose", new String[] {node("Reshape", new String[] {v.name(), split}, "v_split")},
                "v_heads", ints("perm", 0, 2, 1, 3));
        String scores = node("MatMul", new String[] {qh, kt}, "scores");
        String scaled = node("Mul", new String[] {scores, constant(new long[] {}, (float) (1 / Math.sqrt(d)))}, "scaled");
        String probs = node("Softmax", new String[] {scaled}, "probs", i("axis", -1));
        String mixed = node("MatMul", new String[] {probs, vh}, "mixed");
        macs += 2L * x.n() * context.n() * c;
        String merged = node("Transpose", new String[] {mixed}, "merged", ints("perm", 0, 2, 1, 3));
        String flat = node("Reshape", new String[] {merged, longs(0, 0, c)}, "attn_flat");
        return linear(prefix + ".to_out", new Seq(flat, x.n(), c), c, true);
    }

    /** Nearest-neighbour upsampling by 2 (Resize, as F.interpolate(scale_factor=2) exports). */
    Map upsample(Map x) {
        String scales = float32(new long[] {4}, 1, 1, 2, 2);
        return new Map(node("Resize", new String[] {x.name(), "", scales}, "up"),
                x.c(), x.h() * 2, x.w() * 2);
    }

    /** Channel concatenation. */
    Map concat(Map a, Map b) {
        return new Map(node("Concat", new String[] {a.name(), b.name()}, "cat", i("axis", 1)), a.c() + b.c(), a.h(), a.w());
    }
}
