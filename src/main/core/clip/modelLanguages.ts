/**
 * Which languages a model folder's text side understands, as far as its own small configuration
 * files say: a multilingual tokenizer or text tower (XLM-R, NLLB, LaBSE, Gemma's for SigLIP 2, a
 * multilingual BERT) means many languages, written `mul` (ISO 639-2); OpenAI's CLIP vocabulary means
 * English; anything else is not known. Only the small JSON files are read, never tokenizer.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LanguagesSource } from '../../../shared/types';
import { detectLayout } from './modelLayout';

/** The languages of a folder and where they were read. */
export interface FolderLanguages {
  languages: string[];
  languagesFrom: LanguagesSource;
}

/** The code that stands for "many languages" (ISO 639-2 `mul`). */
export const MANY_LANGUAGES = 'mul';

const MULTILINGUAL = /xlm-?roberta|nllb|labse|multilingual|gemma|siglip2|i18n|m-clip|mt5|bert-base-multilingual/i;
const ENGLISH_CLIP = /^clip|openai\/clip|clip-vit/i;

function readJson(file: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const field = (obj: unknown, key: string): unknown =>
  obj && typeof obj === 'object' ? (obj as Record<string, unknown>)[key] : undefined;
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The names a folder's configs give its text tower and tokenizer. */
function textNames(dir: string, immich: boolean): string[] {
  const config = readJson(path.join(dir, 'config.json'));
  const tokCfg = readJson(path.join(dir, immich ? 'textual' : '', 'tokenizer_config.json'));
  const textCfg = field(config, immich ? 'text_cfg' : 'text_config');
  return [
    text(tokCfg.tokenizer_class),
    text(field(textCfg, 'hf_tokenizer_name')),
    text(field(textCfg, 'hf_model_name')),
    text(field(textCfg, 'model_type')),
    text(config.model_type),
    text(config._name_or_path),
  ].filter(Boolean);
}

/** What a model folder's configs say about the languages it understands. */
export function folderLanguages(dir: string): FolderLanguages {
  let immich: boolean;
  try {
    immich = detectLayout(dir).name === 'immich';
  } catch {
    return { languages: [], languagesFrom: 'unknown' };
  }
  const names = textNames(dir, immich);
  if (names.some((n) => MULTILINGUAL.test(n))) return { languages: [MANY_LANGUAGES], languagesFrom: 'config' };
  // A Hugging Face export without tokenizer.json is read with the bundled CLIP vocabulary: English.
  const bundled = !immich && !existsSync(path.join(dir, 'tokenizer.json'));
  if (bundled || names.some((n) => ENGLISH_CLIP.test(n))) return { languages: ['en'], languagesFrom: 'config' };
  return { languages: [], languagesFrom: 'unknown' };
}
