package dev.videochat.musetalk.testmodels;

import dev.videochat.musetalk.testmodels.StandInGraph.Seq;

import static dev.videochat.core.testing.OnnxGraph.i;
import static dev.videochat.core.testing.OnnxGraph.ints;

/**
 * The Whisper-tiny encoder (transformers {@code WhisperEncoder}: two GELU convolutions, learned positions, 4 layers of
 * 6-head attention and a 1536-wide GELU feed-forward, final LayerNorm) returning its five hidden states stacked:
 * log-mel [1, 80, 3000] to states [1, 1500, 5, 384], the last one after the final norm (MuseTalk 1.5).
 */
final class WhisperStandIn {

    private static final int WIDTH = 384;
    private static final int LAYERS = 4;
    private static final int HEADS = 6;
    private static final int FRAMES = 1500;

    private WhisperStandIn() {
    }

    /** Emits the encoder; returns the stacked states' tensor name (network precision). */
    static String build(StandInGraph g, String mel) {
        StandInGraph.Map x = g.conv1d("conv1", new StandInGraph.Map(mel, 80, 1, 3000), WIDTH, 3, 1, 1);
        x = new StandInGraph.Map(g.gelu(x.name()), x.c(), 1, x.w());
        x = g.conv1d("conv2", x, WIDTH, 3, 2, 1);
        String tokens = g.node("Transpose", new String[] {g.gelu(x.name())}, "tokens", ints("perm", 0, 2, 1));
        String positions = g.weight("embed_positions.weight", new long[] {FRAMES, WIDTH}, 0, 0.5f);
        Seq h = new Seq(g.add(tokens, positions), FRAMES, WIDTH);
        String[] states = new String[LAYERS + 1];
        for (int l = 0; l < LAYERS; l++) {
            states[l] = h.name();
            String p = "layers." + l;
            Seq a = g.attention(p + ".self_attn", g.layerNorm(p + ".self_attn_layer_norm", h, 1e-5f), null, HEADS, true, false);
            h = new Seq(g.add(h.name(), a.name()), FRAMES, WIDTH);
            Seq n = g.layerNorm(p + ".final_layer_norm", h, 1e-5f);
            String f1 = g.gelu(g.linear(p + ".fc1", n.name(), FRAMES, WIDTH, 4 * WIDTH, true));
            String f2 = g.linear(p + ".fc2", f1, FRAMES, 4 * WIDTH, WIDTH, true);
            h = new Seq(g.add(h.name(), f2), FRAMES, WIDTH);
        }
        states[LAYERS] = g.layerNorm("layer_norm", h, 1e-5f).name();
        String[] stacked = new String[states.length];
        for (int k = 0; k < states.length; k++) {
            stacked[k] = g.node("Unsqueeze", new String[] {states[k], g.longs(2)}, "state");
        }
        return g.node("Concat", stacked, "states", i("axis", 2));
    }
}
