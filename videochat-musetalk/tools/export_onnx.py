#!/usr/bin/env python3
"""Export the official MuseTalk weights to ONNX files that fit videochat-musetalk's model contract.

What it writes into --out (names and shapes are the contract in videochat-musetalk/README.md):
  whisper_tiny_states.onnx  input_features f32 [1,80,3000] -> states f32 [1,1500,5,384]
                            (all five hidden states; v1.5: the last one after the final layer norm, as
                            Hugging Face's output_hidden_states gives it; v1.0: the last block's output before it)
  unet.onnx                 sample f32 [B,8,32,32], timestep i64 [1], encoder_hidden_states f32 [B,50,384]
                            -> latents f32 [B,4,32,32]
  vae_encoder.onnx          image f32 [B,3,256,256] RGB in [-1,1] -> latents f32 [B,4,32,32] (mean * 0.18215)
  vae_decoder.onnx          latents f32 [B,4,32,32] -> image f32 [B,3,256,256] RGB in [-1,1] (/ 0.18215 inside)
  unet_vae_decoder.onnx     (--fused) the UNet inputs -> bgr_u8 u8 [B,256,256,3]
  musetalk.properties       the version and, with --fp16, the fp16 file of each model
With --fp16 each model is also written as <name>_fp16.onnx: fp16 weights and arithmetic inside, float32
inputs and outputs (the wrappers cast), so the Java side feeds the same buffers either way.

What it needs (not available where this project is built, so the script has only been checked with
`python3 -m py_compile`; it has never been run):
  * Python 3.10, torch >= 2.0.1 (onnx export, opset 17), diffusers >= 0.27.2 (UNet2DConditionModel,
    AutoencoderKL, AttnProcessor), transformers >= 4.39.2 (WhisperModel), onnx; onnxruntime optionally,
    for the --check comparison. These are the versions MuseTalk 1.5 pins in its requirements.txt.
  * --unet-dir: MuseTalk's UNet folder: musetalk.json (or config.json) plus the weights,
    musetalkV15/unet.pth (v1.5) or musetalk/pytorch_model.bin (v1.0), from huggingface.co/TMElyralab/MuseTalk.
  * --vae-dir: stabilityai/sd-vae-ft-mse in diffusers layout (config.json + diffusion_pytorch_model.*).
  * --whisper-dir: openai/whisper-tiny in transformers layout (the same weights as openai's tiny.pt).
Written against MuseTalk at commit 0a89dec (musetalk/models/unet.py, vae.py, utils/audio_processor.py) and
transformers' WhisperEncoder.forward; the v1.0 fifth state follows MuseTalk 1.0's vendored openai-whisper.

Example:
  python3 export_onnx.py --version v1.5 --unet-dir models/musetalkV15 --vae-dir models/sd-vae \
      --whisper-dir models/whisper --out models/onnx-v15 --fp16 --fused --check
"""
import argparse
import json
import os
import sys

