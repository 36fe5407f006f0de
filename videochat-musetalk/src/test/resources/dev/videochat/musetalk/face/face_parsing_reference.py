"""Stand-in weights for MuseTalk's face-parsing download and PyTorch's answer on one photo.

Usage: face_parsing_reference.py MUSETALK_SRC WEIGHTS_DIR PHOTO OUT_DIR

Writes WEIGHTS_DIR/resnet18-5c106cde.pth and WEIGHTS_DIR/79999_iter.pth (seeded random weights, with batch-norm
statistics away from their defaults so that they matter) in the layout MuseTalk's weight download has, then
runs MuseTalk's own BiSeNet on PHOTO as MuseTalk prepares it (Pillow bilinear resize to 512 x 512, ImageNet
normalisation) and writes into OUT_DIR: photo.rgb (the decoded pixels, RGB24), input.f32 (the normalised
tensor), logits.f32 (the first output, [1, 19, 512, 512]) and labels.u8 (its argmax per pixel); it prints the
photo's width and height. Needs torch, torchvision and Pillow.
"""
import importlib
import os
import sys
import types

import numpy as np
import torch
import torchvision
from PIL import Image


def main(musetalk_src, weights, photo, out):
    torch.manual_seed(7)
    os.makedirs(weights, exist_ok=True)
    os.makedirs(out, exist_ok=True)
    resnet = os.path.join(weights, "resnet18-5c106cde.pth")
    torch.save(torchvision.models.resnet18().state_dict(), resnet)
    # MuseTalk's model.py imports its resnet.py relatively; load both as a package without its __init__.py.
    package = types.ModuleType("reference_face_parsing")
    package.__path__ = [os.path.join(musetalk_src, "musetalk", "utils", "face_parsing")]
    sys.modules[package.__name__] = package
    net = importlib.import_module(package.__name__ + ".model").BiSeNet(resnet)
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 2.0)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
    torch.save(net.state_dict(), os.path.join(weights, "79999_iter.pth"))
    net.eval()

    image = Image.open(photo).convert("RGB")
    with open(os.path.join(out, "photo.rgb"), "wb") as f:
        f.write(np.asarray(image).tobytes())
    normalise = torchvision.transforms.Compose([
        torchvision.transforms.ToTensor(),
        torchvision.transforms.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))])
    tensor = normalise(image.resize((512, 512), Image.BILINEAR)).unsqueeze(0)
    with torch.no_grad():
        logits = net(tensor)[0]
    for name, array in (("input.f32", tensor.numpy().astype("<f4")), ("logits.f32", logits.numpy().astype("<f4")),
                        ("labels.u8", logits[0].argmax(0).numpy().astype(np.uint8))):
        with open(os.path.join(out, name), "wb") as f:
            f.write(array.tobytes())
    print(image.width, image.height)


if __name__ == "__main__":
    main(*sys.argv[1:5])
