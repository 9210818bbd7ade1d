/**
 * `atelier generate` and `atelier info` as a user runs them, against a local
 * server speaking the Gemini REST protocol, with the `color` model indexing
 * the outputs (so a search by colour can find them) and real files throughout.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, type CliResult, json, runCli } from '../helpers/cli';
import { type FakeGemini, startFakeGemini } from '../helpers/fakeGemini';
import { solid } from '../helpers/images';
import { COLOR_MODEL, IMAGES } from '../helpers/paths';
import { freePort } from '../helpers/ports';

interface GenerateJson {
  job: string;
  state: string;
  outputs: string[];
  references: Array<{
    path: string;
    contentKey: string;
    source: string;
    mimeType: string;
    width: number;
    bytes: number;
  }>;
  model: string;
  text?: string;
  message?: string;
}

interface InfoJson {
  path: string;
  indexed: boolean;
  contentKey?: string;
  provenance: null | {
    prompt: string;
    jobId: string;
    params: { model: string; count: number; aspectRatio?: string };
    references: Array<{ contentKey: string; path: string; currentPath: string | null; source: string }>;
    responseText?: string;
  };
}

/** The dominant channel of an image's mean colour. */
async function meanColour(file: string): Promise<[number, number, number]> {
  const { channels } = await sharp(file).stats();
  return [channels[0]!.mean, channels[1]!.mean, channels[2]!.mean];
}

