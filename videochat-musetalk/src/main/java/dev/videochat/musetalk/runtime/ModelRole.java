package dev.videochat.musetalk.runtime;

import java.util.List;

/**
 * The ONNX models of the MuseTalk pipeline. Each has a default file name in the model folder and named tensors
 * whose ONNX names the folder's {@code musetalk.properties} may override (see the module README for the full
 * contract of shapes and types).
 */
public enum ModelRole {
    /** Whisper-tiny encoder returning all five hidden states: [1, 80, 3000] log-mel to [1, 1500, 5, 384]. */
    WHISPER_ENCODER("whisper", "whisper_tiny_states.onnx", List.of("input_features"), List.of("states")),
    /** The MuseTalk UNet: latents [B, 8, 32, 32], int64 timestep [1], audio prompts [B, 50, 384] to [B, 4, 32, 32]. */
    UNET("unet", "unet.onnx", List.of("sample", "timestep", "encoder_hidden_states"), List.of("latents")),
    /** The VAE encoder (avatar preparation): RGB image [B, 3, 256, 256] in [-1, 1] to latent mean x 0.18215. */
    VAE_ENCODER("vae_encoder", "vae_encoder.onnx", List.of("image"), List.of("latents")),
    /** The VAE decoder: UNet latents [B, 4, 32, 32] (divided by 0.18215 inside) to RGB [B, 3, 256, 256] in [-1, 1]. */
    VAE_DECODER("vae_decoder", "vae_decoder.onnx", List.of("latents"), List.of("image")),
    /** Optional fusion of UNet and decoder with post-processing: the UNet inputs to BGR uint8 [B, 256, 256, 3]. */
    UNET_DECODER("unet_decoder", "unet_vae_decoder.onnx", List.of("sample", "timestep", "encoder_hidden_states"),
            List.of("bgr_u8")),
    /**
     * DWPose whole-body landmarks (avatar preparation, optional): picture [1, 3, 384, 288] to SimCC vectors
     * [1, 133, 576] and [1, 133, 768]; gives MuseTalk's face box.
     */
    DWPOSE("dwpose", "dwpose.onnx", List.of("input"), List.of("simcc_x", "simcc_y")),
    /**
     * BiSeNet face parsing (avatar preparation, optional): picture [1, 3, 512, 512] to 19-class logits
     * [1, 19, 512, 512]; gives MuseTalk's blending mask.
     */
    FACE_PARSING("face_parsing", "face_parsing.onnx", List.of("image"), List.of("logits"));

    private final String key;
    private final String defaultFile;
    private final List<String> inputs;
    private final List<String> outputs;

    ModelRole(String key, String defaultFile, List<String> inputs, List<String> outputs) {
        this.key = key;
        this.defaultFile = defaultFile;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    /** The prefix of this model's keys in {@code musetalk.properties}, for example {@code "unet"}. */
    public String key() {
        return key;
    }

    /** The file name used when the manifest names none. */
    public String defaultFile() {
        return defaultFile;
    }

    /** The default ONNX names of the inputs, which are also their manifest keys ({@code unet.sample=...}). */
    public List<String> inputs() {
        return inputs;
    }

    /** The default ONNX names of the outputs, which are also their manifest keys. */
    public List<String> outputs() {
        return outputs;
    }
}
