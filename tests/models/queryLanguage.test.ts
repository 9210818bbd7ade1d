/**
 * The query's language through the product: `atelier embed --text … --lang`, `atelier search … --lang`
 * and the search API's `language` field reach an NLLB model as its FLORES-200 prefix (the random-weight
 * nllb-immich fixture, whose references are Immich's embeddings of each text in its language). A
 * malformed tag is refused with what to give instead.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cosine } from '../../src/main/core/vectors/embedded/scoring';
import { searchQuery } from '../../src/shared/contract';
import type { SearchResults } from '../../src/shared/types';
import { json, runCli } from '../helpers/cli';
import { SHARED } from '../helpers/paths';

const MODEL = path.join(import.meta.dirname, 'fixtures', 'nllb-immich');

interface Reference {
  images: Array<{ image: string; embedding: number[] }>;
  texts: Array<{ text: string; language: string | null; embedding: number[] }>;
}

const reference = JSON.parse(fs.readFileSync(path.join(MODEL, 'reference.json'), 'utf8')) as Reference;
const textRef = (text: string, language: string | null) =>
  reference.texts.find((t) => t.text === text && t.language === language)!.embedding;

describe('the query language', () => {
  let tmp: string;
  let data: string;
  let library: string;
  const cli = (...args: string[]) => runCli([...args, '--data', data]);

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-query-language-'));
    data = path.join(tmp, 'data');
    library = path.join(fs.realpathSync(tmp), 'library');
    fs.mkdirSync(library);
    for (const r of reference.images)
      fs.copyFileSync(path.join(SHARED, r.image), path.join(library, path.basename(r.image)));
    const model = json<{ model: { id: string } }>(await cli('models', 'import', MODEL, '--json')).model;
    expect(json<{ model: string }>(await cli('models', 'use', model.id, '--json'))).toEqual({ model: model.id });
    const indexed = await cli('index', library);
    expect(indexed.code, indexed.stderr).toBe(0);
  }, 180_000);

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('embed --lang gives the vector of the text in that language', async () => {
    const embed = async (...lang: string[]) =>
      json<{ vector: number[] }>(await cli('embed', '--text', '一只猫的照片', ...lang, '--json')).vector;
    const simplified = textRef('一只猫的照片', 'zh-CN');
    const traditional = textRef('一只猫的照片', 'zh-TW');
    expect(cosine(new Float32Array(await embed('--lang', 'zh-CN')), simplified)).toBeGreaterThanOrEqual(0.999);
    expect(cosine(new Float32Array(await embed('--lang', 'zh_TW')), traditional)).toBeGreaterThanOrEqual(0.999);
    // Without a language the text goes alone, as Immich sends it without one.
    expect(cosine(new Float32Array(await embed()), simplified)).toBeLessThan(0.999);
  }, 120_000);

  it('search --lang ranks the images by the text in that language', async () => {
    const text = 'a photo of a cat';
    const expected = (language: string | null) =>
      new Map(
        reference.images.map((r) => [
          path.basename(r.image),
          cosine(new Float32Array(textRef(text, language)), r.embedding),
        ]),
      );
    const english = expected('en');
    const bare = expected(null);
    // The two rankings differ enough for the scores to tell which one a search used.
    expect(Math.max(...[...english].map(([name, s]) => Math.abs(s - bare.get(name)!)))).toBeGreaterThan(0.02);
    for (const [args, want] of [
      [['--lang', 'en-GB'], english],
      [[], bare],
    ] as const) {
      const found = json<SearchResults>(
        await cli('search', text, '--visual-only', '--limit', '7', ...args, '--json'),
      ).results;
      expect(found).toHaveLength(reference.images.length);
      for (const hit of found) {
        expect(hit.score, `${path.basename(hit.path)} ${args.join(' ')}`).toBeCloseTo(
          want.get(path.basename(hit.path))!,
          2,
        );
      }
    }
  }, 120_000);

  it('refuses a malformed language tag, and --lang without a text', async () => {
    const bad = await cli('search', 'cat', '--lang', 'chinese please');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--lang needs a language tag such as zh-CN, ja or ru, not "chinese please"');
    const image = await cli('embed', '--image', path.join(library, 'camera.png'), '--lang', 'ja', '--json');
    expect(image.code).toBe(2);
    expect(image.stderr).toContain('--lang goes with --text: an image has no language');
  }, 60_000);

  it('takes the language as a field of the search API, which checks it', () => {
    expect(searchQuery.safeParse({ text: 'cat', language: 'zh-Hant-TW' }).success).toBe(true);
    const refused = searchQuery.safeParse({ text: 'cat', language: '<script>' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe('Not a language tag: give one such as zh-CN or ja');
  });
});
