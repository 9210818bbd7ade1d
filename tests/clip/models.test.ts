/**
 * Model registry, resumable download and folder import, against a real HTTP
 * server on 127.0.0.1 that serves the tiny-random fixture model as a fake
 * Hugging Face repository and can misbehave on request.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ModelDownloader } from '../../src/main/core/clip/download';
import { importModel } from '../../src/main/core/clip/import';
import { loadManifest, type Manifest, ModelError } from '../../src/main/core/clip/manifest';
import { readModelSpec } from '../../src/main/core/clip/modelConfig';
import { listModels, resolveModel } from '../../src/main/core/clip/resolveModel';
import type { DownloadProgress } from '../../src/shared/types';
import { TINY_MODEL } from '../helpers/paths';
import { freePort } from '../helpers/ports';

const REPO = 'test/tiny-random';
const REV = 'rev1';
const FILES = ['onnx/vision_model.onnx', 'onnx/text_model.onnx', 'config.json'];
const TEXT = 'onnx/text_model.onnx';
const SPEC = {
  image: {
    size: 224,
    mean: [0.5, 0.5, 0.5] as [number, number, number],
    std: [0.5, 0.5, 0.5] as [number, number, number],
    resize: 'squash' as const,
    interpolation: 'bilinear' as const,
    crop: 'floor' as const,
  },
  text: {
    contextLength: 77,
    padding: 'max_length' as const,
    padToken: '<|endoftext|>',
    clean: 'canonicalize' as const,
  },
};

/** How the server misbehaves; reset before every test. */
interface Behaviour {
  /** The first request for `file` sends `bytes` bytes and then the connection is cut (or left hanging). */
  cut?: { file: string; bytes: number; hang?: boolean };
  /** Serve this file with one byte flipped. */
  corrupt?: string;
  /** Answer Range requests with 200 and the whole file. */
  ignoreRange?: boolean;
}
interface Seen {
  file: string;
  range: string | undefined;
  status: number;
  sent: number;
}

const content = new Map<string, Buffer>();
let manifest: Manifest;
let server: Server;
let baseUrl: string;
let behaviour: Behaviour = {};
let seen: Seen[] = [];
let dataDir: string;
let scratch: string;

function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

