"""mmpose's own top-down pre- and post-processing for DWPose, on a photo and on seeded SimCC outputs.

Usage: dwpose_reference.py MMPOSE_SRC PHOTO OUT_DIR

Loads mmpose's bbox transforms (get_warp_matrix, bbox_xyxy2cs) and SimCC post-processing (get_simcc_maximum)
straight from the checkout's files, without importing the mmpose package (which needs mmcv and mmengine), and
the COCO-WholeBody keypoint swaps from its dataset config. Writes into OUT_DIR: photo.bgr (the photo as OpenCV
reads it, as MuseTalk reads frames), warp.f32 (the 288 x 384 input as mmpose's pipeline makes it for the whole
picture: box padding 1.25, aspect ratio fixed, cv2.warpAffine bilinear, RGB planes normalised), simcc_x.f32,
simcc_y.f32, flip_x.f32, flip_y.f32 (seeded outputs of the network and of its flipped input) and face.txt (the 68
face keypoints 23..90 in picture pixels, decoded with the flip test as mmpose's RTMCC head does); prints the
photo's width and height. Needs numpy, OpenCV's Python module and torch (post_processing.py imports it).
"""
import importlib.util
import os
import runpy
import sys

import cv2
import numpy as np


def module(path):
    spec = importlib.util.spec_from_file_location(os.path.basename(path)[:-3], path)
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return loaded


def main(mmpose, photo, out):
    transforms = module(os.path.join(mmpose, "mmpose", "structures", "bbox", "transforms.py"))
    post = module(os.path.join(mmpose, "mmpose", "codecs", "utils", "post_processing.py"))
    info = runpy.run_path(os.path.join(mmpose, "configs", "_base_", "datasets", "coco_wholebody.py"))
    keypoints = info["dataset_info"]["keypoint_info"]
    index = {v["name"]: k for k, v in keypoints.items()}
    flip = [index[keypoints[k]["swap"]] if keypoints[k]["swap"] else k for k in range(len(keypoints))]

    os.makedirs(out, exist_ok=True)
    image = cv2.imread(photo)
    height, width = image.shape[:2]
    with open(os.path.join(out, "photo.bgr"), "wb") as f:
        f.write(image.tobytes())
    # GetBBoxCenterScale(padding=1.25) on the whole picture, then TopdownAffine's aspect-ratio fix to 288 / 384.
    center, scale = transforms.bbox_xyxy2cs(np.array([[0, 0, width, height]], np.float32), padding=1.25)
    aspect = 288 / 384
    w, h = np.hsplit(scale, [1])
    scale = np.where(w > h * aspect, np.hstack([w, w / aspect]), np.hstack([h * aspect, h]))
    center, scale = center[0], scale[0]
    matrix = transforms.get_warp_matrix(center, scale, 0, output_size=(288, 384))
    warped = cv2.warpAffine(image, matrix, (288, 384), flags=cv2.INTER_LINEAR)
    rgb = warped[:, :, ::-1].astype(np.float32)
    normalised = (rgb - np.array([123.675, 116.28, 103.53], np.float32)) / np.array([58.395, 57.12, 57.375],
                                                                                     np.float32)
    with open(os.path.join(out, "warp.f32"), "wb") as f:
        f.write(normalised.transpose(2, 0, 1).astype("<f4").tobytes())

    rng = np.random.default_rng(3)
    outputs = {name: rng.standard_normal((1, 133, bins)).astype(np.float32)
               for name, bins in (("simcc_x", 576), ("simcc_y", 768), ("flip_x", 576), ("flip_y", 768))}
    for name, array in outputs.items():
        with open(os.path.join(out, name + ".f32"), "wb") as f:
            f.write(array.astype("<f4").tobytes())
    # Flip test: the flipped input's answer turned back (x bins reversed, left and right swapped), then averaged.
    x = (outputs["simcc_x"] + outputs["flip_x"][:, flip, ::-1]) * 0.5
    y = (outputs["simcc_y"] + outputs["flip_y"][:, flip, :]) * 0.5
    locations, _ = post.get_simcc_maximum(x, y)
    points = locations / 2.0  # simcc_split_ratio
    points = points / np.array([288, 384]) * scale + center - 0.5 * scale
    np.savetxt(os.path.join(out, "face.txt"), points[0][23:91])
    print(width, height)


if __name__ == "__main__":
    main(*sys.argv[1:4])
