/**
 * The two folder layouts an image-text model comes in, and which files of each
 * the encoder needs: Hugging Face's ONNX exports (Xenova, onnx-community) and
 * Immich's (`visual/`, `textual/`). A folder that is neither gets a message
 * naming what it lacks for each, so a person can tell a wrong folder from an
 * incomplete download.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ModelError } from './manifest';

export type LayoutName = 'huggingface' | 'immich';

/** The file that marks a folder under the data folder's models as installed (see installMarker.ts). */
export const MARKER_FILE = 'atelier-model.json';
export type EncoderKind = 'vision' | 'text';

export interface Layout {
  name: LayoutName;
  /** The fp32 graph of each encoder, relative to the folder. */
  encoders: Record<EncoderKind, string>;
  /** Configuration and tokenizer files the layout reads when present, relative to the folder. */
  configs: string[];
  /** Files without which a folder of this layout cannot be used. */
  required: string[];
}

export const HUGGINGFACE: Layout = {
  name: 'huggingface',
  encoders: { vision: 'onnx/vision_model.onnx', text: 'onnx/text_model.onnx' },
  configs: [
    'config.json',
    'preprocessor_config.json',
    'tokenizer.json',
    'tokenizer_config.json',
    'special_tokens_map.json',
    'vocab.json',
    'merges.txt',
  ],
  // Older CLIP exports carry no tokenizer.json: the bundled CLIP vocabulary serves them.
  required: ['onnx/vision_model.onnx', 'onnx/text_model.onnx'],
};

export const IMMICH: Layout = {
  name: 'immich',
  encoders: { vision: 'visual/model.onnx', text: 'textual/model.onnx' },
  configs: ['config.json', 'visual/preprocess_cfg.json', 'textual/tokenizer.json', 'textual/tokenizer_config.json'],
  required: [
    'visual/model.onnx',
    'textual/model.onnx',
    'textual/tokenizer.json',
    'textual/tokenizer_config.json',
    'visual/preprocess_cfg.json',
    'config.json',
  ],
};

const isFile = (file: string) => {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
};

/** Where a Hugging Face encoder may be found besides its fp32 graph, in order of preference for the CPU. */
const HF_VARIANTS = ['', '_quantized', '_fp16'] as const;

/** The graph a Hugging Face folder offers for `kind` when its fp32 one is absent (a quantized-only download). */
function hfEncoder(dir: string, kind: EncoderKind): string | undefined {
  return HF_VARIANTS.map((v) => `onnx/${kind}_model${v}.onnx`).find((rel) => isFile(path.join(dir, rel)));
}

function missing(dir: string, layout: Layout): string[] {
  return layout.required.filter((rel) => {
    if (layout.name === 'huggingface' && rel.startsWith('onnx/')) {
      return !hfEncoder(dir, rel.includes('vision') ? 'vision' : 'text');
    }
    return !isFile(path.join(dir, rel));
  });
}

/**
 * The layout of a model folder; a ModelError that names what is missing when
 * the folder is neither. A folder that has begun to look like one layout (an
 * `onnx/` or `visual/`/`textual/` folder) is judged as that layout alone.
 */
export function detectLayout(dir: string): Layout {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ModelError(`"${dir}" is not a folder.`);
  const gaps = { huggingface: missing(dir, HUGGINGFACE), immich: missing(dir, IMMICH) };
  if (gaps.huggingface.length === 0) return HUGGINGFACE;
  if (gaps.immich.length === 0) return IMMICH;
  const looksImmich = existsSync(path.join(dir, 'visual')) || existsSync(path.join(dir, 'textual'));
  const looksHf = existsSync(path.join(dir, 'onnx'));
  if (looksImmich && !looksHf) {
    throw new ModelError(`"${dir}" looks like an Immich model export but lacks ${gaps.immich.join(', ')}.`);
  }
  if (looksHf && !looksImmich) {
    throw new ModelError(
      `"${dir}" looks like a Hugging Face ONNX model export but lacks ${gaps.huggingface.join(', ')}.`,
    );
  }
  throw new ModelError(
    `"${dir}" is not a model folder Atelier can read. A Hugging Face ONNX export needs ` +
      `${HUGGINGFACE.required.join(', ')} (and tokenizer.json, preprocessor_config.json, config.json); ` +
      `an Immich export needs ${IMMICH.required.join(', ')}. ` +
      `This folder lacks ${gaps.huggingface.join(', ')} for the first and ${gaps.immich.join(', ')} for the second.`,
  );
}

/** The encoder graphs a folder offers for `kind`, as relative paths, best first for a GPU or for the CPU. */
export function encoderCandidates(dir: string, layout: Layout, kind: EncoderKind, gpu: boolean): string[] {
  if (layout.name === 'immich') return [layout.encoders[kind]];
  const order = gpu ? ['_fp16', '', '_quantized'] : HF_VARIANTS;
  return order.map((v) => `onnx/${kind}_model${v}.onnx`).filter((rel) => isFile(path.join(dir, rel)));
}

/** The graph that stands for an encoder when fingerprinting or checking a folder. */
export function primaryEncoder(dir: string, layout: Layout, kind: EncoderKind): string {
  return (layout.name === 'huggingface' ? hfEncoder(dir, kind) : undefined) ?? layout.encoders[kind];
}