SCALING = 0.18215
OPSET = 17


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", choices=["v1.0", "v1.5"], default="v1.5")
    p.add_argument("--unet-dir", required=True)
    p.add_argument("--vae-dir", required=True)
    p.add_argument("--whisper-dir", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--fp16", action="store_true", help="also write *_fp16.onnx (fp16 inside, fp32 I/O)")
    p.add_argument("--fused", action="store_true", help="also write unet_vae_decoder.onnx (uint8 BGR output)")
    p.add_argument("--check", action="store_true", help="compare each export with torch through onnxruntime")
    return p.parse_args(argv)


def load_unet(unet_dir):
    from diffusers import UNet2DConditionModel
    from diffusers.models.attention_processor import AttnProcessor
    import torch

    config_path = next(os.path.join(unet_dir, n) for n in ("musetalk.json", "config.json")
                       if os.path.exists(os.path.join(unet_dir, n)))
    with open(config_path) as f:
        config = json.load(f)
    unet = UNet2DConditionModel(**config)
    weights = next(os.path.join(unet_dir, n) for n in ("unet.pth", "pytorch_model.bin")
                   if os.path.exists(os.path.join(unet_dir, n)))
    unet.load_state_dict(torch.load(weights, map_location="cpu"))
    # Plain attention exports on every torch version (scaled_dot_product_attention did not on 2.0.1).
    unet.set_attn_processor(AttnProcessor())
    return unet.eval()


def build_wrappers(args):
    import torch
    from diffusers import AutoencoderKL
    from transformers import WhisperModel

    class WhisperStates(torch.nn.Module):
        """The encoder's embeddings and four block outputs, stacked on dim 2: [1,1500,5,384]."""

        def __init__(self, encoder, post_norm_last):
            super().__init__()
            self.encoder = encoder
            self.post_norm_last = post_norm_last

        def forward(self, input_features):
            enc = self.encoder
            x = torch.nn.functional.gelu(enc.conv1(input_features.to(enc.conv1.weight.dtype)))
            x = torch.nn.functional.gelu(enc.conv2(x))
            x = x.permute(0, 2, 1) + enc.embed_positions.weight
            states = [x]
            for layer in enc.layers:
                out = layer(x, attention_mask=None, layer_head_mask=None)
                x = out[0] if isinstance(out, tuple) else out
                states.append(x)
            if self.post_norm_last:
                states[-1] = enc.layer_norm(x)
            return torch.stack(states, dim=2).float()

    class Unet(torch.nn.Module):
        def __init__(self, unet):
            super().__init__()
            self.unet = unet

        def forward(self, sample, timestep, encoder_hidden_states):
            dtype = self.unet.conv_in.weight.dtype
            out = self.unet(sample.to(dtype), timestep, encoder_hidden_states=encoder_hidden_states.to(dtype)).sample
            return out.float()

    class VaeEncoder(torch.nn.Module):
        def __init__(self, vae):
            super().__init__()
            self.vae = vae

        def forward(self, image):
            dist = self.vae.encode(image.to(self.vae.dtype)).latent_dist
            return (dist.mean * SCALING).float()

    class VaeDecoder(torch.nn.Module):
        def __init__(self, vae):
            super().__init__()
            self.vae = vae

        def forward(self, latents):
            return self.vae.decode(latents.to(self.vae.dtype) / SCALING).sample.float()

    class UnetDecoder(torch.nn.Module):
        def __init__(self, unet, vae):
            super().__init__()
            self.unet = Unet(unet)
            self.decoder = VaeDecoder(vae)

        def forward(self, sample, timestep, encoder_hidden_states):
            image = self.decoder(self.unet(sample, timestep, encoder_hidden_states))
            image = (image / 2 + 0.5).clamp(0, 1) * 255
            image = torch.round(image).to(torch.uint8).permute(0, 2, 3, 1)
            return image[..., [2, 1, 0]]

    whisper = WhisperModel.from_pretrained(args.whisper_dir).encoder.eval()
    vae = AutoencoderKL.from_pretrained(args.vae_dir).eval()
    unet = load_unet(args.unet_dir)
    return {
        "whisper": WhisperStates(whisper, post_norm_last=args.version == "v1.5"),
        "unet": Unet(unet),
        "vae_encoder": VaeEncoder(vae),
        "vae_decoder": VaeDecoder(vae),
        "unet_decoder": UnetDecoder(unet, vae),
    }


def specs():
    """Per model: file stem, example-input factories, input names, output names, batch-dynamic names."""
    import torch
    unet_inputs = (lambda: (torch.randn(2, 8, 32, 32), torch.zeros(1, dtype=torch.int64), torch.randn(2, 50, 384)))
    unet_names = ["sample", "timestep", "encoder_hidden_states"]
    return {
        "whisper": ("whisper_tiny_states", lambda: (torch.randn(1, 80, 3000),), ["input_features"], ["states"], []),
        "unet": ("unet", unet_inputs, unet_names, ["latents"], ["sample", "encoder_hidden_states", "latents"]),
        "vae_encoder": ("vae_encoder", lambda: (torch.rand(2, 3, 256, 256) * 2 - 1,), ["image"], ["latents"],
                        ["image", "latents"]),
        "vae_decoder": ("vae_decoder", lambda: (torch.randn(2, 4, 32, 32),), ["latents"], ["image"],
                        ["latents", "image"]),
        "unet_decoder": ("unet_vae_decoder", unet_inputs, unet_names, ["bgr_u8"],
                         ["sample", "encoder_hidden_states", "bgr_u8"]),
    }


def export(module, path, inputs, input_names, output_names, batch_names):
    import torch
    dynamic = {name: {0: "B"} for name in batch_names}
    with torch.no_grad():
        torch.onnx.export(module, inputs, path, input_names=input_names, output_names=output_names,
                          dynamic_axes=dynamic, opset_version=OPSET, do_constant_folding=True)
    print(f"wrote {path}")


def check(module, path, inputs, input_names):
    import numpy as np
    import onnxruntime as ort
    import torch
    with torch.no_grad():
        expected = module(*inputs).float().numpy()
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    actual = session.run(None, {n: t.numpy() for n, t in zip(input_names, inputs)})[0].astype(np.float32)
    print(f"  {os.path.basename(path)}: max abs difference to torch {np.abs(actual - expected).max():.4g}")


def main(argv):
    args = parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    wrappers = build_wrappers(args)
    properties = [f"version={args.version}"]
    wanted = ["whisper", "unet", "vae_encoder", "vae_decoder"] + (["unet_decoder"] if args.fused else [])
    for key in wanted:
        stem, make_inputs, input_names, output_names, batch_names = specs()[key]
        path = os.path.join(args.out, stem + ".onnx")
        export(wrappers[key], path, make_inputs(), input_names, output_names, batch_names)
        if args.check:
            check(wrappers[key], path, make_inputs(), input_names)
    if args.fp16:
        for module in wrappers.values():
            module.half()
        for key in wanted:
            if key == "whisper":
                continue  # whisper-tiny is small and runs once per window: it stays fp32
            stem, make_inputs, input_names, output_names, batch_names = specs()[key]
            path = os.path.join(args.out, stem + "_fp16.onnx")
            export(wrappers[key], path, make_inputs(), input_names, output_names, batch_names)
            properties.append(f"{key}.fp16.file={stem}_fp16.onnx")
    with open(os.path.join(args.out, "musetalk.properties"), "w") as f:
        f.write("# written by videochat-musetalk/tools/export_onnx.py\n" + "\n".join(properties) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
