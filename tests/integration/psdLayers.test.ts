/**
 * A Photoshop document saved without a composite, end to end through the
 * `atelier` command with the `color` model: its visible layers are
 * flattened, so a blue one is found by "blue" (and its hidden red layer
 * never makes it red), and `info` says which picture was used.
 */
import fs from 'node:fs';
import { writePsdBuffer } from 'ag-psd';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary } from '../../src/shared/types';
import { convert } from '../formats/referenceImages';
import { json } from '../helpers/cli';
import { type ColorLibrary, colorLibrary } from '../helpers/colorLibrary';

const solid = (width: number, height: number, rgba: number[]) => ({
  width,
  height,
  data: new Uint8ClampedArray(width * height * 4).map((_, i) => rgba[i % 4]!),
});

describe('a PSD without a composite through atelier index, search and info', () => {
  let library: ColorLibrary;

  beforeAll(async () => {
    library = colorLibrary('atelier-psd-layers-');
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
    fs.writeFileSync(library.at('layers.psd'), layered);
    convert('-size', '64x48', 'xc:rgb(25,170,40)', library.at('green.psd'));
    await sharp({ create: { width: 64, height: 48, channels: 3, background: '#dc1919' } }).toFile(
      library.at('red.png'),
    );
  });

  afterAll(() => library?.remove());

  it('indexes the layered file and finds it by the colour of its visible layers', async () => {
    const summary = json<IndexSummary>(await library.cli('index', library.lib, '--json'));
    expect(summary).toMatchObject({ embedded: 3, skipped: [] });
    expect(await library.top('blue')).toEqual(['layers.psd']);
    expect(await library.top('red')).toEqual(['red.png']);
    expect(await library.top('green')).toEqual(['green.psd']);
  }, 180_000);

  it('says in info whether the stored composite or the flattened layers were used', async () => {
    const layered = json<{ format: string; psd: unknown }>(
      await library.cli('info', library.at('layers.psd'), '--json'),
    );
    expect(layered).toMatchObject({ format: 'psd', psd: { image: 'flattened layers', layers: 3 } });
    const composite = json<{ psd: { image: string } }>(await library.cli('info', library.at('green.psd'), '--json'));
    expect(composite.psd.image).toBe('composite');
    const png = json<Record<string, unknown>>(await library.cli('info', library.at('red.png'), '--json'));
    expect(png).not.toHaveProperty('psd');
    const text = (await library.cli('info', library.at('layers.psd'))).stdout;
    expect(text).toContain('psd: flattened layers, 3 layers');
  }, 180_000);
});
