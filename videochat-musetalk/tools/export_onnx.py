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
  face_parsing.onnx         (--face-parsing) BiSeNet, 79999_iter.pth: image f32 [1,3,512,512] (RGB, ImageNet
                            normalisation) -> logits f32 [1,19,512,512] (the first of BiSeNet's three outputs)
  dwpose.onnx               (--dwpose-pth) DWPose dw-ll_ucoco_384 (RTMPose-l whole body, mmpose): input f32
                            [1,3,384,288] -> simcc_x f32 [1,133,576], simcc_y f32 [1,133,768]
  musetalk.properties       the version and, with --fp16, the fp16 file of each model
Every model larger than protobuf's 2 GB limit keeps its weights in one file beside it, <name>.onnx.data.
With --fp16 each model (not Whisper, not the face models) is also written as <name>_fp16.onnx: the exported
fp32 graph optimised by ONNX Runtime's transformer optimiser (GroupNorm and attention fusions for the UNet and
the VAE) and converted with its float16 conversion keeping float32 inputs and outputs, so the Java side feeds
the same buffers either way. (Calling .half() and tracing on the CPU does not work: PyTorch has no CPU
half-precision convolution or GroupNorm.)

Face models: both come with MuseTalk's own weight download (models/face-parse-bisent/79999_iter.pth and
models/dwpose/dw-ll_ucoco_384.pth). --musetalk-src points at a MuseTalk checkout, whose
musetalk/utils/face_parsing/model.py defines BiSeNet and whose musetalk/utils/dwpose/ holds the mmpose config;
DWPose also needs mmpose, mmcv and mmengine (MuseTalk's install brings them). The Java side finds the files as
the roles face_parsing and dwpose (musetalk.properties keys face_parsing.file, dwpose.file).

Parity (--parity CLIP): runs the clip through PyTorch MuseTalk and through the ONNX files in --out, and prints
the maximum absolute difference per model and for the final 256 x 256 faces (uint8 levels). It needs the same
model arguments as the export and a MuseTalk checkout (--musetalk-src) for its audio processor.

What it needs (mostly not available where this project is built: there the face-parsing path has been run with
torch 1.13.1 and random weights, see FaceParsingExportTest; the other paths only compile):
  * Python 3.10, torch >= 2.0.1 (onnx export, opset 17), diffusers >= 0.27.2 (UNet2DConditionModel,
    AutoencoderKL, AttnProcessor), transformers >= 4.39.2 (WhisperModel), onnx; onnxruntime optionally,
    for the --check comparison. These are the versions MuseTalk 1.5 pins in its requirements.txt.
  * --unet-dir: MuseTalk's UNet folder: musetalk.json (or config.json) plus the weights,
    musetalkV15/unet.pth (v1.5) or musetalk/pytorch_model.bin (v1.0), from huggingface.co/TMElyralab/MuseTalk.
  * --vae-dir: stabilityai/sd-vae-ft-mse in diffusers layout (config.json + diffusion_pytorch_model.*).
  * --whisper-dir: openai/whisper-tiny in transformers layout (the same weights as openai's tiny.pt).
Written against MuseTalk at commit 0a89dec (musetalk/models/unet.py, vae.py, utils/audio_processor.py) and
transformers' WhisperEncoder.forward; the v1.0 fifth state follows MuseTalk 1.0's vendored openai-whisper.

Examples:
  python3 export_onnx.py --version v1.5 --unet-dir models/musetalkV15 --vae-dir models/sd-vae \
      --whisper-dir models/whisper --out models/onnx-v15 --fp16 --fused --check
  python3 export_onnx.py --faces-only --musetalk-src MuseTalk --out models/onnx-v15 \
      --face-parsing MuseTalk/models/face-parse-bisent/79999_iter.pth \
      --dwpose-pth MuseTalk/models/dwpose/dw-ll_ucoco_384.pth
  python3 export_onnx.py --version v1.5 --unet-dir ... --vae-dir ... --whisper-dir ... --out models/onnx-v15 \
      --musetalk-src MuseTalk --parity data/video/clip.mp4
"""
import argparse
import json
import os
import sys

SCALING = 0.18215
OPSET = 17


DWPOSE_CONFIG = os.path.join("musetalk", "utils", "dwpose", "rtmpose-l_8xb32-270e_coco-ubody-wholebody-384x288.py")


def parse_args(argv):
    """The arguments; needs no third-party module, so it can be tested anywhere."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", choices=["v1.0", "v1.5"], default="v1.5")
    p.add_argument("--unet-dir")
    p.add_argument("--vae-dir")
    p.add_argument("--whisper-dir")
    p.add_argument("--out", required=True)
    p.add_argument("--fp16", action="store_true",
                   help="also write *_fp16.onnx (ONNX Runtime optimiser + float16 conversion, fp32 I/O)")
    p.add_argument("--fused", action="store_true", help="also write unet_vae_decoder.onnx (uint8 BGR output)")
    p.add_argument("--check", action="store_true", help="compare each export with torch through onnxruntime")
    p.add_argument("--musetalk-src", help="a MuseTalk checkout (face parsing model code, DWPose config, parity)")
    p.add_argument("--face-parsing", metavar="PTH", help="BiSeNet weights 79999_iter.pth: write face_parsing.onnx")
    p.add_argument("--dwpose-pth", metavar="PTH", help="DWPose weights dw-ll_ucoco_384.pth: write dwpose.onnx")
    p.add_argument("--dwpose-config", metavar="PY",
                   help="the mmpose config (default: MuseTalk's, under --musetalk-src)")
    p.add_argument("--faces-only", action="store_true", help="export only the face models")
    p.add_argument("--parity", metavar="CLIP",
                   help="compare PyTorch MuseTalk and the ONNX files in --out on this clip instead of exporting")
    args = p.parse_args(argv)
    talking = [args.unet_dir, args.vae_dir, args.whisper_dir]
    if args.faces_only:
        if not (args.face_parsing or args.dwpose_pth):
            p.error("--faces-only needs --face-parsing and/or --dwpose-pth")
    elif not all(talking):
        p.error("--unet-dir, --vae-dir and --whisper-dir are required (or --faces-only)")
    if (args.face_parsing or args.dwpose_pth or args.parity) and not args.musetalk_src \
            and not (args.dwpose_pth and args.dwpose_config and not args.face_parsing and not args.parity):
        p.error("--face-parsing, --dwpose-pth and --parity need --musetalk-src (a MuseTalk checkout)")
    if args.parity and args.faces_only:
        p.error("--parity compares the talking-head models: drop --faces-only")
    if args.dwpose_pth and not args.dwpose_config:
        args.dwpose_config = os.path.join(args.musetalk_src, DWPOSE_CONFIG)
    return args


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
    """Exports into a scratch folder, then saves with all weights in one file when over 2 GB."""
    import tempfile
    import torch
    dynamic = {name: {0: "B"} for name in batch_names}
    with tempfile.TemporaryDirectory(dir=os.path.dirname(os.path.abspath(path))) as scratch:
        # torch writes one external file per tensor for models over 2 GB; they stay in the scratch folder.
        first = os.path.join(scratch, os.path.basename(path))
        with torch.no_grad():
            torch.onnx.export(module, inputs, first, input_names=input_names, output_names=output_names,
                              dynamic_axes=dynamic, opset_version=OPSET, do_constant_folding=True)
        save_model(load_model(first), path)
    print(f"wrote {path}")


def load_model(path):
    import onnx
    return onnx.load(path, load_external_data=True)


def save_model(model, path):
    """One .onnx file, or, past protobuf's 2 GB limit, the graph plus one <name>.data file beside it."""
    import onnx
    data = os.path.basename(path) + ".data"
    if os.path.exists(path + ".data"):
        os.remove(path + ".data")
    if model.ByteSize() < 2_000_000_000:
        onnx.save_model(model, path)
    else:
        onnx.save_model(model, path, save_as_external_data=True, all_tensors_to_one_file=True, location=data,
                        size_threshold=1024)


def to_fp16(src, dst, key):
    """The fp32 export optimised by ONNX Runtime and converted to float16 inside, float32 inputs and outputs."""
    from onnxruntime.transformers import optimizer
    # 'unet' and 'vae' enable the GroupNorm, attention and BiasSplitGelu fusions ONNX Runtime has for them.
    model_type = "unet" if key in ("unet", "unet_decoder") else "vae"
    optimized = optimizer.optimize_model(src, model_type=model_type, opt_level=0, use_gpu=True)
    # Resize and the decoder's rounding stay fp32: float16 upsampling and uint8 casts lose levels.
    optimized.convert_float_to_float16(keep_io_types=True, op_block_list=["Resize", "Round", "Cast"])
    save_model(optimized.model, dst)
    print(f"wrote {dst}")


def bisenet_class(musetalk_src):
    """MuseTalk's BiSeNet class (musetalk/utils/face_parsing/model.py and the resnet.py it imports relatively).

    The two files are loaded as modules of a package made here, so that the package's own __init__.py, which
    needs OpenCV and Pillow for MuseTalk's pre-processing, is not run: torch and torchvision are enough.
    """
    import importlib
    import types
    folder = os.path.join(musetalk_src, "musetalk", "utils", "face_parsing")
    if not os.path.isfile(os.path.join(folder, "model.py")):
        raise SystemExit(f"{folder}/model.py not found: --musetalk-src must be a MuseTalk checkout")
    package = types.ModuleType("musetalk_face_parsing")
    package.__path__ = [folder]
    sys.modules[package.__name__] = package
    return importlib.import_module(package.__name__ + ".model").BiSeNet


def face_parsing_module(musetalk_src, weights):
    """BiSeNet with MuseTalk's code and 79999_iter.pth; forward returns the first output only."""
    import torch
    BiSeNet = bisenet_class(musetalk_src)

    class FaceParsing(torch.nn.Module):
        def __init__(self):
            super().__init__()
            # MuseTalk's BiSeNet loads the ImageNet resnet18 it was trained from (downloaded beside
            # 79999_iter.pth); the full state dict then replaces every weight.
            self.net = BiSeNet(os.path.join(os.path.dirname(weights), "resnet18-5c106cde.pth"))
            self.net.load_state_dict(torch.load(weights, map_location="cpu"))
            self.net.eval()

        def forward(self, image):
            return self.net(image)[0]

    return FaceParsing().eval()


def dwpose_module(config, weights):
    """RTMPose-l whole body (mmpose): backbone and SimCC head, the normalised picture in, simcc_x and simcc_y out."""
    import torch
    from mmpose.apis import init_model

    pose = init_model(config, weights, device="cpu")

    class DwPose(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.backbone = pose.backbone
            self.neck = getattr(pose, "neck", None)
            self.head = pose.head

        def forward(self, image):
            feats = self.backbone(image)
            if self.neck is not None:
                feats = self.neck(feats)
            simcc_x, simcc_y = self.head(feats)
            return simcc_x, simcc_y

    return DwPose().eval()


def export_faces(args):
    import torch
    if args.face_parsing:
        module = face_parsing_module(args.musetalk_src, args.face_parsing)
        path = os.path.join(args.out, "face_parsing.onnx")
        export(module, path, (torch.randn(1, 3, 512, 512),), ["image"], ["logits"], [])
        if args.check:
            check(module, path, (torch.randn(1, 3, 512, 512),), ["image"])
    if args.dwpose_pth:
        module = dwpose_module(args.dwpose_config, args.dwpose_pth)
        path = os.path.join(args.out, "dwpose.onnx")
        export(module, path, (torch.randn(1, 3, 384, 288),), ["input"], ["simcc_x", "simcc_y"], [])
        if args.check:
            check(module, path, (torch.randn(1, 3, 384, 288),), ["input"])


def check(module, path, inputs, input_names):
    import numpy as np
    import onnxruntime as ort
    import torch
    with torch.no_grad():
        expected = module(*inputs)
    expected = expected[0] if isinstance(expected, tuple) else expected
    expected = expected.float().numpy()
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    actual = session.run(None, {n: t.numpy() for n, t in zip(input_names, inputs)})[0].astype(np.float32)
    print(f"  {os.path.basename(path)}: max abs difference to torch {np.abs(actual - expected).max():.4g}")
    return float(np.abs(actual - expected).max())


def parity(args, wrappers):
    """The same clip through PyTorch and through the ONNX files: max abs difference per model and per face."""
    import numpy as np
    import onnxruntime as ort
    import torch
    sys.path.insert(0, args.musetalk_src)
    from musetalk.utils.audio_processor import AudioProcessor  # MuseTalk's feature extraction

    def session(stem):
        path = os.path.join(args.out, stem + ".onnx")
        return ort.InferenceSession(path, providers=["CPUExecutionProvider"]) if os.path.exists(path) else None

    features, _ = AudioProcessor(feature_extractor_path=args.whisper_dir).get_audio_feature(args.parity)
    mel = torch.as_tensor(np.concatenate(features, axis=-1)[..., :3000]).float()
    results = {}
    with torch.no_grad():
        states_t = wrappers["whisper"](mel)
    s = session("whisper_tiny_states")
    states_o = s.run(None, {"input_features": mel.numpy()})[0]
    results["whisper"] = np.abs(states_o - states_t.numpy()).max()
    # Ten feature rows per frame, time-major, with the positional encoding, as MuseTalk feeds the UNet.
    prompts = states_t[0, :80].reshape(8, 50, 384) + positional_encoding(50, 384)
    torch.manual_seed(0)
    image = torch.rand(prompts.shape[0], 3, 256, 256) * 2 - 1
    masked = image.clone()
    masked[:, :, 128:] = -1
    with torch.no_grad():
        latents_t = torch.cat([wrappers["vae_encoder"](masked), wrappers["vae_encoder"](image)], dim=1)
        timestep = torch.zeros(1, dtype=torch.int64)
        unet_t = wrappers["unet"](latents_t, timestep, prompts)
        faces_t = wrappers["vae_decoder"](unet_t)
    enc = session("vae_encoder")
    latents_o = np.concatenate([enc.run(None, {"image": masked.numpy()})[0],
                                enc.run(None, {"image": image.numpy()})[0]], axis=1)
    results["vae_encoder"] = np.abs(latents_o - latents_t.numpy()).max()
    for suffix in ("", "_fp16"):
        unet, dec = session("unet" + suffix), session("vae_decoder" + suffix)
        if unet is None or dec is None:
            continue
        unet_o = unet.run(None, {"sample": latents_t.numpy(), "timestep": timestep.numpy(),
                                 "encoder_hidden_states": prompts.numpy()})[0]
        results["unet" + suffix] = np.abs(unet_o - unet_t.numpy()).max()
        faces_o = dec.run(None, {"latents": unet_t.numpy()})[0]
        results["vae_decoder" + suffix] = np.abs(faces_o - faces_t.numpy()).max()
        end_to_end = dec.run(None, {"latents": unet_o})[0]
        results["final faces" + suffix + " (uint8 levels)"] = np.abs(to_levels(end_to_end)
                                                                    - to_levels(faces_t.numpy())).max()
    for name, diff in results.items():
        print(f"  {name}: max abs difference {float(diff):.4g}")
    return results


def positional_encoding(length, dim):
    """MuseTalk's sinusoidal encoding (musetalk/models/unet.py), rows 0..length-1."""
    import math
    import torch
    position = torch.arange(length, dtype=torch.float32).unsqueeze(1)
    div = torch.exp(torch.arange(0, dim, 2, dtype=torch.float32) * (-math.log(10000.0) / dim))
    pe = torch.zeros(length, dim)
    pe[:, 0::2] = torch.sin(position * div)
    pe[:, 1::2] = torch.cos(position * div)
    return pe


def to_levels(image):
    """Decoder output in [-1, 1] to the uint8 levels MuseTalk writes (round half to even, as torch)."""
    import numpy as np
    return np.round(np.clip(image / 2 + 0.5, 0, 1) * 255).astype(np.int16)


def main(argv):
    args = parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    if args.faces_only:
        export_faces(args)
        return 0
    wrappers = build_wrappers(args)
    if args.parity:
        parity(args, wrappers)
        return 0
    properties = [f"version={args.version}"]
    wanted = ["whisper", "unet", "vae_encoder", "vae_decoder"] + (["unet_decoder"] if args.fused else [])
    for key in wanted:
        stem, make_inputs, input_names, output_names, batch_names = specs()[key]
        path = os.path.join(args.out, stem + ".onnx")
        export(wrappers[key], path, make_inputs(), input_names, output_names, batch_names)
        if args.check:
            check(wrappers[key], path, make_inputs(), input_names)
    if args.fp16:
        for key in wanted:
            if key == "whisper":
                continue  # whisper-tiny is small and runs once per window: it stays fp32
            stem = specs()[key][0]
            to_fp16(os.path.join(args.out, stem + ".onnx"), os.path.join(args.out, stem + "_fp16.onnx"), key)
            properties.append(f"{key}.fp16.file={stem}_fp16.onnx")
    export_faces(args)
    with open(os.path.join(args.out, "musetalk.properties"), "w") as f:
        f.write("# written by videochat-musetalk/tools/export_onnx.py\n" + "\n".join(properties) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
