/**
 * A Photoshop document saved without a composite, end to end through the
 * `atelier` command with the `color` model: its visible layers are
 * flattened, so a blue one is found by "blue" (and its hidden red layer
 * never makes it red), and `info` says which picture was used.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writePsdBuffer } from 'ag-psd';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary } from '../../src/shared/types';
import { convert } from '../formats/referenceImages';
import { json, runCli } from '../helpers/cli';
import { COLOR_MODEL } from '../helpers/paths';

interface Results {
  results: Array<{ path: string }>;
}

const solid = (width: number, height: number, rgba: number[]) => ({
  width,
  height,
  data: new Uint8ClampedArray(width * height * 4).map((_, i) => rgba[i % 4]!),
});

describe('a PSD without a composite through atelier index, search and info', () => {
  let tmp: string;
  let lib: string;
  let data: string;
  const at = (name: string) => path.join(lib, name);
  const cli = (...args: string[]) => runCli([...args, '--data', data, '--model', COLOR_MODEL]);
  const top = async (query: string) =>
    json<Results>(await cli('search', query, '--json', '--limit', '1')).results.map((r) => path.relative(lib, r.path));

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-psd-layers-'));
    lib = path.join(fs.realpathSync(tmp), 'library');
    data = path.join(tmp, 'data');
    fs.mkdirSync(lib, { recursive: true });
    // Blue over most of the canvas, a small opaque white layer, and a hidden red layer over all of it.
    const layered = writePsdBuffer({
      width: 64,
      height: 48,
      imageResources: { versionInfo: { hasRealMergedData: false, writerName: 'x', readerName: 'x', fileVersion: 1 } },
      children: [
        { name: 'blue', imageData: solid(64, 48, [25, 50, 220, 255]) },
        { name: 'mark', left: 4, top: 4, imageData: solid(6, 6, [255, 255, 255, 255]) },
        { name: 'red', hidden: true, imageData: solid(64, 48, [220, 25, 25, 255]) },
      ],
    });
    fs.writeFileSync(at('layers.psd'), layered);
    convert('-size', '64x48', 'xc:rgb(25,170,40)', at('green.psd'));
    await sharp({ create: { width: 64, height: 48, channels: 3, background: '#dc1919' } }).toFile(at('red.png'));
  });

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('indexes the layered file and finds it by the colour of its visible layers', async () => {
    const summary = json<IndexSummary>(await cli('index', lib, '--json'));
    expect(summary).toMatchObject({ embedded: 3, skipped: [] });
    expect(await top('blue')).toEqual(['layers.psd']);
    expect(await top('red')).toEqual(['red.png']);
    expect(await top('green')).toEqual(['green.psd']);
  }, 180_000);

  it('says in info whether the stored composite or the flattened layers were used', async () => {
    const layered = json<{ format: string; psd: unknown }>(await cli('info', at('layers.psd'), '--json'));
    expect(layered).toMatchObject({ format: 'psd', psd: { image: 'flattened layers', layers: 3 } });
    const composite = json<{ psd: { image: string } }>(await cli('info', at('green.psd'), '--json'));
    expect(composite.psd.image).toBe('composite');
    const png = json<Record<string, unknown>>(await cli('info', at('red.png'), '--json'));
    expect(png).not.toHaveProperty('psd');
    const text = (await cli('info', at('layers.psd'))).stdout;
    expect(text).toContain('psd: flattened layers, 3 layers');
  }, 180_000);
});
