/**
 * A new user's first run: the model is not installed, so the command downloads
 * it (from a local server speaking Hugging Face's URL layout), verifies it and
 * goes on; with the server down, it fails with one clear line.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary } from '../../src/shared/types';
import { json, runCli } from '../helpers/cli';
import { solid } from '../helpers/images';
import { TINY_MODEL } from '../helpers/paths';

const FILES = ['onnx/vision_model.onnx', 'onnx/text_model.onnx', 'config.json'];

describe('first use without a model', () => {
  let tmp: string;
  let server: Server;
  let env: NodeJS.ProcessEnv;
  const requests: string[] = [];

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-first-'));
    const manifest = {
      version: 1,
      defaultModel: 'tiny',
      models: [
        {
          id: 'tiny',
          name: 'Tiny random CLIP',
          repo: 'fixtures/tiny',
          revision: 'main',
          dim: 512,
          contextLength: 77,
          imageSize: 224,
          files: FILES.map((f) => {
            const bytes = fs.readFileSync(path.join(TINY_MODEL, f));
            return { path: f, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
          }),
        },
      ],
    };
    fs.writeFileSync(path.join(tmp, 'models.json'), JSON.stringify(manifest));
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const file = (req.url ?? '').replace('/fixtures/tiny/resolve/main/', '');
      const full = path.join(TINY_MODEL, file);
      if (!FILES.includes(file)) return void res.writeHead(404).end();
      res.writeHead(200, { 'Content-Length': fs.statSync(full).size });
      fs.createReadStream(full).pipe(res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    env = {
      ATELIER_MODELS_MANIFEST: path.join(tmp, 'models.json'),
      ATELIER_MODEL_MIRROR: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      ATELIER_MODEL: '',
    };
    await solid(path.join(tmp, 'lib', 'red.png'), [220, 20, 20]);
  });
  afterAll(() => {
    server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('downloads the default model on first use, then indexes', async () => {
    const data = path.join(tmp, 'data');
    const r = await runCli(['index', path.join(tmp, 'lib'), '--data', data, '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(json<IndexSummary>(r).embedded).toBe(1);
    expect(requests.filter((u) => u.endsWith('.onnx'))).toHaveLength(2);
    const list = json<Array<{ id: string; installed: boolean }>>(
      await runCli(['models', 'list', '--data', data, '--json'], { env }),
    );
    expect(list).toContainEqual(expect.objectContaining({ id: 'tiny', installed: true }));
    // Installed now: a second command downloads nothing.
    const before = requests.length;
    expect((await runCli(['search', 'red', '--data', data, '--json'], { env })).code).toBe(0);
    expect(requests.length).toBe(before);
  });

  it('says in one line what to do when the model cannot be downloaded', async () => {
    const r = await runCli(['search', 'red', '--data', path.join(tmp, 'data2')], {
      env: { ...env, ATELIER_MODEL_MIRROR: 'http://127.0.0.1:9' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Model "tiny" is not installed and could not be downloaded: .*atelier models import/);
  });
});
