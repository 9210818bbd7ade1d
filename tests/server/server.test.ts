/**
 * `atelier serve`'s server over real HTTP and a real WebSocket, with the real
 * core behind it (SQLite in a temp folder, the `color` model): the token, the
 * contract derived from channels(), events, and thumbnails only inside indexed folders.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Atelier, createAtelier } from '../../src/main/core/app';
import { type RunningServer, startServer } from '../../src/main/core/server/server';
import { nodeWorkerSpawner } from '../../src/main/core/workers/nodeWorker';
import type { EventMessage } from '../../src/shared/transport';
import { solid } from '../helpers/images';
import { COLOR_MODEL, RESOURCES, ROOT } from '../helpers/paths';
import { freePort } from '../helpers/ports';

const CSP = "default-src 'self'; img-src 'self' data: blob: atelier-thumb:; script-src 'self'";

describe('atelier serve: HTTP and WebSocket', () => {
  let tmp: string;
  let lib: string;
  let atelier: Atelier;
  let server: RunningServer;
  const api = (name: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.origin}/api/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}`, ...headers },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-serve-'));
    lib = path.join(fs.realpathSync(tmp), 'lib');
    fs.mkdirSync(lib);
    await solid(path.join(lib, 'red.png'), [220, 25, 25]);
    await solid(path.join(lib, 'blue.png'), [25, 50, 220]);
    await solid(path.join(tmp, 'outside.png'), [25, 170, 40]);
    fs.symlinkSync(path.join(tmp, 'outside.png'), path.join(lib, 'sneaky.png'));
    const web = path.join(tmp, 'web');
    fs.mkdirSync(web);
    fs.writeFileSync(
      path.join(web, 'index.html'),
      `<!doctype html><meta http-equiv="Content-Security-Policy" content="${CSP}"><title>Atelier</title>`,
    );
    atelier = createAtelier({
      dataDir: path.join(tmp, 'data'),
      resourcesDir: RESOURCES,
      model: COLOR_MODEL,
      providers: ['cpu'],
      spawnEncoder: nodeWorkerSpawner(new URL(`file://${path.join(ROOT, 'src/main/core/clip/encoderThread.ts')}`)),
    });
    server = await startServer({ api: atelier, thumbnails: atelier.thumbnails, staticDir: web });
  });

  afterAll(async () => {
    await server?.close();
    await atelier?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('binds 127.0.0.1 and prints an address that carries the token', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).toBe(`${server.origin}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses every request without the token, or with a wrong one', async () => {
    expect((await fetch(`${server.origin}/`)).status).toBe(401);
    expect((await fetch(`${server.origin}/?token=wrong`)).status).toBe(401);
    expect((await api('library.status', {}, { Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await fetch(`${server.origin}/thumb?path=${encodeURIComponent(path.join(lib, 'red.png'))}`)).status).toBe(
      401,
    );
  });

  it('trades the token in the address for an HttpOnly cookie, and serves the page with a strict CSP', async () => {
    const first = await fetch(server.url, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await fetch(`${server.origin}/`, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp.startsWith(CSP)).toBe(true);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses a request another page makes, even with the cookie', async () => {
    const evil = await api('library.status', {}, { Origin: 'http://127.0.0.1:9999' });
    expect(evil.status).toBe(403);
    const crossSite = await api('library.status', {}, { 'Sec-Fetch-Site': 'same-site' });
    expect(crossSite.status).toBe(403);
    // fetch may not set Host: a DNS-rebinding page's request names its own domain there.
    const rebound = await new Promise<number>((resolve, reject) => {
      http
        .get(`${server.url}`, { headers: { Host: 'evil.example' } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        })
        .on('error', reject);
    });
    expect(rebound).toBe(403);
  });

  it('answers a contract call, and an invalid one with a clean message', async () => {
    const ok = await api('library.status', {});
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, value: { folders: [], files: 0 } });

    const invalid = await api('library.index', { folders: [] });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({
      ok: false,
      message: 'folders: Too small: expected array to have >=1 items',
    });

    const extra = await api('search.query', { text: 'red', sneaky: true });
    expect(((await extra.json()) as { message: string }).message).toMatch(/^Unrecognized key: "sneaky"/);

    const unknown = await api('library.format', {});
    expect(unknown.status).toBe(404);
    const notJson = await fetch(`${server.origin}/api/library.status`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'text/plain' },
      body: '{}',
    });
    expect(notJson.status).toBe(415);
  });

  it('sends the events of an indexing job over the WebSocket, then searches what it indexed', async () => {
    const socket = new WebSocket(`${server.origin.replace('http', 'ws')}/events`, {
      headers: { Authorization: `Bearer ${server.token}` },
    });
    const received: EventMessage[] = [];
    const indexed = new Promise<void>((resolve) => {
      socket.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as EventMessage;
        received.push(message);
        if (message.name === 'library.indexed') resolve();
      });
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));

    const started = (await (await api('library.index', { folders: [lib] })).json()) as { value: { jobId: string } };
    await indexed;
    socket.close();
    expect(received.some((m) => m.name === 'library.progress')).toBe(true);
    expect(received.at(-1)).toMatchObject({ name: 'library.indexed', payload: { jobId: started.value.jobId } });

    const found = (await (await api('search.query', { text: 'red', limit: 1 })).json()) as {
      value: { results: Array<{ path: string }> };
    };
    expect(found.value.results[0]!.path).toBe(path.join(lib, 'red.png'));
  });

  it('refuses a WebSocket without the token', async () => {
    const socket = new WebSocket(`${server.origin.replace('http', 'ws')}/events`);
    const status = await new Promise<number>((resolve) =>
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode!)),
    );
    expect(status).toBe(401);
  });

  it('serves WebP thumbnails of indexed files, and 403 for anything outside the indexed folders', async () => {
    const thumb = (file: string) =>
      fetch(`${server.origin}/thumb?path=${encodeURIComponent(file)}&token=${server.token}`);
    const red = await thumb(path.join(lib, 'red.png'));
    expect(red.status).toBe(200);
    expect(red.headers.get('content-type')).toBe('image/webp');
    const bytes = Buffer.from(await red.arrayBuffer());
    expect(bytes.subarray(0, 4).toString()).toBe('RIFF');
    expect(bytes.subarray(8, 12).toString()).toBe('WEBP');
    const cached = fs.readdirSync(path.join(tmp, 'data', 'thumbnails', 'small'), { recursive: true });
    expect(cached.some((f) => String(f).endsWith('.webp'))).toBe(true);

    expect((await thumb(path.join(tmp, 'outside.png'))).status).toBe(403);
    expect((await thumb('/etc/passwd')).status).toBe(403);
    expect((await thumb(`${lib}/../outside.png`)).status).toBe(403);
    // A link inside an indexed folder that points outside it is refused too.
    expect((await thumb(path.join(lib, 'sneaky.png'))).status).toBe(403);
    expect((await thumb('relative/red.png')).status).toBe(403);
  });

  it('stores an uploaded image under the data folder and searches by it', async () => {
    const base64 = fs.readFileSync(path.join(lib, 'blue.png')).toString('base64');
    const uploaded = (await (await api('search.uploadImage', { name: '../../evil name.png', base64 })).json()) as {
      value: { path: string; name: string };
    };
    expect(path.dirname(uploaded.value.path)).toBe(path.join(tmp, 'data', 'queries'));
    expect(path.basename(uploaded.value.path)).toMatch(/^[0-9a-f]{32}\.png$/);
    expect(uploaded.value.name).toBe('evil name.png');
    const found = (await (await api('search.query', { images: [uploaded.value.path], limit: 1 })).json()) as {
      value: { results: Array<{ path: string }> };
    };
    expect(found.value.results[0]!.path).toBe(path.join(lib, 'blue.png'));
  });

  it('searches by example only with images of the library, the uploads or the generated images', async () => {
    type Reply = { ok: boolean; message?: string; value?: { results: Array<{ path: string }> } };
    const query = async (images: string[]) => {
      const res = await api('search.query', { images, limit: 1 });
      return { status: res.status, body: (await res.json()) as Reply };
    };
    const similar = async (file: string) =>
      (await (await api('search.similar', { path: file, limit: 1 })).json()) as Reply;
    const refusal = /an example image must be inside one of the library's folders/;

    for (const file of [
      path.join(tmp, 'outside.png'),
      '/etc/passwd',
      `${lib}/../outside.png`,
      path.join(lib, 'sneaky.png'),
    ]) {
      const refused = await query([file]);
      expect(refused.status).toBe(422);
      expect(refused.body.message).toMatch(refusal);
      expect((await similar(file)).message).toMatch(refusal);
    }
    // One bad image among good ones refuses the whole query.
    expect((await query([path.join(lib, 'red.png'), '/etc/hostname'])).body.message).toMatch(refusal);
    // A folder named like the data folder's but beside it is not inside it.
    const lookalike = path.join(tmp, 'data', 'generated-elsewhere', 'blue.png');
    fs.mkdirSync(path.dirname(lookalike), { recursive: true });
    fs.copyFileSync(path.join(lib, 'blue.png'), lookalike);
    expect((await query([lookalike])).body.message).toMatch(refusal);

    expect((await similar(path.join(lib, 'red.png'))).value!.results[0]!.path).toBe(path.join(lib, 'red.png'));
    const generated = path.join(tmp, 'data', 'generated', 'made.png');
    fs.mkdirSync(path.dirname(generated), { recursive: true });
    fs.copyFileSync(path.join(lib, 'red.png'), generated);
    expect((await query([generated])).body.value!.results[0]!.path).toBe(path.join(lib, 'red.png'));
    expect((await query([path.join(tmp, 'data', 'generated', 'missing.png')])).body.message).toMatch(/Image not found/);
  });

  it('refuses the desktop-only file actions with a message that says so', async () => {
    for (const [name, what] of [
      ['files.showInFolder', 'Show in folder'],
      ['files.open', 'Open'],
      ['files.startDrag', 'Dragging to another app'],
    ] as const) {
      const res = await api(name, { paths: [path.join(lib, 'red.png')] });
      expect(res.status).toBe(422);
      expect(await res.json()).toEqual({
        ok: false,
        message: `${what} works only in the Atelier desktop app, not in a browser.`,
      });
    }
  });

  it('answers the vector store’s status and "Test connection" over HTTP, and refuses an incomplete switch', async () => {
    const status = (await (await api('store.status', {})).json()) as { value: unknown };
    expect(status.value).toMatchObject({ kind: 'embedded', health: 'ok' });
    const settings = (await (await api('settings.get', {})).json()) as { value: { vectorStore: unknown } };
    expect(settings.value.vectorStore).toMatchObject({ kind: 'embedded', health: 'ok' });

    const port = await freePort(); // nothing listens there
    const tested = await api('store.test', { uri: `http://127.0.0.1:${port}`, token: 'root:http-secret' });
    const body = await tested.text();
    expect(JSON.parse(body)).toEqual({
      ok: true,
      value: {
        ok: false,
        reason: 'down',
        message: `Milvus at 127.0.0.1:${port} is not answering (connection refused).`,
      },
    });
    expect(body).not.toContain('http-secret');

    const incomplete = await api('store.switch', { kind: 'milvus' });
    expect(incomplete.status).toBe(400);
    expect(((await incomplete.json()) as { message: string }).message).toMatch(/^uri: /);
  });

  it('keeps the Gemini key server-side and returns only its last four characters', async () => {
    const saved = (await (await api('settings.update', { geminiApiKey: 'AIza-secret-key-9876' })).json()) as {
      value: unknown;
    };
    expect(saved.value).toMatchObject({ geminiApiKey: { set: true, last4: '9876' } });
    expect(JSON.stringify(saved)).not.toContain('secret');
    expect(atelier.settings.geminiApiKey()).toBe('AIza-secret-key-9876');
    const mode = fs.statSync(path.join(tmp, 'data', 'settings.json')).mode & 0o777;
    expect(mode).toBe(0o600);
  });
});
