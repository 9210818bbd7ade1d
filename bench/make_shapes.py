#!/usr/bin/env python3
"""Builds random-weight models with the real shapes of the registry's larger models, for speed benchmarks.

Weights are random (seed 0), so the vectors mean nothing; the compute, the memory and the file sizes are
those of the real models, which is what encode speed depends on.

  siglip2-base-256   google/siglip2-base-patch16-256 in the Hugging Face ONNX layout: a ViT-B/16 at 256 px
                     (768 wide, 12 layers, 12 heads, attention-pooling head), and a 12-layer text tower over
                     Gemma's 256,000-token vocabulary, padded to 64 tokens. About 1.5 GB.
  xlmr-base-vit-b-32 Immich's XLM-Roberta-Base-ViT-B-32 in Immich's layout: a ViT-B/32 at 224 px beside an
                     XLM-R base text tower (250,002 tokens, 768 wide, 12 layers, attention mask, mean pooling,
                     projection to 512). About 1.5 GB.

The tokenizers are small ones trained here (the real ones are not downloadable here): tokenizing is a
small part of a query's time next to the text tower.

Needs PyTorch, onnx and tokenizers (tests/models/fixtures/requirements.txt).
Usage: make_shapes.py OUT [SHAPE...]
"""
import json, math, os, sys
import torch
from torch import nn
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors, trainers

CLIP_MEAN, CLIP_STD = [0.48145466, 0.4578275, 0.40821073], [0.26862954, 0.26130258, 0.27577711]
CORPUS = ['a photo of a cat', 'a red car on a street', '一只猫的照片', '赤い車', '빨간 자동차', 'красная машина',
          'un coche rojo', 'concept art of a desert city under two moons'] * 50


def tokenizer(specials, template):
    tok = Tokenizer(models.Unigram())
    tok.normalizer = normalizers.NFKC()
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement='▁', prepend_scheme='always')
    tok.train_from_iterator(CORPUS, trainers.UnigramTrainer(vocab_size=300, special_tokens=specials, unk_token='<unk>'))
    tok.post_processor = processors.TemplateProcessing(
        single=template, special_tokens=[(t, tok.token_to_id(t)) for t in specials if t in template])
    return tok


