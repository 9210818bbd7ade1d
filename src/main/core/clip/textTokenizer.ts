/**
 * Text to token-id rows, as each model expects them: the tokenizer a folder
 * ships as `tokenizer.json` (BPE, Unigram/SentencePiece or WordPiece, through
 * `@huggingface/tokenizers`), or the bundled CLIP vocabulary for CLIP exports
 * that ship none. Truncation keeps the special tokens the tokenizer's
 * post-processor adds (a CLIP row still ends in end-of-text, where it pools);
 * padding goes to the longest row or to the full context as the model needs.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { floresCode } from './floresCodes';
import { ModelError } from './manifest';
import type { TextSpec } from './modelConfig';
import { ClipTokenizer, truncateToContext } from './tokenizer';

/** A batch of rows × cols token ids and their attention mask (1 for real tokens), row-major. */
export interface TokenBatch {
  ids: number[];
  mask: number[];
  rows: number;
  cols: number;
  /** The id the rows are padded with, for a graph that wants them wider still. */
  padId: number;
}

export interface TextTokenizer {
  /** `language`: the texts' language tag (`zh-CN`), for the models that read it (TextSpec.languagePrefix). */
  encodeBatch(texts: string[], language?: string): TokenBatch;
}

/** Every token row padded to one width with `padId`. */
export function padRows(rows: number[][], width: number, padId: number): TokenBatch {
  const ids: number[] = [];
  const mask: number[] = [];
  for (const row of rows) {
    for (let c = 0; c < width; c++) {
      ids.push(c < row.length ? row[c]! : padId);
      mask.push(c < row.length ? 1 : 0);
    }
  }
  return { ids, mask, rows: rows.length, cols: width, padId };
}

function widthOf(rows: number[][], spec: TextSpec): number {
  return spec.padding === 'max_length' ? spec.contextLength : Math.max(1, ...rows.map((r) => r.length));
}

const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/** Immich's `clean_text`: whitespace runs to one space, ends trimmed; canonicalize drops ASCII punctuation and lowercases. */
export function cleanText(text: string, clean: TextSpec['clean']): string {
  if (clean === 'none') return text;
  const spaced = text.split(/\s+/).filter(Boolean).join(' ');
  return clean === 'canonicalize' ? spaced.replace(PUNCTUATION, '').toLowerCase() : spaced;
}

/** The special tokens the post-processor puts before and after a single text. */
function specialsAround(tokenizer: Tokenizer): { before: number[]; after: number[] } {
  const full = tokenizer.encode('a').ids;
  const bare = tokenizer.encode('a', { add_special_tokens: false }).ids;
  for (let i = 0; i + bare.length <= full.length; i++) {
    if (bare.every((id, j) => full[i + j] === id)) {
      return { before: full.slice(0, i), after: full.slice(i + bare.length) };
    }
  }
  return { before: [], after: [] };
}

/** A tokenizer from a folder's `tokenizer.json` (and `tokenizer_config.json` beside it, when present). */
export async function loadJsonTokenizer(file: string, spec: TextSpec): Promise<TextTokenizer> {
  const read = async (f: string) => JSON.parse(await readFile(f, 'utf8')) as Record<string, unknown>;
  let tokenizer: Tokenizer;
  try {
    const config = await read(path.join(path.dirname(file), 'tokenizer_config.json')).catch(() => ({}));
    tokenizer = new Tokenizer(await read(file), config);
  } catch (err) {
    throw new ModelError(`${file} could not be read as a tokenizer: ${(err as Error).message}`);
  }
  const { before, after } = specialsAround(tokenizer);
  const room = spec.contextLength - before.length - after.length;
  if (room < 1) throw new ModelError(`${file}: a context of ${spec.contextLength} leaves no room for text.`);
  const padId = (spec.padToken !== undefined ? tokenizer.token_to_id(spec.padToken) : undefined) ?? 0;
  return {
    encodeBatch(texts, language) {
      // Immich's order: cleaned first, then the code put before the text with no space between, which
      // the tokenizer splits off as the special token it is.
      const prefix = spec.languagePrefix && language !== undefined ? floresCode(language) : '';
      const rows = texts.map((text) => {
        const ids = tokenizer.encode(prefix + cleanText(text, spec.clean), { add_special_tokens: false }).ids;
        return [...before, ...ids.slice(0, room), ...after];
      });
      return padRows(rows, widthOf(rows, spec), padId);
    },
  };
}

/** The bundled CLIP tokenizer, for CLIP exports without a tokenizer.json (padding id 0, as openai/CLIP). */
export async function loadClipTokenizer(vocabPath: string, spec: TextSpec): Promise<TextTokenizer> {
  const bpe = await ClipTokenizer.load(vocabPath);
  return {
    encodeBatch(texts) {
      const rows = texts.map((t) => truncateToContext(bpe.encode(t), spec.contextLength, bpe.eot));
      return padRows(rows, widthOf(rows, spec), 0);
    },
  };
}
