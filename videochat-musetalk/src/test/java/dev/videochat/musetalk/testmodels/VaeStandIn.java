package dev.videochat.musetalk.testmodels;

import dev.videochat.musetalk.testmodels.StandInGraph.Map;
import dev.videochat.musetalk.testmodels.StandInGraph.Seq;

/**
 * The Stable Diffusion VAE of sd-vae-ft-mse (diffusers {@code AutoencoderKL}: blocks 128/256/512/512, 2 resnets per
 * encoder block and 3 per decoder block, one single-head attention in each middle block, GroupNorm 32 with
 * epsilon 1e-6, latent scale 0.18215). {@code divisor} divides every channel count and the norm groups.
 */
final class VaeStandIn {

    /** The SD latent scaling factor. */
    static final float SCALE = 0.18215f;

    private static final int[] BLOCKS = {128, 256, 512, 512};
    private static final float EPSILON = 1e-6f;

    private final StandInGraph g;
    private final int divisor;
    private final int groups;

    private VaeStandIn(StandInGraph g, int divisor) {
        this.g = g;
        this.divisor = divisor;
        this.groups = 32 / divisor;
    }

    private int ch(int channels) {
        return channels / divisor;
    }

    /** Latents [B, 4, s, s] (divided by 0.18215 here) to an RGB image [B, 3, 8s, 8s] in about [-1, 1]. */
    static String decoder(StandInGraph g, int divisor, String latents, int side) {
        return new VaeStandIn(g, divisor).decode(new Map(latents, 4, side, side));
    }

    /** An RGB image [B, 3, 8s, 8s] in [-1, 1] to the latent mean times 0.18215, [B, 4, s, s]. */
    static String encoder(StandInGraph g, int divisor, String image, int side) {
        return new VaeStandIn(g, divisor).encode(new Map(image, 3, side, side));
    }

    private String decode(Map latents) {
        String unscaled = g.node("Mul", new String[] {latents.name(), g.constant(new long[] {}, 1 / SCALE)}, "unscaled");
        Map x = g.conv("post_quant_conv", new Map(unscaled, 4, latents.h(), latents.w()), 4, 1, 1, 0);
        x = g.conv("decoder.conv_in", x, ch(BLOCKS[3]), 3, 1, 1);
        x = middle("decoder.mid_block", x);
        for (int u = 0; u < BLOCKS.length; u++) {
            int out = ch(BLOCKS[BLOCKS.length - 1 - u]);
            for (int l = 0; l < 3; l++) {
                x = resnet("decoder.up_blocks." + u + ".resnets." + l, x, out);
            }
            if (u < BLOCKS.length - 1) {
                x = g.conv("decoder.up_blocks." + u + ".upsamplers.0.conv", g.upsample(x), out, 3, 1, 1);
            }
        }
        x = g.silu(g.groupNorm("decoder.conv_norm_out", x, groups, EPSILON));
        return g.conv("decoder.conv_out", x, 3, 3, 1, 1).name();
    }

    private String encode(Map image) {
        Map x = g.conv("encoder.conv_in", image, ch(BLOCKS[0]), 3, 1, 1);
        for (int b = 0; b < BLOCKS.length; b++) {
            for (int l = 0; l < 2; l++) {
                x = resnet("encoder.down_blocks." + b + ".resnets." + l, x, ch(BLOCKS[b]));
            }
            if (b < BLOCKS.length - 1) {
                // diffusers pads right and bottom by one, then convolves 3 x 3 with stride 2 and no padding.
                x = g.conv("encoder.down_blocks." + b + ".downsamplers.0.conv", x, x.c(), 3, 2, new long[] {0, 0, 1, 1});
            }
        }
        x = middle("encoder.mid_block", x);
        x = g.silu(g.groupNorm("encoder.conv_norm_out", x, groups, EPSILON));
        x = g.conv("encoder.conv_out", x, 8, 3, 1, 1);
        x = g.conv("quant_conv", x, 8, 1, 1, 0);
        String mean = g.node("Slice", new String[] {x.name(), g.longs(0), g.longs(4), g.longs(1)}, "latent_mean");
        return g.node("Mul", new String[] {mean, g.constant(new long[] {}, SCALE)}, "latents_scaled");
    }

    private Map middle(String p, Map x) {
        x = resnet(p + ".resnets.0", x, x.c());
        x = attention(p + ".attentions.0", x);
        return resnet(p + ".resnets.1", x, x.c());
    }

    private Map resnet(String p, Map x, int out) {
        Map h = g.conv(p + ".conv1", g.silu(g.groupNorm(p + ".norm1", x, groups, EPSILON)), out, 3, 1, 1);
        h = g.conv(p + ".conv2", g.silu(g.groupNorm(p + ".norm2", h, groups, EPSILON)), out, 3, 1, 1);
        Map shortcut = x.c() == out ? x : g.conv(p + ".conv_shortcut", x, out, 1, 1, 0);
        return new Map(g.add(shortcut.name(), h.name()), out, h.h(), h.w());
    }

    /** Single-head self-attention over the pixels with a GroupNorm in front and the residual added. */
    private Map attention(String p, Map x) {
        Seq s = g.toSequence(g.groupNorm(p + ".group_norm", x, groups, EPSILON));
        Seq a = g.attention(p, s, null, 1, true, true);
        Map back = g.toMap(a, x.h(), x.w());
        return new Map(g.add(back.name(), x.name()), x.c(), x.h(), x.w());
    }
}
