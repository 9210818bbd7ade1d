/**
 * `atelier generate --batch`, `--resume` and `--again` as a user runs them,
 * against the local server speaking Gemini's REST protocol (its Batch API
 * included), with the `color` model indexing what the batch makes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, json, runCli } from '../helpers/cli';
import { type FakeGemini, startFakeGemini } from '../helpers/fakeGemini';
import { COLOR_MODEL } from '../helpers/paths';

interface GenerateJson {
  job: string;
  state: string;
  batch?: string;
  outputs: string[];
  message?: string;
}

describe('atelier generate --batch', { timeout: 180_000 }, () => {
  let tmp: string;
  let data: string;
  let fake: FakeGemini;
  const cli = (args: string[]): Promise<CliResult> =>
    runCli([...args, '--data', data], {
      env: { GEMINI_API_KEY: 'batch-cli-key', ATELIER_MODEL: COLOR_MODEL, ATELIER_GEMINI_BASE_URL: '' },
    });
  // The base URL by its flag: every call of a batch (submit, check, collect) must go through it.
  const generate = (args: string[]) => cli(['generate', ...args, '--gemini-base-url', fake.url]);

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-batch-cli-'));
    data = path.join(tmp, 'data');
    fake = await startFakeGemini();
    fake.colour = [245, 230, 25]; // yellow
  });

  afterAll(async () => {
    await fake?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('submits, exits with the batch name, and --resume collects the images once the batch is done', async () => {
    const submit = await generate(['--batch', '--prompt', 'a yellow umbrella', '--count', '2', '--json']);
    expect(submit.code, submit.stderr).toBe(0);
    const out = json<GenerateJson>(submit);
    expect(out).toMatchObject({ state: 'batch-submitted', outputs: [] });
    expect(Object.keys(out).slice(0, 2)).toEqual(['job', 'state']);
    expect(out.batch).toMatch(/^batches\//);
    expect(fake.batches.get(out.batch!)?.requests).toHaveLength(2);

    // Still pending: --resume checks, says so, and leaves it for later.
    const early = await generate(['--resume', '--json']);
    expect(early.code, early.stderr).toBe(0);
    expect(json<GenerateJson>(early)).toMatchObject({ job: out.job, state: 'batch-submitted', batch: out.batch });

    await fake.moveBatch(out.batch!, 'running');
    await fake.moveBatch(out.batch!, 'succeeded');
    const collected = await generate(['--resume', '--json']);
    expect(collected.code, collected.stderr).toBe(0);
    const done = json<GenerateJson>(collected);
    expect(done).toMatchObject({ job: out.job, state: 'succeeded' });
    expect(done.outputs).toHaveLength(2);

    // Saved, indexed and traced like any output.
    const found = json<{ results: Array<{ path: string }> }>(await cli(['search', 'yellow', '--json', '--limit', '2']));
    expect(found.results.map((r) => r.path).sort()).toEqual([...done.outputs].sort());
    const info = json<{ provenance: { prompt: string; params: { batch?: boolean; pricePerImageUsd?: number } } }>(
      await cli(['info', done.outputs[0]!, '--json']),
    );
    expect(info.provenance).toMatchObject({ prompt: 'a yellow umbrella', params: { batch: true } });
    // Spending counts a batch image at the Batch API's half price (2.5 Flash Image lists $0.039).
    expect(info.provenance.params.pricePerImageUsd).toBeCloseTo(0.0195, 6);
  });

  it('says an expired batch expired, and --again sends its request at once', async () => {
    const submit = await generate(['--batch', '--prompt', 'a yellow scarf', '--json']);
    const out = json<GenerateJson>(submit);
    await fake.moveBatch(out.batch!, 'expired');
    const resume = await generate(['--resume']);
    expect(resume.code).toBe(1);
    expect(resume.stderr).toMatch(/The batch batches\/\S+ expired before it was done .* Its request is kept/);
    expect(resume.stderr).toContain(`atelier generate --again ${out.job}`);

    const before = fake.requests.length;
    const again = await generate(['--again', out.job, '--json']);
    expect(again.code, again.stderr).toBe(0);
    const redone = json<GenerateJson>(again);
    expect(redone).toMatchObject({ state: 'succeeded' });
    expect(redone.batch).toBeUndefined();
    expect(redone.outputs).toHaveLength(1);
    expect(fake.requests.length).toBe(before + 1);
    expect(fake.requests.at(-1)!.body.contents[0]!.parts.at(-1)?.text).toBe('a yellow scarf');
  });
});