function serve(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void {
  const prefix = `/${REPO}/resolve/${REV}/`;
  const file = decodeURIComponent((req.url ?? '').startsWith(prefix) ? req.url!.slice(prefix.length) : '');
  let body = content.get(file);
  const range = req.headers.range;
  const record = (status: number, sent: number) => seen.push({ file, range, status, sent });
  if (!body) {
    record(404, 0);
    res.writeHead(404).end('not found');
    return;
  }
  if (behaviour.corrupt === file) {
    body = Buffer.from(body);
    body[body.length >> 1]! ^= 0xff;
  }
  let start = 0;
  const m = /^bytes=(\d+)-$/.exec(range ?? '');
  if (m && !behaviour.ignoreRange) {
    start = Number(m[1]);
    if (start >= body.length) {
      record(416, 0);
      res.writeHead(416, { 'Content-Range': `bytes */${body.length}` }).end();
      return;
    }
  }
  const status = start > 0 ? 206 : 200;
  const headers: Record<string, string | number> = { 'Content-Length': body.length - start, 'Accept-Ranges': 'bytes' };
  if (status === 206) headers['Content-Range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
  res.writeHead(status, headers);
  const cut = behaviour.cut;
  if (cut && cut.file === file && !seen.some((s) => s.file === file)) {
    record(status, cut.bytes);
    // Let the client read and store the first bytes before the connection dies.
    res.write(body.subarray(start, start + cut.bytes), () => {
      if (!cut.hang) setTimeout(() => res.socket?.destroy(), 300);
    });
    return;
  }
  record(status, body.length - start);
  res.end(body.subarray(start));
}

beforeAll(async () => {
  for (const rel of FILES) content.set(rel, await readFile(path.join(TINY_MODEL, rel)));
  const files = FILES.map((p) => ({ path: p, size: content.get(p)!.length, sha256: sha256(content.get(p)!) }));
  const base = { repo: REPO, revision: REV, dim: 512, contextLength: 77, imageSize: 224 };
  manifest = loadManifest({
    version: 1,
    defaultModel: 'tiny-random',
    models: [
      { ...base, id: 'tiny-random', name: 'Tiny random CLIP', files },
      // The same files, with one checksum unknown: never downloaded.
      {
        ...base,
        id: 'tiny-nosum',
        name: 'Tiny, unsummed',
        files: files.map((f) => (f.path === 'config.json' ? { ...f, sha256: null } : f)),
      },
      // The encoders alone, fed as the registry says rather than by a config.json.
      {
        ...base,
        id: 'tiny-spec',
        name: 'Tiny, specified',
        files: files.filter((f) => f.path !== 'config.json'),
        spec: SPEC,
      },
    ],
  });
  server = createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(async () => {
  behaviour = {};
  seen = [];
  scratch = await mkdtemp(path.join(os.tmpdir(), 'atelier-models-'));
  dataDir = path.join(scratch, 'data');
});

afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** The error a promise rejects with; fails the test when it resolves. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => null,
    (e: unknown) => e as Error,
  );
  if (!outcome) throw new Error('expected a rejection');
  return outcome;
}

const fast = () => ({ dataDir, baseUrl, manifest, retryDelayMs: 10 });
const installed = (id: string, rel: string) => path.join(dataDir, 'models', id, rel);

async function expectIdenticalFiles(id: string): Promise<void> {
  for (const rel of FILES) expect((await readFile(installed(id, rel))).equals(content.get(rel)!), rel).toBe(true);
}

describe('ModelDownloader', () => {
  let downloader: ModelDownloader;
  beforeEach(() => {
    downloader = new ModelDownloader();
  });

  it('downloads every file with progress up to the total, then the model resolves', async () => {
    const events: DownloadProgress[] = [];
    const { model } = await downloader.download('tiny-random', {
      ...fast(),
      onProgress: (p) => events.push(p),
    });
    const total = FILES.reduce((n, f) => n + content.get(f)!.length, 0);
    expect(model).toMatchObject({ id: 'tiny-random', installed: true, source: 'registry', sizeBytes: total });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.modelId === 'tiny-random' && e.totalBytes === total)).toBe(true);
    expect(events.map((e) => e.receivedBytes)).toEqual([...events.map((e) => e.receivedBytes)].sort((a, b) => a - b));
    expect(events.at(-1)!.receivedBytes).toBe(total);
    await expectIdenticalFiles('tiny-random');
    const resolved = await resolveModel('tiny-random', dataDir, manifest);
    expect(resolved).toEqual({
      id: 'tiny-random',
      name: 'Tiny random CLIP',
      dim: 512,
      dir: path.join(dataDir, 'models', 'tiny-random'),
    });
    expect((await listModels(dataDir, manifest)).find((m) => m.id === 'tiny-random')?.installed).toBe(true);
  });

  it('resumes an interrupted download with a Range request', async () => {
    behaviour.cut = { file: TEXT, bytes: 256 * 1024 };
    await expect(downloader.download('tiny-random', { ...fast(), maxAttempts: 1 })).rejects.toThrow();
    const kept = (await stat(installed('tiny-random', `${TEXT}.part`))).size;
    expect(kept).toBeGreaterThan(0);
    expect((await failure(resolveModel('tiny-random', dataDir, manifest))).message).toMatch(/not installed/);

    await downloader.download('tiny-random', fast());
    const resumed = seen.filter((s) => s.file === TEXT).at(-1)!;
    expect(resumed.range).toBe(`bytes=${kept}-`);
    expect(resumed.status).toBe(206);
    expect(resumed.sent).toBe(content.get(TEXT)!.length - kept);
    expect(resumed.sent).toBeLessThan(content.get(TEXT)!.length);
    await expectIdenticalFiles('tiny-random');
  });

  it('retries a dropped connection by itself, resuming where it stopped', async () => {
    behaviour.cut = { file: TEXT, bytes: 100_000 };
    await downloader.download('tiny-random', fast());
    const requests = seen.filter((s) => s.file === TEXT);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.range).toMatch(/^bytes=[1-9]\d*-$/);
    await expectIdenticalFiles('tiny-random');
  });

  it('rejects a corrupted file naming both hashes and installs nothing', async () => {
    behaviour.corrupt = TEXT;
    const expected = sha256(content.get(TEXT)!);
    const err = await failure(downloader.download('tiny-random', fast()));
    expect(err).toBeInstanceOf(ModelError);
    expect(err.message).toMatch(/checksum mismatch/i);
    expect(err.message).toContain(TEXT);
    expect(err.message).toContain(expected);
    expect(err.message).toMatch(/got [0-9a-f]{64}/);
    await expect(stat(installed('tiny-random', TEXT))).rejects.toThrow();
    await expect(stat(installed('tiny-random', `${TEXT}.part`))).rejects.toThrow();
    await expect(stat(installed('tiny-random', 'atelier-model.json'))).rejects.toThrow();
    await expect(resolveModel('tiny-random', dataDir, manifest)).rejects.toThrow(/not installed/);
  });

  it('starts a file over when the server ignores Range and answers 200', async () => {
    behaviour.ignoreRange = true;
    // A stale .part whose bytes are wrong: appending the 200 body to it would fail the checksum.
    await mkdir(path.dirname(installed('tiny-random', TEXT)), { recursive: true });
    await writeFile(installed('tiny-random', `${TEXT}.part`), Buffer.alloc(5000, 7));
    await downloader.download('tiny-random', fast());
    const request = seen.find((s) => s.file === TEXT)!;
    expect(request).toMatchObject({ range: 'bytes=5000-', status: 200, sent: content.get(TEXT)!.length });
    await expectIdenticalFiles('tiny-random');
  });

  it('keeps the .part when aborted and resumes it on the next call', async () => {
    behaviour.cut = { file: TEXT, bytes: 300_000, hang: true };
    const controller = new AbortController();
    let armed = false;
    const onProgress = (p: DownloadProgress) => {
      if (p.file === TEXT && !armed) {
        armed = true;
        setTimeout(() => controller.abort(), 300);
      }
    };
    const err = await failure(
      downloader.download('tiny-random', { ...fast(), signal: controller.signal, onProgress, progressIntervalMs: 0 }),
    );
    expect(err.name).toBe('AbortError');
    const kept = (await stat(installed('tiny-random', `${TEXT}.part`))).size;
    expect(kept).toBe(300_000);
    await downloader.download('tiny-random', fast());
    expect(seen.filter((s) => s.file === TEXT).at(-1)!.range).toBe(`bytes=${kept}-`);
    await expectIdenticalFiles('tiny-random');
  });

  it('names the host and says the network is unreachable when the server cannot be looked up', async () => {
    // .invalid never resolves (RFC 2606): what a machine without a network meets.
    const err = await failure(
      downloader.download('tiny-random', { ...fast(), baseUrl: 'http://atelier-test.invalid', maxAttempts: 1 }),
    );
    expect(err.message).toMatch(
      /^Download of \S+ failed\. Cannot reach atelier-test\.invalid: the network is unreachable \((ENOTFOUND|EAI_AGAIN)\)\. Connect and try again, or install the model from a folder with "atelier models import"\.$/,
    );
    expect(err.message).not.toMatch(/fetch failed/);
  });

  it('names the host that refuses the connection', async () => {
    const port = await freePort();
    const err = await failure(
      downloader.download('tiny-random', { ...fast(), baseUrl: `http://127.0.0.1:${port}`, maxAttempts: 1 }),
    );
    expect(err.message).toMatch(
      new RegExp(`Cannot reach 127\\.0\\.0\\.1:${port}: it refused the connection \\(ECONNREFUSED\\)\\.$`),
    );
  });

  it('refuses a second download of a model it is downloading', async () => {
    behaviour.cut = { file: TEXT, bytes: 300_000, hang: true };
    const controller = new AbortController();
    let reached!: () => void;
    const midway = new Promise<void>((resolve) => (reached = resolve));
    const first = downloader.download('tiny-random', {
      ...fast(),
      signal: controller.signal,
      progressIntervalMs: 0,
      onProgress: (p) => {
        if (p.file === TEXT) reached();
      },
    });
    await midway;
    const again = await failure(downloader.download('tiny-random', fast()));
    expect(again).toBeInstanceOf(ModelError);
    expect(again.message).toBe('Model "tiny-random" is already being downloaded.');
    controller.abort();
    expect((await failure(first)).name).toBe('AbortError');
    // Once it ended, the same downloader takes the model again and resumes the .part.
    await downloader.download('tiny-random', fast());
    await expectIdenticalFiles('tiny-random');
  });

  it('refuses a model with a file whose checksum is unknown, before fetching anything', async () => {
    await expect(downloader.download('tiny-nosum', fast())).rejects.toThrow(
      'Model "tiny-nosum" is not downloaded: no published SHA-256 was found for config.json, so the files could not ' +
        'be verified. Import a copy you trust with "atelier models import <folder>".',
    );
    expect(seen).toEqual([]);
    await expect(resolveModel('tiny-nosum', dataDir, manifest)).rejects.toThrow(/is not installed/);
  });

  it("feeds a model installed without its configuration files as the registry's spec says", async () => {
    await downloader.download('tiny-spec', fast());
    const dir = installed('tiny-spec', '');
    expect(existsSync(path.join(dir, 'config.json'))).toBe(false);
    const spec = readModelSpec(dir);
    expect(spec.image).toEqual(SPEC.image);
    expect(spec.text).toEqual(SPEC.text);
    // A folder of the same files without the marker is read from its own (absent) configuration: CLIP's.
    expect(readModelSpec(TINY_MODEL).image).toMatchObject({ size: 224, resize: 'shortest', interpolation: 'bicubic' });
  });
});

