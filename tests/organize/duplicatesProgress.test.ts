/**
 * The app's duplicate review, through the contract's handler on a real core: a
 * look that searches new images reports how far it has come as events, up to
 * done, before it answers with the groups; a look with nothing new reports nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Atelier, createAtelier } from '../../src/main/core/app';
import { nodeWorkerSpawner } from '../../src/main/core/workers/nodeWorker';
import { COLOR_MODEL, RESOURCES, ROOT } from '../helpers/paths';

describe('progress of a look at the duplicates', () => {
  let tmp: string;
  let atelier: Atelier;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-dupprogress-'));
    atelier = createAtelier({
      dataDir: path.join(tmp, 'data'),
      resourcesDir: RESOURCES,
      model: COLOR_MODEL,
      providers: ['cpu'],
      spawnEncoder: nodeWorkerSpawner(new URL(`file://${path.join(ROOT, 'src/main/core/clip/encoderThread.ts')}`)),
    });
  });
  afterAll(async () => {
    await atelier.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('reports the search of new images as events, then answers with the groups', async () => {
    const model = (await atelier.activeModel())!;
    const { catalog } = atelier;
    const root = catalog.addRoot(path.join(tmp, 'lib'));
    for (const [name, angle] of [
      ['a', 0],
      ['b', 0.05],
      ['c', 1.5],
    ] as const) {
      const v = new Float32Array(8);
      v[0] = Math.cos(angle);
      v[1] = Math.sin(angle);
      catalog.putFile({
        rootId: root.id,
        path: path.join(tmp, 'lib', `${name}.png`),
        contentKey: `k-${name}`,
        size: 1,
        mtimeMs: 1,
        width: 8,
        height: 8,
        format: 'png',
      });
      catalog.putEmbedding(`k-${name}`, model.id, v);
    }
    const progress: Array<{ done: number; total: number }> = [];
    const stop = atelier.events.on('organize.duplicatesProgress', (p) => progress.push(p));
    try {
      const { groups } = await atelier.handlers.organize.duplicates({ threshold: 0.99 });
      expect(groups.map((g) => g.images.map((i) => path.basename(i.path)))).toEqual([['a.png', 'b.png']]);
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.at(-1)).toEqual({ done: 3, total: 3 });

      progress.length = 0;
      await atelier.handlers.organize.duplicates({ threshold: 0.95 });
      expect(progress).toEqual([]);
    } finally {
      stop();
    }
  });
});
