#!/usr/bin/env python3
"""The reference pipeline of `bench:index`: CLIP image embeddings the way
Milvus's multimodal-RAG tutorial computes them. PyTorch CLIP, PIL
preprocessing (CLIP's own transform: bicubic resize of the short side to 224,
centre crop, RGB, normalise), one image at a time, under torch.no_grad.

The model is the ViT-B/32-shaped CLIP that make_models.py builds (its classes,
its state_dict.pt): the same weights the ONNX files hold.

Usage: reference_clip.py MAKE_MODELS_PY STATE_DICT FILE_LIST [KEEP]
Prints one JSON object: images, seconds (embedding only, model load excluded),
cpu_s, peak_rss_mb, torch_threads, and the unit vectors of the first KEEP images.
"""
import importlib.util, json, os, resource, sys, time

import numpy as np
import torch
from PIL import Image

MEAN = torch.tensor([0.48145466, 0.4578275, 0.40821073]).view(3, 1, 1)
STD = torch.tensor([0.26862954, 0.26130258, 0.27577711]).view(3, 1, 1)


def preprocess(path, size=224):
    """torchvision's Resize(size, BICUBIC) + CenterCrop(size) + RGB + ToTensor + Normalize, on PIL."""
    img = Image.open(path)
    w, h = img.size
    short, long = min(w, h), max(w, h)
    new_long = int(size * long / short)
    rw, rh = (size, new_long) if w <= h else (new_long, size)
    img = img.resize((rw, rh), Image.BICUBIC)
    left, top = int(round((rw - size) / 2.0)), int(round((rh - size) / 2.0))
    img = img.crop((left, top, left + size, top + size)).convert('RGB')
    x = torch.from_numpy(np.asarray(img, dtype=np.float32) / 255.0).permute(2, 0, 1)
    return (x - MEAN) / STD


def main():
    make_models, state_dict, file_list = sys.argv[1:4]
    keep = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    # Debian's torch starts with one OpenMP thread here; a pip install would use every core. Give the
    # reference every core, so that it is not handicapped.
    torch.set_num_threads(len(os.sched_getaffinity(0)))
    spec = importlib.util.spec_from_file_location('make_models', make_models)
    mm = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mm)
    model = torch.nn.ModuleList([mm.Vision(768, 12, 12, 32, 512), mm.Text(512, 12, 8, 512)])
    model.load_state_dict(torch.load(state_dict))
    vision = model[0].eval()
    files = [line for line in open(file_list).read().split('\n') if line]
    kept = []
    with torch.no_grad():
        vision(preprocess(files[0]).unsqueeze(0))  # warm-up, as the other pipelines get
        cpu0, t0 = time.process_time(), time.perf_counter()
        for i, path in enumerate(files):
            emb = vision(preprocess(path).unsqueeze(0))
            emb = emb / emb.norm(dim=-1, keepdim=True)
            if i < keep:
                kept.append(emb[0].tolist())
        seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    maps = open('/proc/self/maps').read() if os.path.exists('/proc/self/maps') else ''
    blas = 'openblas' if 'openblas' in maps else 'mkl' if 'libmkl' in maps else 'reference BLAS' if '/blas/libblas' in maps else 'unknown'
    print(json.dumps({
        'images': len(files), 'seconds': seconds, 'cpu_s': cpu,
        'peak_rss_mb': round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        'torch_threads': torch.get_num_threads(), 'blas': blas, 'vectors': kept,
    }))


if __name__ == '__main__':
    main()
