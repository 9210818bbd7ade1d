/**
 * Indexing runs that were not told how to read videos (a model switch's
 * re-index, say) read them with the bundled ffmpeg into the new model's space,
 * and a run with no ffmpeg at all keeps what was indexed of a video.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { VideoRecords } from '../../src/main/core/catalog/videoRecords';
import type { ClipEncoder } from '../../src/main/core/clip/encoderClient';
import { indexFolders } from '../../src/main/core/indexer/indexer';
import { DEFAULT_SAMPLING } from '../../src/main/core/video/sampleVideo';
import { fixtureEncoder } from '../helpers/encoder';
import { COLOR_MODEL, TINY_MODEL } from '../helpers/paths';
import { shotsVideo } from './videoFiles';

describe('videos across models and without ffmpeg', () => {
  let tmp: string;
  let lib: string;
  let catalog: Catalog;
  const encoders: ClipEncoder[] = [];

  beforeAll(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-videoreindex-')));
    lib = path.join(tmp, 'lib');
    fs.mkdirSync(lib);
    shotsVideo(path.join(lib, 'clip.mp4'), [
      { color: '#ff0000', seconds: 2 },
      { color: '#0000ff', seconds: 2 },
    ]);
    catalog = Catalog.open(path.join(tmp, 'catalog.db'));
    encoders.push(fixtureEncoder(COLOR_MODEL), fixtureEncoder(TINY_MODEL));
  });

  afterAll(async () => {
    catalog?.close();
    await Promise.all(encoders.map((e) => e.close()));
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('reads a video with the bundled ffmpeg when the run does not say how, for each model', async () => {
    for (const encoder of encoders) {
      const summary = await indexFolders({ catalog, encoder }, { folders: [lib], jobId: encoder.model.id });
      expect(summary).toMatchObject({ embedded: 1, skipped: [] });
      const row = catalog.fileByPath(path.join(lib, 'clip.mp4'))!;
      expect(new VideoRecords(catalog.db).frameVectors(row.contentKey, encoder.model.id)).toHaveLength(2);
    }
  });

  it('keeps an indexed video when a run has no ffmpeg, saying why it was not read', async () => {
    fs.utimesSync(path.join(lib, 'clip.mp4'), new Date(), new Date(Date.now() + 5000));
    fs.appendFileSync(path.join(lib, 'clip.mp4'), Buffer.alloc(16));
    const summary = await indexFolders(
      { catalog, encoder: encoders[0]! },
      { folders: [lib], jobId: 'none', video: { ffmpeg: null, sampling: DEFAULT_SAMPLING } },
    );
    expect(summary.skipped).toEqual([
      { path: path.join(lib, 'clip.mp4'), reason: 'video: no ffmpeg for this platform' },
    ]);
    expect(catalog.fileByPath(path.join(lib, 'clip.mp4'))).toBeDefined();
  });
});