describe('atelier generate', { timeout: 120_000 }, () => {
  let tmp: string;
  let lib: string;
  let data: string;
  let fake: FakeGemini;
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> =>
    runCli([...args, '--data', data], {
      env: { GEMINI_API_KEY: 'test-key-7f3a', ATELIER_MODEL: COLOR_MODEL, ATELIER_GEMINI_BASE_URL: fake.url, ...env },
    });
  const generate = (args: string[], env?: NodeJS.ProcessEnv) => cli(['generate', ...args], env);

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-generate-'));
    lib = path.join(tmp, 'library');
    data = path.join(tmp, 'data');
    await solid(path.join(lib, 'red.png'), [220, 25, 25], 200);
    await solid(path.join(lib, 'crimson.png'), [205, 30, 35], 180);
    await solid(path.join(lib, 'blue.webp'), [25, 50, 220], 120);
    fs.copyFileSync(path.join(lib, 'red.png'), path.join(lib, 'red-copy.png'));
    fs.copyFileSync(path.join(IMAGES, 'chelsea.png'), path.join(lib, 'chelsea.png'));
    fake = await startFakeGemini();
    fake.colour = [245, 230, 25]; // yellow: nothing in the library is
    const indexed = await runCli(['index', lib, '--data', data, '--model', COLOR_MODEL]);
    expect(indexed.code, indexed.stderr).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await fake?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  beforeEach(() => {
    fake.requests.length = 0;
  });

  it('sends the prompt and references, saves the image, indexes it and keeps its provenance', async () => {
    const run = await generate([
      '--prompt',
      'a figurine of the cat in image 1 wearing the cape in image 2',
      '--ref',
      path.join(lib, 'chelsea.png'),
      '--ref',
      path.join(lib, 'red.png'),
      '--aspect',
      '3:4',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const out = json<GenerateJson>(run);
    expect(out.state).toBe('succeeded');
    expect(out.model).toBe('gemini-2.5-flash-image');
    expect(out.text).toBe('Here is the figurine.');
    expect(out.outputs).toHaveLength(1);
    const image = out.outputs[0]!;
    expect(path.dirname(image)).toBe(path.join(fs.realpathSync(data), 'generated'));
    expect(path.basename(image)).toMatch(/^\d{4}-\d\d-\d\d_\d{6}_a-figurine-of-the-cat-in-image-1-wearing-the_1\.png$/);
    // The saved image is the answer (yellow), not the draft in the thought part (green).
    const [r, g, b] = await meanColour(image);
    expect(r).toBeGreaterThan(200);
    expect(g).toBeGreaterThan(200);
    expect(b).toBeLessThan(60);

    // What was sent: one call, the pinned API version, the key in its header, the
    // references in order before the prompt, each introduced by its number.
    expect(fake.requests).toHaveLength(1);
    const sent = fake.requests[0]!;
    expect(sent.apiVersion).toBe('v1beta');
    expect(sent.model).toBe('gemini-2.5-flash-image');
    expect(sent.apiKey).toBe('test-key-7f3a');
    const parts = sent.body.contents[0]!.parts;
    expect(parts.map((p) => p.text ?? p.inlineData?.mimeType)).toEqual([
      'Image 1:',
      'image/png',
      'Image 2:',
      'image/png',
      'a figurine of the cat in image 1 wearing the cape in image 2',
    ]);
    const chelseaSent = await sharp(Buffer.from(parts[1]!.inlineData!.data, 'base64')).metadata();
    expect([chelseaSent.width, chelseaSent.height]).toEqual([451, 300]);
    expect(sent.body.generationConfig?.responseModalities).toEqual(['TEXT', 'IMAGE']);
    expect(sent.body.generationConfig?.imageConfig).toEqual({ aspectRatio: '3:4' });
    expect(out.references.map((r) => [path.basename(r.path), r.source, r.mimeType])).toEqual([
      ['chelsea.png', 'chosen', 'image/png'],
      ['red.png', 'chosen', 'image/png'],
    ]);

    // Searchable at once, by text and by the image itself.
    const byText = json<{ results: Array<{ path: string }> }>(
      await cli(['search', 'yellow', '--json', '--limit', '1']),
    );
    expect(byText.results[0]?.path).toBe(image);
    const bySelf = json<{ results: Array<{ path: string; score: number }> }>(
      await cli(['similar', image, '--json', '--limit', '1']),
    );
    expect(bySelf.results[0]?.path).toBe(image);

    // Provenance, with the references by content key, found again after a rename.
    const renamed = path.join(path.dirname(image), 'cat-figurine.png');
    fs.renameSync(image, renamed);
    const info = json<InfoJson>(await cli(['info', renamed, '--json']));
    expect(info.provenance?.prompt).toBe('a figurine of the cat in image 1 wearing the cape in image 2');
    expect(info.provenance?.jobId).toBe(out.job);
    expect(info.provenance?.params).toMatchObject({ model: 'gemini-2.5-flash-image', count: 1, aspectRatio: '3:4' });
    expect(info.provenance?.responseText).toBe('Here is the figurine.');
    const keys = json<{ results: unknown }>(await cli(['status', '--json'])); // the catalog still opens cleanly
    expect(keys).toBeTruthy();
    expect(info.provenance?.references.map((r) => [r.contentKey, r.currentPath])).toEqual([
      [out.references[0]!.contentKey, path.join(fs.realpathSync(lib), 'chelsea.png')],
      [out.references[1]!.contentKey, expect.stringMatching(/red(-copy)?\.png$/)],
    ]);

    const plain = json<InfoJson>(await cli(['info', path.join(lib, 'blue.webp'), '--json']));
    expect(plain).toMatchObject({ indexed: true, provenance: null });
  });

  it('makes N images with N parallel calls', async () => {
    const run = await generate(['--prompt', 'three yellow lamps', '--count', '3', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const out = json<GenerateJson>(run);
    expect(out.outputs).toHaveLength(3);
    expect(new Set(out.outputs).size).toBe(3);
    expect(fake.requests).toHaveLength(3);
    expect(fake.requests.every((r) => r.body.contents[0]!.parts.length === 1)).toBe(true);
  });

  it('finds references in the library for the prompt, leaving out near-duplicates', async () => {
    const run = await generate(['--prompt', 'red', '--auto-refs', '2', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const refs = json<GenerateJson>(run).references;
    expect(refs).toHaveLength(2);
    expect(refs.every((r) => r.source === 'auto')).toBe(true);
    // red.png, its copy and crimson.png are one shot: only one of them is taken.
    const reds = refs.filter((r) => /red|crimson/.test(path.basename(r.path)));
    expect(reds).toHaveLength(1);
    expect(fake.requests[0]!.body.contents[0]!.parts.filter((p) => p.inlineData)).toHaveLength(2);
  });

  it('waits out a rate limit for as long as the server asks, then succeeds', async () => {
    // Longer than the first backoff of our own (at most 2 s), so only honouring the server's delay passes.
    fake.retryDelaySeconds = 3;
    fake.script('rate-limit');
    const run = await generate(['--prompt', 'a yellow kite', '--json']);
    fake.retryDelaySeconds = 1;
    expect(run.code, run.stderr).toBe(0);
    expect(fake.requests).toHaveLength(2);
    expect(run.stderr, run.stderr).toMatch(/rate-limiting requests \(429\).*Trying again in 3 s/);
    expect(fake.requests[1]!.at - fake.requests[0]!.at).toBeGreaterThanOrEqual(3000);
  });

  it('retries a 503, a garbled answer and a call that hangs past --timeout', async () => {
    fake.script('unavailable', 'malformed', 'hang');
    const run = await generate(['--prompt', 'a yellow boat', '--timeout', '1', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(fake.requests).toHaveLength(4);
    expect(run.stderr).toMatch(/unavailable \(503\)/);
    expect(run.stderr).toMatch(/not valid JSON/);
    expect(run.stderr).toMatch(/did not answer in time/);
    expect(json<GenerateJson>(run).outputs).toHaveLength(1);
  });

  it.each([
    ['image-safety', /withheld the image for safety reasons \(IMAGE_SAFETY\)/],
    ['prompt-blocked', /The prompt was blocked \(PROHIBITED_CONTENT\)/],
    ['text-only', /text only, no image\. The model said: “I can describe it: a red silk cape\.”/],
    ['no-image', /made no image for this request \(NO_IMAGE\)/],
    ['bad-key', /refused the API key \(400\): API key not valid/],
  ] as const)('a %s answer ends in a clear message, exit 1, no file and no retry', async (fault, message) => {
    const before = fs.readdirSync(path.join(data, 'generated')).length;
    fake.script(fault);
    const run = await generate(['--prompt', 'a yellow cape']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(fake.requests).toHaveLength(1);
    expect(fs.readdirSync(path.join(data, 'generated'))).toHaveLength(before);
  });

  it('says how to set a key when there is none, before any call', async () => {
    const run = await generate(['--prompt', 'a yellow cape'], { GEMINI_API_KEY: '' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/No Gemini API key: set one in Settings \(or GEMINI_API_KEY/);
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses a reference that is not an image, and too many references for the model', async () => {
    const notes = path.join(tmp, 'notes.png');
    fs.writeFileSync(notes, 'not an image');
    const broken = await generate(['--prompt', 'x', '--ref', notes]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/Reference .*notes\.png cannot be used: not an image/);
    const many = ['red.png', 'blue.webp', 'chelsea.png', 'crimson.png'].flatMap((f) => ['--ref', path.join(lib, f)]);
    const tooMany = await generate(['--prompt', 'x', ...many]);
    expect(tooMany.code).toBe(1);
    expect(tooMany.stderr).toMatch(/takes at most 3 reference images; 4 were given/);
    expect(fake.requests).toHaveLength(0);
  });

  it('keeps a job queued while offline and runs it with --resume once the API is back', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const offline = await generate(['--prompt', 'a yellow tent', '--ref', path.join(lib, 'blue.webp')], {
      ATELIER_GEMINI_BASE_URL: closed,
    });
    expect(offline.code).toBe(1);
    expect(offline.stderr, offline.stderr).toMatch(
      /The Gemini service at 127\.0\.0\.1:\d+ is unreachable: it refused the connection \(ECONNREFUSED\)\. The job stays queued\./,
    );
    // The reference moves away before the job runs: the prepared copy is used.
    fs.renameSync(path.join(lib, 'blue.webp'), path.join(tmp, 'blue-moved.webp'));
    const resumed = await generate(['--resume', '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const out = json<GenerateJson>(resumed);
    expect(out.state).toBe('succeeded');
    expect(out.outputs).toHaveLength(1);
    expect(fake.requests[0]!.body.contents[0]!.parts.map((p) => p.text ?? p.inlineData?.mimeType)).toEqual([
      'Image 1:',
      'image/webp',
      'a yellow tent',
    ]);
    const again = await generate(['--resume']);
    expect(again.stdout).toMatch(/No generation jobs are waiting/);
  });

  it('loses nothing to a kill -9 in the middle of a call: --resume makes the image', async () => {
    fake.script('hang');
    const child = spawn(process.execPath, [BIN, 'generate', '--prompt', 'a yellow anchor', '--data', data], {
      env: {
        ...process.env,
        ATELIER_PROVIDER: 'cpu',
        GEMINI_API_KEY: 'test-key-7f3a',
        ATELIER_MODEL: COLOR_MODEL,
        ATELIER_GEMINI_BASE_URL: fake.url,
      },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await expect.poll(() => fake.requests.length, { timeout: 30_000 }).toBe(1);
    child.kill('SIGKILL');
    await exited;
    const resumed = await generate(['--resume', '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const out = json<GenerateJson>(resumed);
    expect(out).toMatchObject({ state: 'succeeded' });
    expect(out.outputs).toHaveLength(1);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.body.contents[0]!.parts.at(-1)?.text).toBe('a yellow anchor');
  });
});
