/**
 * With a multilingual model, a query in Chinese, Japanese, Korean, Russian or Spanish finds the
 * same image as its English translation. The model is the colour-meaning fixture in Immich's M-CLIP
 * layout (an XLM-R-style tokenizer.json, input_ids + attention_mask): an image embeds to its colour
 * histogram and a text to the colour words it holds, in six languages. The files have neutral names,
 * so nothing but the vectors can find them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResults } from '../../src/shared/types';
import { json, runCli } from '../helpers/cli';
import { solid } from '../helpers/images';

const MODEL = path.join(import.meta.dirname, 'fixtures', 'color-multilingual');

const QUERIES: Array<{ colour: string; queries: string[] }> = [
  { colour: 'red', queries: ['a red car', '红色的汽车', '赤い車', '빨간 자동차', 'красная машина', 'un coche rojo'] },
  { colour: 'blue', queries: ['blue sky', '蓝色的天空', '青い空', '파란 하늘', 'синее небо', 'el cielo azul'] },
];

describe('multilingual search', () => {
  let tmp: string;
  let data: string;
  let library: string;
  const files: Record<string, string> = {};
  const cli = (...args: string[]) => runCli([...args, '--data', data, '--json']);

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-multilingual-'));
    data = path.join(tmp, 'data');
    library = path.join(fs.realpathSync(tmp), 'library');
    const colours: Record<string, [number, number, number]> = {
      red: [220, 25, 25],
      blue: [25, 50, 220],
      green: [25, 170, 40],
      yellow: [240, 230, 30],
    };
    for (const [i, [name, rgb]] of Object.entries(colours).entries()) {
      files[name] = path.join(library, `image-${i}.png`);
      await solid(files[name], rgb);
    }
    const model = json<{ model: { id: string; layout: string } }>(await cli('models', 'import', MODEL)).model;
    expect(model.layout).toBe('immich');
    expect(json<{ model: string }>(await cli('models', 'use', model.id))).toEqual({ model: model.id });
    const indexed = await cli('index', library);
    expect(indexed.code, indexed.stderr).toBe(0);
  }, 180_000);

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it.each(QUERIES)(
    'finds the $colour image first in every language',
    async ({ colour, queries }) => {
      for (const query of queries) {
        const found = json<SearchResults>(await cli('search', query));
        expect(found.results[0]?.path, query).toBe(files[colour]);
      }
    },
    180_000,
  );
});
