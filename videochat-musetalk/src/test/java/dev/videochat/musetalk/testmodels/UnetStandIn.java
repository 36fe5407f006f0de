package dev.videochat.musetalk.testmodels;

import dev.videochat.musetalk.testmodels.StandInGraph.Map;
import dev.videochat.musetalk.testmodels.StandInGraph.Seq;
import java.util.ArrayDeque;
import java.util.Deque;

import static dev.videochat.core.testing.OnnxGraph.FLOAT;
import static dev.videochat.core.testing.OnnxGraph.i;

/**
 * MuseTalk's UNet: diffusers {@code UNet2DConditionModel} with MuseTalk's configuration (in 8, out 4, blocks
 * 320/640/1280/1280, 2 layers per block, cross-attention dim 384, 8 heads, GroupNorm 32, Transformer2D with
 * convolutional projections, GEGLU feed-forward). Sample [B, 8, s, s], int64 timestep [1], audio prompts
 * [B, 50, 384] to latents [B, 4, s, s]. {@code divisor} divides every channel count and the norm groups (the
 * cross-attention input stays 384, the contract's width), for small test models.
 */
final class UnetStandIn {

    private static final int[] BLOCKS = {320, 640, 1280, 1280};
    private static final boolean[] ATTENTION_DOWN = {true, true, true, false};
    private static final int LAYERS = 2;
    private static final int HEADS = 8;
    private static final int CROSS_DIM = 384;
    private static final int PROMPT_TOKENS = 50;

    private final StandInGraph g;
    private final int divisor;
    private final int groups;
    private String timeEmbedding;
    private Seq prompts;

    private UnetStandIn(StandInGraph g, int divisor) {
        this.g = g;
        this.divisor = divisor;
        this.groups = 32 / divisor;
    }

    /**
     * Emits the UNet into {@code g}: {@code sample}, {@code timestep} and {@code prompts} are the network-precision
     * inputs (timestep stays int64); returns the latents' tensor name.
     */
    static String build(StandInGraph g, int divisor, String sample, int side, String timestep, String prompts) {
        return new UnetStandIn(g, divisor).unet(new Map(sample, 8, side, side), timestep, new Seq(prompts, PROMPT_TOKENS, CROSS_DIM));
    }

    private int ch(int channels) {
        return channels / divisor;
    }

    private String unet(Map sample, String timestep, Seq prompts) {
        this.prompts = prompts;
        timeEmbedding = g.silu(timeEmbedding(timestep));
        Map x = g.conv("conv_in", sample, ch(BLOCKS[0]), 3, 1, 1);
        Deque<Map> skips = new ArrayDeque<>();
        skips.push(x);
        for (int b = 0; b < BLOCKS.length; b++) {
            for (int l = 0; l < LAYERS; l++) {
                String p = "down_blocks." + b;
                x = resnet(p + ".resnets." + l, x, ch(BLOCKS[b]));
                if (ATTENTION_DOWN[b]) {
                    x = transformer(p + ".attentions." + l, x);
                }
                skips.push(x);
            }
            if (b < BLOCKS.length - 1) {
                x = g.conv("down_blocks." + b + ".downsamplers.0.conv", x, x.c(), 3, 2, 1);
                skips.push(x);
            }
        }
        x = resnet("mid_block.resnets.0", x, x.c());
        x = transformer("mid_block.attentions.0", x);
        x = resnet("mid_block.resnets.1", x, x.c());
        for (int u = 0; u < BLOCKS.length; u++) {
            int out = ch(BLOCKS[BLOCKS.length - 1 - u]);
            boolean attention = ATTENTION_DOWN[BLOCKS.length - 1 - u];
            String p = "up_blocks." + u;
            for (int l = 0; l <= LAYERS; l++) {
                x = resnet(p + ".resnets." + l, g.concat(x, skips.pop()), out);
                if (attention) {
                    x = transformer(p + ".attentions." + l, x);
                }
            }
            if (u < BLOCKS.length - 1) {
                x = g.conv(p + ".upsamplers.0.conv", g.upsample(x), out, 3, 1, 1);
            }
        }
        x = g.silu(g.groupNorm("conv_norm_out", x, groups, 1e-5f));
        return g.conv("conv_out", x, 4, 3, 1, 1).name();
    }