describe('importModel and resolveModel', () => {
  it('imports a folder under its fingerprinted id, which then resolves', async () => {
    const status = await importModel(TINY_MODEL, dataDir);
    expect(status.id).toMatch(/^tiny-random-[0-9a-f]{8}$/);
    expect(status).toMatchObject({ installed: true, source: 'imported' });
    const resolved = await resolveModel(status.id, dataDir);
    expect(resolved).toMatchObject({ id: status.id, dim: 512, dir: path.join(dataDir, 'models', status.id) });
    await expectIdenticalFiles(status.id);
    // The folder used in place gets the same id, so its vectors line up with the imported copy's.
    expect((await resolveModel(TINY_MODEL, dataDir)).id).toBe(status.id);
    expect((await listModels(dataDir, manifest)).find((m) => m.id === status.id)).toMatchObject({
      installed: true,
      source: 'imported',
    });
  });

  it('installs a folder holding a registry model under the registry id', async () => {
    const status = await importModel(TINY_MODEL, dataDir, { manifest });
    expect(status).toMatchObject({ id: 'tiny-random', installed: true, source: 'registry' });
    expect((await resolveModel('tiny-random', dataDir, manifest)).dir).toBe(
      path.join(dataDir, 'models', 'tiny-random'),
    );
  });

  it('rejects a folder without a text encoder with a clear message', async () => {
    const broken = path.join(scratch, 'broken');
    await mkdir(path.join(broken, 'onnx'), { recursive: true });
    await copyFile(path.join(TINY_MODEL, 'onnx/vision_model.onnx'), path.join(broken, 'onnx/vision_model.onnx'));
    await expect(importModel(broken, dataDir)).rejects.toThrow(
      `"${broken}" looks like a Hugging Face ONNX model export but lacks onnx/text_model.onnx.`,
    );
    await expect(resolveModel(broken, dataDir)).rejects.toBeInstanceOf(ModelError);
  });

  it('gives different models in same-named folders different ids', async () => {
    const a = path.join(scratch, 'a', 'tiny-random');
    const b = path.join(scratch, 'b', 'tiny-random');
    await cp(TINY_MODEL, a, { recursive: true });
    await cp(TINY_MODEL, b, { recursive: true });
    const text = await readFile(path.join(b, TEXT));
    text[text.length - 1]! ^= 1;
    await writeFile(path.join(b, TEXT), text);
    const [ra, rb] = [await resolveModel(a, dataDir), await resolveModel(b, dataDir)];
    expect(ra.id).toMatch(/^tiny-random-[0-9a-f]{8}$/);
    expect(rb.id).toMatch(/^tiny-random-[0-9a-f]{8}$/);
    expect(ra.id).not.toBe(rb.id);
  });

  it('says an unknown id is not installed and how to get it', async () => {
    const err = await failure(resolveModel('no-such-model', dataDir, manifest));
    expect(err).toBeInstanceOf(ModelError);
    expect(err.message).toMatch(/^Model "no-such-model" is not installed/);
    expect(err.message).toContain('atelier models import <folder>');
    await expect(resolveModel(undefined, dataDir, manifest)).rejects.toThrow(
      'Model "tiny-random" is not installed. Run "atelier models download tiny-random" or "atelier models import <folder>".',
    );
  });

  it('ships a valid manifest whose default is CLIP ViT-B/32 with pinned checksums', () => {
    const shipped = loadManifest();
    const model = shipped.models.find((m) => m.id === shipped.defaultModel)!;
    expect(model).toMatchObject({ repo: 'Xenova/clip-vit-base-patch32', dim: 512 });
    expect(model.files.map((f) => f.path)).toEqual(
      expect.arrayContaining(['onnx/vision_model.onnx', 'onnx/text_model.onnx']),
    );
    expect(model.files.every((f) => f.size > 0 && /^[0-9a-f]{64}$/.test(f.sha256 ?? ''))).toBe(true);
  });

  it('pins every shipped model to a commit, with each file sized and summed, its licence and languages', () => {
    const shipped = loadManifest();
    expect(shipped.models.map((m) => m.id)).toEqual(
      expect.arrayContaining(['clip-vit-base-patch32', 'clip-vit-b-32-laion2b', 'siglip2-base-patch16-256']),
    );
    for (const m of shipped.models) {
      expect(m.revision, m.id).toMatch(/^[0-9a-f]{40}$/);
      expect(m.license, m.id).toBeTruthy();
      expect(m.languages.length, m.id).toBeGreaterThan(0);
      for (const f of m.files) {
        expect(f.size, `${m.id} ${f.path}`).toBeGreaterThan(0);
        expect(f.sha256, `${m.id} ${f.path}`).toMatch(/^[0-9a-f]{64}$/);
      }
      // Without a config.json (nor the registry's spec) a model would be fed as OpenAI's CLIP.
      const hasConfig = m.files.some((f) => (f.target ?? f.path) === 'config.json');
      expect(hasConfig || m.spec !== undefined, m.id).toBe(true);
    }
    const siglip = shipped.models.find((m) => m.id === 'siglip2-base-patch16-256')!;
    expect(siglip).toMatchObject({ dim: 768, imageSize: 256, contextLength: 64 });
    expect(siglip.spec).toMatchObject({ image: { size: 256, resize: 'squash' }, text: { padding: 'max_length' } });
    expect(siglip.languages).toEqual(expect.arrayContaining(['en', 'zh', 'ja', 'ko', 'ru', 'es']));
  });
});
