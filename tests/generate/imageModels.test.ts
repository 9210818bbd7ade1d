/**
 * The one model table, as the client, the fake API and the CLI use it: the
 * size, aspect ratio and thinking level go out in the shape the real API takes
 * for each model, the local server refuses what that model would refuse, and
 * `atelier generate` refuses options a model does not take before any call,
 * naming what it does take.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGeminiClient } from '../../src/main/core/generate/geminiClient';
import {
  estimateCost,
  formatUsd,
  GENERATION_MODELS,
  IMAGE_MODELS_CHECKED,
  modelInfo,
  optionsRefusal,
} from '../../src/shared/imageModels';
import { json, runCli } from '../helpers/cli';
import { type FakeGemini, startFakeGemini } from '../helpers/fakeGemini';
import { COLOR_MODEL } from '../helpers/paths';

const FLASH = modelInfo('gemini-2.5-flash-image');
const NANO2 = modelInfo('gemini-3.1-flash-image-preview');
const PRO = modelInfo('gemini-3-pro-image-preview');

describe('the image model table', () => {
  it('holds the three models with the date it was checked', () => {
    expect(GENERATION_MODELS.map((m) => m.id)).toEqual([
      'gemini-2.5-flash-image',
      'gemini-3.1-flash-image-preview',
      'gemini-3-pro-image-preview',
    ]);
    expect(IMAGE_MODELS_CHECKED).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(NANO2.imageSizes).toEqual(['512', '1K', '2K', '4K']);
    expect(NANO2.aspectRatios).toContain('8:1');
    expect(PRO.aspectRatios).not.toContain('8:1');
    expect(FLASH.imageSizes).toEqual([]);
  });

  it('refuses what a model does not take, saying what it does', () => {
    expect(optionsRefusal(FLASH, { imageSize: '2K' })).toBe(
      'Gemini 2.5 Flash Image makes one size only; leave the size out (2K was asked).',
    );
    expect(optionsRefusal(PRO, { imageSize: '512' })).toBe(
      'Gemini 3 Pro Image (preview) makes sizes 1K, 2K, 4K, not 512.',
    );
    expect(optionsRefusal(PRO, { aspectRatio: '1:8' })).toMatch(/takes aspect ratios 1:1, .*21:9, not 1:8\.$/);
    expect(optionsRefusal(PRO, { thinkingLevel: 'high' })).toMatch(/takes no thinking level; leave it out/);
    expect(optionsRefusal(NANO2, { imageSize: '512', aspectRatio: '1:8', thinkingLevel: 'high' })).toBeNull();
  });

  it('estimates a job at the normal price and at the batch price (half)', () => {
    expect(estimateCost(NANO2, 4, '4K')).toEqual({ perImageUsd: 0.151, normalUsd: 0.604, batchUsd: 0.302 });
    // No size asked: the model's default size (1K).
    expect(estimateCost(PRO, 2)?.normalUsd).toBeCloseTo(0.268, 6);
    expect(estimateCost(FLASH, 1)?.batchUsd).toBeCloseTo(0.0195, 6);
    expect(estimateCost(modelInfo('gemini-9-image-unknown'), 3)).toBeNull();
    expect(formatUsd(0.039)).toBe('$0.039');
    expect(formatUsd(0.24)).toBe('$0.24');
    expect(formatUsd(1.5)).toBe('$1.50');
    expect(formatUsd(0.0195)).toBe('$0.0195');
  });
});

describe('requests per model, against the local Gemini server', { timeout: 60_000 }, () => {
  let fake: FakeGemini;
  beforeAll(async () => {
    fake = await startFakeGemini();
  });
  afterAll(async () => fake?.close());
  beforeEach(() => {
    fake.requests.length = 0;
  });

  const client = () => createGeminiClient({ apiKey: 'k', baseUrl: fake.url });

  it('sends 3.1 Flash Image its size, an extreme ratio and the thinking level, as the API spells them', async () => {
    const answer = await client().generateImage(
      {
        model: NANO2.id,
        prompt: 'a lighthouse',
        references: [],
        imageSize: '512',
        aspectRatio: '8:1',
        thinkingLevel: 'high',
      },
      AbortSignal.timeout(20_000),
    );
    expect(answer.images).toHaveLength(1);
    const config = fake.requests[0]!.body.generationConfig;
    expect(config?.imageConfig).toEqual({ aspectRatio: '8:1', imageSize: '512' });
    expect(config?.thinkingConfig).toEqual({ thinkingLevel: 'HIGH' });
  });

  it('is refused by the server as the real API would when the shape does not fit the model', async () => {
    await expect(
      client().generateImage(
        { model: FLASH.id, prompt: 'a lighthouse', references: [], imageSize: '2K' },
        AbortSignal.timeout(20_000),
      ),
    ).rejects.toThrow(/Image size 2K is not supported for gemini-2\.5-flash-image/);
    await expect(
      client().generateImage(
        { model: PRO.id, prompt: 'a lighthouse', references: [], thinkingLevel: 'minimal' },
        AbortSignal.timeout(20_000),
      ),
    ).rejects.toThrow(/Thinking level MINIMAL is not supported for gemini-3-pro-image-preview/);
    await expect(
      client().generateImage(
        { model: 'gemini-1-image-gone', prompt: 'a lighthouse', references: [] },
        AbortSignal.timeout(20_000),
      ),
    ).rejects.toThrow(/not found/);
  });
});

describe('atelier generate and the model table', { timeout: 120_000 }, () => {
  let tmp: string;
  let fake: FakeGemini;
  const generate = (args: string[]) =>
    runCli(['generate', ...args, '--data', path.join(tmp, 'data'), '--out', path.join(tmp, 'out')], {
      env: { GEMINI_API_KEY: 'test-key-7f3a', ATELIER_MODEL: COLOR_MODEL, ATELIER_GEMINI_BASE_URL: fake.url },
    });

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-models-'));
    fake = await startFakeGemini();
  });
  afterAll(async () => {
    await fake?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('refuses a size, ratio or thinking level the chosen model does not take, before any call', async () => {
    const size = await generate(['--prompt', 'a kite', '--size', '2K']);
    expect(size.code).toBe(1);
    expect(size.stderr).toMatch(/Gemini 2\.5 Flash Image makes one size only; leave the size out \(2K was asked\)/);
    const ratio = await generate(['--prompt', 'a kite', '--model', PRO.id, '--aspect', '4:1']);
    expect(ratio.code).toBe(1);
    expect(ratio.stderr).toMatch(/Gemini 3 Pro Image \(preview\) takes aspect ratios 1:1, .*, not 4:1/);
    const thinking = await generate(['--prompt', 'a kite', '--model', PRO.id, '--thinking', 'high']);
    expect(thinking.code).toBe(1);
    expect(thinking.stderr).toMatch(/takes no thinking level/);
    const unknownLevel = await generate(['--prompt', 'a kite', '--thinking', 'deep']);
    expect(unknownLevel.code).toBe(2);
    expect(unknownLevel.stderr).toMatch(/--thinking must be one of minimal, high, not "deep"/);
    expect(fake.requests).toHaveLength(0);
  });

  it('makes a 512 px panorama with 3.1 Flash Image, keeping the options and the price in its provenance', async () => {
    const run = await generate([
      '--prompt',
      'a kite over dunes',
      '--model',
      NANO2.id,
      '--size',
      '512',
      '--aspect',
      '4:1',
      '--thinking',
      'high',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const out = json<{ state: string; outputs: string[] }>(run);
    expect(out.state).toBe('succeeded');
    expect(fake.requests[0]!.model).toBe(NANO2.id);
    expect(fake.requests[0]!.body.generationConfig?.imageConfig).toEqual({ aspectRatio: '4:1', imageSize: '512' });
    const info = await runCli(['info', out.outputs[0]!, '--json', '--data', path.join(tmp, 'data')], {
      env: { ATELIER_MODEL: COLOR_MODEL },
    });
    const provenance = json<{ provenance: { params: Record<string, unknown> } }>(info).provenance;
    expect(provenance.params).toMatchObject({
      model: NANO2.id,
      imageSize: '512',
      aspectRatio: '4:1',
      thinkingLevel: 'high',
      pricePerImageUsd: 0.045,
    });
  });
});