    /** Sinusoidal projection of the timestep (cos first, as flip_sin_to_cos), then two linear layers with SiLU. */
    private String timeEmbedding(String timestep) {
        int half = ch(BLOCKS[0]) / 2;
        float[] frequencies = new float[half];
        for (int k = 0; k < half; k++) {
            frequencies[k] = (float) Math.exp(-Math.log(10000) * k / half);
        }
        String t = g.node("Unsqueeze", new String[] {g.cast(timestep, FLOAT), g.longs(1)}, "t");
        String angles = g.node("Mul", new String[] {t, g.float32(new long[] {1, half}, frequencies)}, "angles");
        String cos = g.node("Cos", new String[] {angles}, "cos");
        String sin = g.node("Sin", new String[] {angles}, "sin");
        String projected = g.node("Concat", new String[] {cos, sin}, "t_proj", i("axis", 1));
        if (g.floatType() != FLOAT) {
            projected = g.cast(projected, g.floatType());
        }
        int dim = ch(BLOCKS[0]) * 4;
        String h = g.linear("time_embedding.linear_1", projected, 0, 2 * half, dim, true);
        return g.linear("time_embedding.linear_2", g.silu(h), 0, dim, dim, true);
    }

    /** diffusers ResnetBlock2D with the time embedding added after the first convolution. */
    private Map resnet(String p, Map x, int out) {
        Map h = g.conv(p + ".conv1", g.silu(g.groupNorm(p + ".norm1", x, groups, 1e-5f)), out, 3, 1, 1);
        String t = g.linear(p + ".time_emb_proj", timeEmbedding, 0, ch(BLOCKS[0]) * 4, out, true);
        String t4 = g.node("Unsqueeze", new String[] {t, g.longs(2, 3)}, "temb");
        h = new Map(g.add(h.name(), t4), out, h.h(), h.w());
        h = g.conv(p + ".conv2", g.silu(g.groupNorm(p + ".norm2", h, groups, 1e-5f)), out, 3, 1, 1);
        Map shortcut = x.c() == out ? x : g.conv(p + ".conv_shortcut", x, out, 1, 1, 0);
        return new Map(g.add(shortcut.name(), h.name()), out, h.h(), h.w());
    }

    /** Transformer2DModel: GroupNorm, 1 x 1 projection in, one BasicTransformerBlock, 1 x 1 projection out, residual. */
    private Map transformer(String p, Map x) {
        Map projected = g.conv(p + ".proj_in", g.groupNorm(p + ".norm", x, groups, 1e-6f), x.c(), 1, 1, 0);
        Seq s = g.toSequence(projected);
        String b = p + ".transformer_blocks.0";
        Seq a1 = g.attention(b + ".attn1", g.layerNorm(b + ".norm1", s, 1e-5f), null, HEADS, false, false);
        s = new Seq(g.add(a1.name(), s.name()), s.n(), s.c());
        Seq a2 = g.attention(b + ".attn2", g.layerNorm(b + ".norm2", s, 1e-5f), prompts, HEADS, false, false);
        s = new Seq(g.add(a2.name(), s.name()), s.n(), s.c());
        s = new Seq(g.add(feedForward(b + ".ff", g.layerNorm(b + ".norm3", s, 1e-5f)).name(), s.name()), s.n(), s.c());
        Map back = g.conv(p + ".proj_out", g.toMap(s, x.h(), x.w()), x.c(), 1, 1, 0);
        return new Map(g.add(back.name(), x.name()), x.c(), x.h(), x.w());
    }

    /** GEGLU: one projection to 2 x 4c split into value and gate, value * gelu(gate), then back to c. */
    private Seq feedForward(String p, Seq x) {
        int inner = 4 * x.c();
        Seq both = g.linear(p + ".net.0.proj", x, 2 * inner, true);
        String value = g.node("Slice", new String[] {both.name(), g.longs(0), g.longs(inner), g.longs(2)}, "geglu_value");
        String gate = g.node("Slice", new String[] {both.name(), g.longs(inner), g.longs(2 * inner), g.longs(2)}, "geglu_gate");
        String gated = g.node("Mul", new String[] {value, g.gelu(gate)}, "geglu");
        return g.linear(p + ".net.2", new Seq(gated, x.n(), inner), x.c(), true);
    }
}
