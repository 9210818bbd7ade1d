/**
 * Studio formats end to end through the `atelier` command with the `color`
 * model: a folder of PSD, TGA, DDS, EXR, HDR, SVG, Krita, OpenRaster and camera RAW files
 * is indexed, each is found by its colour, the format filter names them, bad
 * files are skipped with their reasons, and thumbnails are made from them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { ThumbnailService } from '../../src/main/core/thumbnails/thumbnailService';
import type { IndexSummary } from '../../src/shared/types';
import { convert } from '../formats/referenceImages';
import { json, runCli } from '../helpers/cli';
import { COLOR_MODEL } from '../helpers/paths';
import { tiffWithPreviews } from '../helpers/rawFiles';

interface Results {
  results: Array<{ path: string; score: number; width: number; height: number }>;
}

const solidPng = (hex: string, width = 64, height = 48) =>
  sharp({ create: { width, height, channels: 3, background: hex } })
    .png()
    .toBuffer();

/** An OpenRaster or Krita file: the mimetype stored first, then the merged image. */
const painting = (mime: string, png: Buffer) =>
  Buffer.from(zipSync({ mimetype: [Buffer.from(mime), { level: 0 }], 'mergedimage.png': png }));

describe('studio formats through atelier index and search', () => {
  let tmp: string;
  let lib: string;
  let data: string;
  const cli = (...args: string[]) => runCli([...args, '--data', data, '--model', COLOR_MODEL]);
  const top = async (query: string, ...flags: string[]) =>
    json<Results>(await cli('search', query, '--json', '--limit', '3', ...flags)).results.map((r) =>
      path.relative(lib, r.path),
    );

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-studio-'));
    lib = path.join(fs.realpathSync(tmp), 'library');
    data = path.join(tmp, 'data');
    fs.mkdirSync(path.join(lib, 'bad'), { recursive: true });
    const at = (name: string) => path.join(lib, name);
    convert('-size', '64x48', 'xc:rgb(25,50,220)', at('blue.psd'));
    convert('-size', '64x48', 'xc:rgb(220,25,25)', '-compress', 'RLE', at('red.tga'));
    convert('-size', '64x48', 'xc:rgb(255,153,191)', '-define', 'dds:compression=dxt1', at('pink.dds'));
    convert('-size', '64x48', 'xc:rgb(25,170,40)', '-colorspace', 'RGB', at('green.hdr'));
    convert('-size', '64x48', 'xc:rgb(115,71,31)', '-colorspace', 'RGB', at('brown.exr'));
    fs.writeFileSync(at('yellow.ora'), painting('image/openraster', await solidPng('#f2e61a')));
    fs.writeFileSync(at('orange.kra'), painting('application/x-krita', await solidPng('#ff8c00')));
    fs.writeFileSync(
      at('purple.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="48"><rect width="64" height="48" fill="#80269e"/></svg>',
    );
    const thumbnail = await sharp(await solidPng('#dc1919', 16, 12))
      .jpeg()
      .toBuffer();
    const preview = await sharp(await solidPng('#008080', 96, 64))
      .jpeg()
      .toBuffer();
    fs.writeFileSync(at('teal.nef'), tiffWithPreviews([thumbnail, preview]));
    // Bad files: each is skipped with its reason.
    const psd = fs.readFileSync(at('blue.psd'));
    fs.writeFileSync(at('bad/truncated.psd'), psd.subarray(0, psd.length - 2000));
    fs.writeFileSync(at('bad/nopreview.cr2'), tiffWithPreviews([Buffer.alloc(4000, 0x33)]));
    fs.writeFileSync(
      at('bad/external.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><image href="file:///etc/hostname" width="8" height="8"/></svg>',
    );
    fs.writeFileSync(at('bad/blank.ora'), painting('image/openraster', Buffer.from('not a png')));
  });

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('indexes every studio file and names why each bad one is skipped', async () => {
    const r = await cli('index', lib, '--json');
    expect(r.stderr).toBe('');
    const summary = json<IndexSummary>(r);
    expect(summary.embedded).toBe(9);
    const reasons = Object.fromEntries(summary.skipped.map((s) => [path.relative(lib, s.path), s.reason]));
    expect(reasons).toEqual({
      'bad/truncated.psd': 'corrupt or truncated PSD',
      'bad/nopreview.cr2': 'camera RAW file with no usable embedded preview',
      'bad/external.svg': 'SVG refers to external files or URLs (refused)',
      'bad/blank.ora': 'corrupt or truncated ORA file',
    });
  });

  it('finds each file by its colour', async () => {
    const expected = {
      blue: 'blue.psd',
      red: 'red.tga',
      pink: 'pink.dds',
      green: 'green.hdr',
      brown: 'brown.exr',
      yellow: 'yellow.ora',
      orange: 'orange.kra',
      purple: 'purple.svg',
      teal: 'teal.nef',
    };
    for (const [colour, file] of Object.entries(expected))
      expect([colour, (await top(colour))[0]]).toEqual([colour, file]);
    // Nine searches, each a command of its own: more than the default minute on a busy machine.
  }, 180_000);

  it('reports the size of what was decoded: the largest RAW preview, not its thumbnail', async () => {
    const r = json<Results>(await cli('search', 'teal', '--json', '--limit', '1'));
    expect(r.results[0]).toMatchObject({ width: 96, height: 64 });
  });

  it('filters by the new formats', async () => {
    expect(await top('red', '--format', 'psd')).toEqual(['blue.psd']);
    expect(await top('blue', '--format', 'tga', '--format', 'raw')).toEqual(
      expect.arrayContaining(['red.tga', 'teal.nef']) as unknown,
    );
    expect(await top('blue', '--format', 'tga', '--format', 'raw')).toHaveLength(2);
  });

  it('takes the names users know for a format: psb for psd, a camera extension for raw', async () => {
    expect(await top('red', '--format', 'PSB')).toEqual(['blue.psd']);
    expect(await top('red', '--format', 'nef')).toEqual(['teal.nef']);
    expect(await top('red', '--format', 'targa')).toEqual(['red.tga']);
  });

  it('makes thumbnails of studio files', async () => {
    const catalog = Catalog.open(path.join(data, 'catalog.db'));
    try {
      const thumbnails = new ThumbnailService(data, catalog);
      for (const [name, rgb] of [
        ['blue.psd', [25, 50, 220]],
        ['red.tga', [220, 25, 25]],
        ['teal.nef', [0, 128, 128]],
      ] as const) {
        const result = await thumbnails.thumbnail(path.join(lib, name));
        if (!result.ok) throw new Error(`${name}: ${result.reason}`);
        const { data: px, info } = await sharp(result.file).raw().toBuffer({ resolveWithObject: true });
        const centre = ((info.height >> 1) * info.width + (info.width >> 1)) * info.channels;
        expect([name, ...[0, 1, 2].map((c) => Math.abs(px[centre + c]! - rgb[c]!) <= 8)]).toEqual([
          name,
          true,
          true,
          true,
        ]);
      }
    } finally {
      catalog.close();
    }
  });
});