class Block(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.ln_1, self.ln_2 = nn.LayerNorm(width), nn.LayerNorm(width)
        self.qkv, self.out = nn.Linear(width, 3 * width), nn.Linear(width, width)
        self.mlp = nn.Sequential(nn.Linear(width, 4 * width), nn.GELU(), nn.Linear(4 * width, width))

    def forward(self, x, bias=None):
        n, l, w = x.shape
        q, k, v = self.qkv(self.ln_1(x)).reshape(n, l, 3, self.heads, w // self.heads).permute(2, 0, 3, 1, 4)
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(w // self.heads)
        if bias is not None:
            scores = scores + bias
        x = x + self.out((scores.softmax(-1) @ v).transpose(1, 2).reshape(n, l, w))
        return x + self.mlp(self.ln_2(x))


class Vit(nn.Module):
    """pool 'cls' (CLIP) or 'map' (SigLIP's attention-pooling head)."""
    def __init__(self, size, patch, width, layers, heads, dim, pool):
        super().__init__()
        self.patchify = nn.Conv2d(3, width, patch, patch)
        tokens = (size // patch) ** 2 + (1 if pool == 'cls' else 0)
        self.cls = nn.Parameter(torch.randn(1, 1, width) * 0.02)
        self.pos = nn.Parameter(torch.randn(1, tokens, width) * 0.02)
        self.blocks = nn.ModuleList([Block(width, heads) for _ in range(layers)])
        self.ln = nn.LayerNorm(width)
        self.probe = nn.Parameter(torch.randn(1, 1, width))
        self.pool_attn = nn.MultiheadAttention(width, heads, batch_first=True) if pool == 'map' else None
        self.head = nn.Linear(width, dim)
        self.pool = pool

    def forward(self, pixels):
        x = self.patchify(pixels).flatten(2).transpose(1, 2)
        if self.pool == 'cls':
            x = torch.cat([self.cls.expand(x.shape[0], 1, -1), x], 1)
        x = x + self.pos
        for b in self.blocks:
            x = b(x)
        x = self.ln(x)
        if self.pool == 'cls':
            pooled = x[:, 0]
        else:
            pooled = self.pool_attn(self.probe.expand(x.shape[0], 1, -1), x, x, need_weights=False)[0][:, 0]
        return self.head(pooled)


class Text(nn.Module):
    """'last': SigLIP (no mask, pooled at the last position); 'mean': XLM-R with M-CLIP's mean pooling."""
    def __init__(self, vocab, context, width, layers, heads, dim, pool):
        super().__init__()
        self.embed = nn.Embedding(vocab, width)
        self.pos = nn.Parameter(torch.randn(context, width) * 0.02)
        self.blocks = nn.ModuleList([Block(width, heads) for _ in range(layers)])
        self.ln = nn.LayerNorm(width)
        self.head = nn.Linear(width, dim)
        self.pool = pool

    def forward(self, input_ids, attention_mask=None):
        x = self.embed(input_ids.long()) + self.pos[: input_ids.shape[1]]
        bias = None if attention_mask is None else ((1.0 - attention_mask.float()) * -1e4)[:, None, None, :]
        for b in self.blocks:
            x = b(x, bias)
        x = self.ln(x)
        if self.pool == 'last':
            return self.head(x[:, -1])
        mask = attention_mask.float()[..., None]
        return self.head((x * mask).sum(1) / mask.sum(1))


def export(module, path, args, inputs, outputs, dynamic):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    module.eval()
    with torch.no_grad():
        torch.onnx.export(module, args, path, input_names=inputs, output_names=outputs, opset_version=14,
                          dynamic_axes=dynamic)


def siglip2_base_256(out):
    size, context, dim = 256, 64, 768
    export(Vit(size, 16, 768, 12, 12, dim, 'map'), os.path.join(out, 'onnx', 'vision_model.onnx'),
           torch.zeros(1, 3, size, size), ['pixel_values'], ['pooler_output'],
           {'pixel_values': {0: 'batch'}, 'pooler_output': {0: 'batch'}})
    export(Text(256000, context, 768, 12, 12, dim, 'last'), os.path.join(out, 'onnx', 'text_model.onnx'),
           torch.ones(1, context, dtype=torch.long), ['input_ids'], ['pooler_output'],
           {'input_ids': {0: 'batch', 1: 'sequence'}, 'pooler_output': {0: 'batch'}})
    tokenizer(['<pad>', '<eos>', '<unk>'], '$A <eos>').save(os.path.join(out, 'tokenizer.json'))
    json.dump({'model_max_length': context, 'pad_token': '<pad>', 'eos_token': '<eos>', 'unk_token': '<unk>',
               'tokenizer_class': 'GemmaTokenizer'}, open(os.path.join(out, 'tokenizer_config.json'), 'w'), indent=1)
    json.dump({'model_type': 'siglip', 'text_config': {'max_position_embeddings': context, 'vocab_size': 256000,
               'hidden_size': 768, 'projection_size': dim}, 'vision_config': {'image_size': size, 'patch_size': 16,
               'hidden_size': 768}}, open(os.path.join(out, 'config.json'), 'w'), indent=1)
    json.dump({'do_resize': True, 'size': {'height': size, 'width': size}, 'resample': 2, 'do_rescale': True,
               'rescale_factor': 1 / 255, 'do_normalize': True, 'image_mean': [0.5] * 3, 'image_std': [0.5] * 3,
               'image_processor_type': 'SiglipImageProcessor'},
              open(os.path.join(out, 'preprocessor_config.json'), 'w'), indent=1)


def xlmr_base_vit_b_32(out):
    size, context, dim = 224, 77, 512
    export(Vit(size, 32, 768, 12, 12, dim, 'cls'), os.path.join(out, 'visual', 'model.onnx'),
           torch.zeros(1, 3, size, size), ['image'], ['embedding'], {'image': {0: 'batch'}, 'embedding': {0: 'batch'}})
    ids = torch.ones(1, context, dtype=torch.int32)
    export(Text(250002, context, 768, 12, 12, dim, 'mean'), os.path.join(out, 'textual', 'model.onnx'), (ids, ids),
           ['input_ids', 'attention_mask'], ['embedding'],
           {'input_ids': {0: 'batch', 1: 'sequence'}, 'attention_mask': {0: 'batch', 1: 'sequence'},
            'embedding': {0: 'batch'}})
    tokenizer(['<s>', '<pad>', '</s>', '<unk>'], '<s> $A </s>').save(os.path.join(out, 'textual', 'tokenizer.json'))
    json.dump({'pad_token': '<pad>', 'bos_token': '<s>', 'eos_token': '</s>', 'unk_token': '<unk>',
               'model_max_length': 512, 'tokenizer_class': 'XLMRobertaTokenizer'},
              open(os.path.join(out, 'textual', 'tokenizer_config.json'), 'w'), indent=1)
    json.dump({'size': [size, size], 'mode': 'RGB', 'mean': CLIP_MEAN, 'std': CLIP_STD, 'interpolation': 'bicubic',
               'resize_mode': 'shortest', 'fill_color': 0}, open(os.path.join(out, 'visual', 'preprocess_cfg.json'), 'w'), indent=1)
    json.dump({'embed_dim': dim, 'vision_cfg': {'image_size': size, 'layers': 12, 'width': 768, 'patch_size': 32},
               'text_cfg': {'hf_model_name': 'xlm-roberta-base', 'hf_tokenizer_name': 'xlm-roberta-base',
                            'hf_proj_type': 'linear', 'hf_pooler_type': 'mean_pooler', 'context_length': context}},
              open(os.path.join(out, 'config.json'), 'w'), indent=1)


SHAPES = {'siglip2-base-256': siglip2_base_256, 'xlmr-base-vit-b-32': xlmr_base_vit_b_32}

if __name__ == '__main__':
    root, names = sys.argv[1], sys.argv[2:] or list(SHAPES)
    torch.manual_seed(0)
    for name in names:
        out = os.path.join(root, name)
        SHAPES[name](out)
        open(os.path.join(out, '.complete'), 'w').close()
        print(f'built {out}', flush=True)
