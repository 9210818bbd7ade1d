/**
 * What a model folder's own configuration says about feeding it: image size,
 * resize mode, interpolation, mean and std (preprocessor_config.json or Immich's
 * preprocess_cfg.json), and the text side's context length, padding and
 * cleaning (config.json, tokenizer_config.json). A folder without these files
 * (older CLIP exports) gets OpenAI CLIP's settings, which is what it is.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ModelError, registrySpecSchema } from './manifest';
import { detectLayout, type Layout, type LayoutName, MARKER_FILE } from './modelLayout';

export interface ImageSpec {
  size: number;
  mean: readonly number[];
  std: readonly number[];
  /** `shortest`: short side to `size`, then a centre crop; `squash`: both sides to `size`. */
  resize: 'shortest' | 'squash';
  interpolation: 'bicubic' | 'bilinear';
  /**
   * How the centre crop's offset is rounded: openai/CLIP's torchvision rounds half to even,
   * transformers' processors and Immich take the floor. They differ by one pixel at most.
   */
  crop: 'round' | 'floor';
}

export interface TextSpec {
  /** Tokens per text at most, special tokens included. */
  contextLength: number;
  /**
   * `max_length`: every text padded to the full context (SigLIP pools at the last position and
   * takes no mask, so padding is part of its input); `longest`: to the longest in the batch, for
   * models that ignore padding (CLIP's causal mask and end-of-text pooling, or an attention mask).
   */
  padding: 'longest' | 'max_length';
  /** The pad token's text, when the tokenizer config names one. */
  padToken?: string;
  /** Immich's `clean_text`: collapse whitespace; with `canonicalize`, also drop punctuation and lowercase. */
  clean: 'none' | 'whitespace' | 'canonicalize';
  /**
   * `flores-200`: the query's language, as its FLORES-200 code, goes before the text (NLLB text
   * towers, as Immich feeds them); without a language the text goes alone.
   */
  languagePrefix?: 'flores-200';
}

export interface ModelSpec {
  layout: LayoutName;
  /** Embedding width the config declares, if it declares one. */
  dim?: number;
  image: ImageSpec;
  text: TextSpec;
  /** tokenizer.json, when the folder has one; else the bundled CLIP vocabulary serves. */
  tokenizerFile?: string;
}

type Json = Record<string, unknown>;

function readJson(file: string): Json | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Json;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ModelError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
}

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const triple = (v: unknown): number[] | undefined =>
  Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number') ? v : undefined;
/** tokenizer_config's model_max_length is a huge sentinel when unset. */
const sane = (v: unknown): number | undefined => {
  const n = num(v);
  return n !== undefined && n > 0 && n <= 4096 ? n : undefined;
};

// Here rather than beside the preprocessing that uses them: reading a model's configuration (a text
// query's start-up) then loads no image decoder.
export const CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073] as const;
export const CLIP_STD = [0.26862954, 0.26130258, 0.27577711] as const;

const CLIP_IMAGE: ImageSpec = {
  size: 224,
  mean: CLIP_MEAN,
  std: CLIP_STD,
  resize: 'shortest',
  interpolation: 'bicubic',
  crop: 'round',
};

/** PIL's resample codes as transformers writes them. */
function pilResample(code: unknown): ImageSpec['interpolation'] {
  return code === 2 ? 'bilinear' : 'bicubic';
}

function hfImage(pre: Json | undefined): ImageSpec {
  if (!pre) return CLIP_IMAGE;
  const size = pre.size;
  const sizeObj = obj(size);
  const crop = pre.do_center_crop === true ? (num(pre.crop_size) ?? num(obj(pre.crop_size).height)) : undefined;
  const squash = num(sizeObj.height) !== undefined && pre.do_center_crop !== true;
  const edge = num(size) ?? num(sizeObj.shortest_edge) ?? num(sizeObj.height) ?? 224;
  return {
    size: squash ? edge : (crop ?? edge),
    mean: triple(pre.image_mean) ?? CLIP_MEAN,
    std: triple(pre.image_std) ?? CLIP_STD,
    resize: squash ? 'squash' : 'shortest',
    interpolation: pilResample(pre.resample),
    crop: 'floor',
  };
}

