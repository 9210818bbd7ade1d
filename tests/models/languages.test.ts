/**
 * The languages a model understands, by where they come from: a registry entry's list; an imported
 * folder's own configuration (a multilingual tokenizer or text tower, OpenAI's CLIP vocabulary); or
 * nothing that says, which reads "unknown".
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importModel } from '../../src/main/core/clip/import';
import { loadManifest } from '../../src/main/core/clip/manifest';
import { folderLanguages } from '../../src/main/core/clip/modelLanguages';
import { listModels } from '../../src/main/core/clip/resolveModel';
import { describeLanguages } from '../../src/shared/languages';
import { TINY_MODEL } from '../helpers/paths';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');

describe('languages of a model', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-languages-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('reads many languages from an XLM-R text tower in an Immich config', () => {
    expect(folderLanguages(path.join(FIXTURES, 'xlmr-immich'))).toEqual({
      languages: ['mul'],
      languagesFrom: 'config',
    });
    expect(folderLanguages(path.join(FIXTURES, 'color-multilingual')).languages).toEqual(['mul']);
  });

  it('reads many languages from a Gemma tokenizer (SigLIP 2) in a Hugging Face config', () => {
    const dir = path.join(tmp, 'siglip2');
    fs.cpSync(path.join(FIXTURES, 'siglip-hf'), dir, { recursive: true });
    const cfg = JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(
      path.join(dir, 'tokenizer_config.json'),
      JSON.stringify({ ...cfg, tokenizer_class: 'GemmaTokenizer' }),
    );
    expect(folderLanguages(dir)).toEqual({ languages: ['mul'], languagesFrom: 'config' });
  });

  it('reads English from a CLIP export read with the bundled CLIP vocabulary', () => {
    expect(folderLanguages(TINY_MODEL)).toEqual({ languages: ['en'], languagesFrom: 'config' });
  });

  it('says unknown where the config names no tokenizer it knows, and for a folder that is not a model', () => {
    expect(folderLanguages(path.join(FIXTURES, 'siglip-hf'))).toEqual({ languages: [], languagesFrom: 'unknown' });
    expect(folderLanguages(path.join(FIXTURES, 'siglip-immich'))).toEqual({ languages: [], languagesFrom: 'unknown' });
    expect(folderLanguages(tmp)).toEqual({ languages: [], languagesFrom: 'unknown' });
  });

  it('lists an imported folder with its config’s languages and a registry model with its entry’s', async () => {
    const data = path.join(tmp, 'data');
    const imported = await importModel(path.join(FIXTURES, 'xlmr-immich'), data);
    const unknown = await importModel(path.join(FIXTURES, 'siglip-immich'), data);
    const models = await listModels(data);
    expect(models.find((m) => m.id === imported.id)).toMatchObject({ languages: ['mul'], languagesFrom: 'config' });
    expect(models.find((m) => m.id === unknown.id)).toMatchObject({ languages: [], languagesFrom: 'unknown' });
    const siglip2 = loadManifest().models.find((m) => m.id === 'siglip2-base-patch16-256')!;
    expect(models.find((m) => m.id === siglip2.id)).toMatchObject({
      languages: siglip2.languages,
      languagesFrom: 'registry',
    });
  });

  it('names the languages for people', () => {
    expect(describeLanguages(['en', 'zh', 'ja'])).toBe('English, Chinese, Japanese');
    expect(describeLanguages(['mul'])).toBe('many languages');
    expect(describeLanguages([])).toBe('unknown');
  });
});
