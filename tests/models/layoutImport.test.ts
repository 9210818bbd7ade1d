/**
 * `atelier models import <folder>` and `--model <folder>` take either layout, and a folder that is
 * neither is refused with what it lacks; nothing is installed from it.
 */
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importModel } from '../../src/main/core/clip/import';
import { ModelError } from '../../src/main/core/clip/manifest';
import { runCli } from '../helpers/cli';
import { IMAGES } from '../helpers/paths';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');

describe('model folders in either layout', () => {
  let scratch: string;
  let dataDir: string;
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'atelier-layouts-'));
    dataDir = path.join(scratch, 'data');
  });
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it('imports an Immich export and a Hugging Face export, each listed with its layout and width', async () => {
    const immich = await importModel(path.join(FIXTURES, 'xlmr-immich'), dataDir);
    const hf = await importModel(path.join(FIXTURES, 'siglip-hf'), dataDir);
    expect(immich).toMatchObject({ installed: true, layout: 'immich', dim: 48, source: 'imported' });
    expect(hf).toMatchObject({ installed: true, layout: 'huggingface', dim: 32 });
    expect((await readdir(path.join(immich.dir!, 'textual'))).sort()).toEqual([
      'model.onnx',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
  });

  it('names what an Immich export lacks', async () => {
    const partial = path.join(scratch, 'partial-immich');
    await cp(path.join(FIXTURES, 'xlmr-immich'), partial, { recursive: true });
    await rm(path.join(partial, 'textual', 'tokenizer.json'));
    await rm(path.join(partial, 'visual', 'preprocess_cfg.json'));
    await expect(importModel(partial, dataDir)).rejects.toThrow(
      `"${partial}" looks like an Immich model export but lacks textual/tokenizer.json, visual/preprocess_cfg.json.`,
    );
  });

  it('names what each layout would need in a folder that is neither, and installs nothing', async () => {
    const stray = path.join(scratch, 'photos');
    await mkdir(stray, { recursive: true });
    await writeFile(path.join(stray, 'model.onnx'), 'not a model');
    const before = await readdir(path.join(dataDir, 'models'));
    const err = (await importModel(stray, dataDir).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(ModelError);
    expect(err.message).toContain(`"${stray}" is not a model folder Atelier can read.`);
    expect(err.message).toContain('This folder lacks onnx/vision_model.onnx, onnx/text_model.onnx for the first');
    expect(err.message).toContain('visual/model.onnx, textual/model.onnx, textual/tokenizer.json');
    expect(await readdir(path.join(dataDir, 'models'))).toEqual(before);
  });

  it('embeds a text and an image with --model <Immich folder> from the command line', async () => {
    const model = path.join(FIXTURES, 'siglip-immich');
    const env = { ATELIER_DATA: path.join(scratch, 'cli-data') };
    const text = await runCli(['embed', '--text', 'a photo of a cat', '--model', model, '--json'], { env });
    expect(text.stderr).toBe('');
    const image = await runCli(['embed', '--image', path.join(IMAGES, 'coffee.png'), '--model', model, '--json'], {
      env,
    });
    expect(image.code, image.stderr).toBe(0);
    for (const out of [text, image]) {
      const parsed = JSON.parse(out.stdout) as { model: string; dim: number; vector: number[] };
      expect(parsed.model).toMatch(/^siglip-immich-[0-9a-f]{8}$/);
      expect(parsed.dim).toBe(32);
      expect(parsed.vector).toHaveLength(32);
    }
  }, 120_000);
});
