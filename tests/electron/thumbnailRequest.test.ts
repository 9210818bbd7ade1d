/**
 * The `atelier-thumb:` protocol's answers, from a real catalog and thumbnail
 * service: only images inside the library are served, whatever the URL does to
 * reach outside it (`..`, encoded slashes, links, a look-alike folder name).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { ThumbnailService } from '../../src/main/core/thumbnails/thumbnailService';
import { thumbnailResponse } from '../../src/main/thumbnailRequest';
import { solid } from '../helpers/images';

const thumbUrl = (file: string, size?: string): string =>
  `atelier-thumb://thumb/?path=${encodeURIComponent(file)}${size ? `&size=${size}` : ''}`;

describe('atelier-thumb: requests', () => {
  let tmp: string;
  let lib: string;
  let catalog: Catalog;
  let thumbnails: ThumbnailService;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-thumb-'));
    lib = path.join(tmp, 'lib');
    await solid(path.join(lib, 'red.png'), [200, 30, 30], 600);
    await solid(path.join(tmp, 'outside.png'), [30, 200, 30]);
    await solid(path.join(tmp, 'lib-private', 'secret.png'), [30, 30, 200]);
    fs.symlinkSync(path.join(tmp, 'outside.png'), path.join(lib, 'link.png'));
    fs.symlinkSync(tmp, path.join(lib, 'up'));
    catalog = Catalog.open(path.join(tmp, 'data', 'catalog.db'));
    catalog.addRoot(lib);
    thumbnails = new ThumbnailService(path.join(tmp, 'data'), catalog);
  });
  afterAll(() => {
    catalog?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const answer = (url: string): Promise<Response> => thumbnailResponse(thumbnails, url);

  it('serves a library image as a WebP thumbnail, small by default and larger as a preview', async () => {
    const small = await answer(thumbUrl(path.join(lib, 'red.png')));
    expect(small.status).toBe(200);
    expect(small.headers.get('Content-Type')).toBe('image/webp');
    const smallMeta = await sharp(Buffer.from(await small.arrayBuffer())).metadata();
    expect([smallMeta.format, smallMeta.width]).toEqual(['webp', 256]);

    const preview = await answer(thumbUrl(path.join(lib, 'red.png'), 'preview'));
    expect((await sharp(Buffer.from(await preview.arrayBuffer())).metadata()).width).toBe(600);
  });

  it('makes a large rendering for a zoomed preview: up to 4096 pixels, never enlarged', async () => {
    await solid(path.join(lib, 'wide.png'), [30, 30, 200], 1800);
    const meta = async (size: string) =>
      sharp(Buffer.from(await (await answer(thumbUrl(path.join(lib, 'wide.png'), size))).arrayBuffer())).metadata();
    expect((await meta('preview')).width).toBe(1024);
    expect((await meta('large')).width).toBe(1800);
    expect((await meta('huge')).width).toBe(256);
  });

  it('refuses a file outside the library', async () => {
    const response = await answer(thumbUrl(path.join(tmp, 'outside.png')));
    expect([response.status, await response.text()]).toEqual([403, 'outside the indexed folders']);
  });

  it('refuses a path that climbs out with ..', async () => {
    expect((await answer(thumbUrl(`${lib}/../outside.png`))).status).toBe(403);
    expect((await answer(`atelier-thumb://thumb/?path=${lib}/../outside.png`)).status).toBe(403);
    expect((await answer(`atelier-thumb://thumb/?path=${lib}/%2E%2E/outside.png`)).status).toBe(403);
  });

  it('reads encoded slashes as part of a name, never as a way out', async () => {
    const encodedTwice = `atelier-thumb://thumb/?path=${encodeURIComponent(lib)}%2F..%252F..%252Foutside.png`;
    const response = await answer(encodedTwice);
    expect([response.status, await response.text()]).toEqual([404, 'no such file']);
  });

  it('refuses a folder whose name only begins like the library’s', async () => {
    expect((await answer(thumbUrl(path.join(tmp, 'lib-private', 'secret.png')))).status).toBe(403);
  });

  it('refuses a link inside the library that points outside it, to a file or a folder', async () => {
    expect((await answer(thumbUrl(path.join(lib, 'link.png')))).status).toBe(403);
    expect((await answer(thumbUrl(path.join(lib, 'up', 'outside.png')))).status).toBe(403);
  });

  it('refuses a relative path, and a request without one', async () => {
    expect((await answer(thumbUrl('lib/red.png'))).status).toBe(403);
    expect((await answer('atelier-thumb://thumb/')).status).toBe(403);
  });
});