function immichImage(cfg: Json): ImageSpec {
  const size = Array.isArray(cfg.size) ? num(cfg.size[0]) : num(cfg.size);
  const mode = cfg.resize_mode ?? 'shortest';
  if (mode !== 'shortest' && mode !== 'squash') {
    throw new ModelError(`Unsupported resize_mode ${JSON.stringify(mode)} in visual/preprocess_cfg.json.`);
  }
  const interpolation = (str(cfg.interpolation) || 'bicubic').toLowerCase();
  if (interpolation !== 'bicubic' && interpolation !== 'bilinear') {
    throw new ModelError(`Unsupported interpolation ${JSON.stringify(interpolation)} in visual/preprocess_cfg.json.`);
  }
  return {
    size: size ?? 224,
    mean: triple(cfg.mean) ?? CLIP_MEAN,
    std: triple(cfg.std) ?? CLIP_STD,
    resize: mode,
    interpolation,
    crop: 'floor',
  };
}

function padToken(tokCfg: Json | undefined): { padToken?: string } {
  const pad = tokCfg?.pad_token;
  const text = typeof pad === 'string' ? pad : obj(pad).content;
  return typeof text === 'string' ? { padToken: text } : {};
}

function hfSpec(dir: string): ModelSpec {
  const config = readJson(path.join(dir, 'config.json')) ?? {};
  const tokCfg = readJson(path.join(dir, 'tokenizer_config.json'));
  const textCfg = obj(config.text_config);
  const type = str(config.model_type);
  const siglip = type.startsWith('siglip') || /siglip|gemma/i.test(str(tokCfg?.tokenizer_class));
  // SigLIP has no projection: its text head maps to `projection_size`, which is the vision width by default.
  const dim =
    num(config.projection_dim) ??
    num(config.embedding_dim) ??
    num(textCfg.projection_size) ??
    num(obj(config.vision_config).hidden_size);
  const hasTokenizer = readJson(path.join(dir, 'tokenizer.json')) !== undefined;
  return {
    layout: 'huggingface',
    ...(dim ? { dim } : {}),
    image: hfImage(readJson(path.join(dir, 'preprocessor_config.json'))),
    text: {
      contextLength:
        sane(tokCfg?.model_max_length) ??
        num(textCfg.max_position_embeddings) ??
        num(config.context_length) ??
        (siglip ? 64 : 77),
      padding: siglip ? 'max_length' : 'longest',
      ...padToken(tokCfg),
      clean: 'none',
    },
    ...(hasTokenizer ? { tokenizerFile: path.join(dir, 'tokenizer.json') } : {}),
  };
}

function immichSpec(dir: string): ModelSpec {
  const config = readJson(path.join(dir, 'config.json')) ?? {};
  const textCfg = obj(config.text_cfg);
  const tokCfg = readJson(path.join(dir, 'textual', 'tokenizer_config.json'));
  const clean = obj(textCfg.tokenizer_kwargs).clean === 'canonicalize' ? 'canonicalize' : 'whitespace';
  // CLIP-shaped towers (causal, pooled at end-of-text) and Hugging Face text towers (which take an
  // attention mask) ignore padding; open_clip's other towers (SigLIP: no causal mask, pooled last) do not.
  const clipLike = textCfg.no_causal_mask !== true && (textCfg.pool_type ?? 'argmax') === 'argmax';
  const ignoresPadding = typeof textCfg.hf_model_name === 'string' || clipLike;
  const dim = num(config.embed_dim);
  // Immich tells NLLB models by their name; a folder's name is the user's here, its text tower's is not.
  const nllb = [textCfg.hf_tokenizer_name, textCfg.hf_model_name, tokCfg?.tokenizer_class].some((n) =>
    /nllb/i.test(str(n)),
  );
  return {
    layout: 'immich',
    ...(dim ? { dim } : {}),
    image: immichImage(readJson(path.join(dir, 'visual', 'preprocess_cfg.json')) ?? {}),
    text: {
      contextLength: num(textCfg.context_length) ?? 77,
      padding: ignoresPadding ? 'longest' : 'max_length',
      ...padToken(tokCfg),
      clean,
      ...(nllb ? { languagePrefix: 'flores-200' as const } : {}),
    },
    tokenizerFile: path.join(dir, 'textual', 'tokenizer.json'),
  };
}

/**
 * The feeding settings the registry gave a model it installed without its configuration files
 * (the install marker's `spec`), or undefined for any other folder.
 */
function registrySpec(dir: string): Pick<ModelSpec, 'image' | 'text'> | undefined {
  const parsed = registrySpecSchema.safeParse(readJson(path.join(dir, MARKER_FILE))?.spec);
  return parsed.success ? parsed.data : undefined;
}

/** The spec of a model folder in either layout (a ModelError naming what is missing otherwise). */
export function readModelSpec(dir: string, layout: Layout = detectLayout(dir)): ModelSpec {
  const spec = layout.name === 'immich' ? immichSpec(dir) : hfSpec(dir);
  const given = registrySpec(dir);
  return given ? { ...spec, image: given.image, text: given.text } : spec;
}
