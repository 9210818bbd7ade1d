/**
 * The change log keeps which content keys files stopped holding and which
 * writes left a file's content as it was, so the passes after an index look
 * for orphans among those keys alone and skip touched or renamed files; where
 * the log does not say (changes logged before it kept keys), the whole
 * library is looked at as before. On a real catalog and its change log.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { ImageTexts } from '../../src/main/core/catalog/imageTexts';
import { PaletteRecords } from '../../src/main/core/catalog/paletteRecords';
import { type Since, sinceDone } from '../../src/main/core/catalog/passMarks';
import { VideoRecords } from '../../src/main/core/catalog/videoRecords';

describe('orphans looked for among the keys files stopped holding', () => {
  let dir: string;
  let catalog: Catalog;
  let root: number;
  const put = (name: string, key: string, rootId = root) =>
    catalog.putFile({
      rootId,
      path: `/lib/${name}`,
      contentKey: key,
      size: 1,
      mtimeMs: 1,
      width: 1,
      height: 1,
      format: 'png',
    });
  const idOf = (name: string) => catalog.fileByPath(`/lib/${name}`)!.id;
  /** Runs a pass, returning what it was told. */
  const told = async () => {
    let out: { written: number[] | null; content: number[] | null; lost: string[] | null } | undefined;
    await sinceDone(catalog.db, 'pass', (written, since: Since) => {
      const content = since.contentWritten();
      const lost = since.lost();
      out = {
        written: written && [...written].sort((a, b) => a - b),
        content: content && [...content].sort((a, b) => a - b),
        lost: lost && [...lost].sort(),
      };
      return true;
    });
    return out;
  };
  const vector = new Float32Array(4);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-lost-'));
    catalog = Catalog.open(path.join(dir, 'catalog.db'));
    root = catalog.addRoot('/lib').id;
  });
  afterEach(() => {
    catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('tells a pass the keys files stopped holding, and which files have content new to them', async () => {
    put('a.png', 'k1');
    put('b.png', 'k1');
    put('c.png', 'k2');
    put('d.png', 'k4');
    expect(await told()).toEqual({ written: null, content: null, lost: null });

    catalog.deleteFile('/lib/a.png'); // k1: b.png still holds it
    put('c.png', 'k3'); // changed in place: k2 lost
    catalog.touchFile('/lib/b.png', 5); // same bytes
    catalog.moveFile('/lib/d.png', { path: '/lib/d2.png', rootId: root, size: 1, mtimeMs: 1 });
    put('e.png', 'k1'); // a copy
    const other = catalog.addRoot('/lib/other').id;
    catalog.moveFile('/lib/e.png', { path: '/lib/other/e.png', rootId: other, size: 1, mtimeMs: 1 });

    const since = await told();
    expect(since?.lost).toEqual(['k1', 'k2']);
    // The touched and the renamed file are written, but their content is not new to them; the
    // file moved into another library folder is.
    const byId = (x: number, y: number) => x - y;
    expect(since?.written).toEqual([idOf('b.png'), idOf('c.png'), idOf('d2.png'), idOf('other/e.png')].sort(byId));
    expect(since?.content).toEqual([idOf('c.png'), idOf('other/e.png')].sort(byId));
    expect(await told()).toBeUndefined();
  });

  it('does not say which keys were lost for changes logged before it kept them', async () => {
    put('a.png', 'k1');
    await told();
    catalog.deleteFile('/lib/a.png');
    // As if the catalog had been upgraded after the deletion was logged.
    const head = catalog.db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'file_changes'`).pluck().get();
    catalog.db.prepare(`UPDATE pass_marks SET seq = ? WHERE pass = 'file-changes-keyed'`).run(head);
    expect((await told())?.lost).toBeNull();
  });

  it('drops vectors, palettes and texts of lost keys no file holds, and nothing else', () => {
    put('a.png', 'k1');
    put('b.png', 'k1');
    put('c.png', 'k2');
    for (const key of ['k1', 'k2', 'stray']) catalog.putEmbedding(key, 'm', vector);
    const palettes = new PaletteRecords(catalog.db);
    palettes.put(
      1,
      ['k1', 'k2', 'stray'].map((contentKey) => ({ contentKey, colors: [] })),
    );
    const texts = new ImageTexts(catalog.db);
    texts.putAll(['k1', 'k2', 'stray'].map((contentKey) => ({ contentKey, model: 'o', lines: [], error: null })));
    catalog.deleteFile('/lib/a.png');
    catalog.deleteFile('/lib/c.png');

    const lost = ['k1', 'k2'];
    expect(catalog.deleteOrphanEmbeddings(lost)).toBe(1);
    expect(palettes.deleteOrphans(lost)).toBe(1);
    expect(texts.deleteOrphans(lost)).toBe(1);
    expect(catalog.hasEmbedding('k1', 'm')).toBe(true);
    expect(catalog.hasEmbedding('k2', 'm')).toBe(false);
    expect(texts.of('k2')).toBeNull();
    expect(palettes.deleteOrphans([])).toBe(0);
    // A vector orphaned some other way is left to the pass over the whole library.
    expect(catalog.hasEmbedding('stray', 'm')).toBe(true);
    expect(catalog.deleteOrphanEmbeddings()).toBe(1);
    expect(palettes.deleteOrphans()).toBe(1);
    expect(texts.deleteOrphans()).toBe(1);
  });

  it('drops a video’s frames and their vectors when its last file goes', () => {
    const videos = new VideoRecords(catalog.db);
    put('v.mp4', 'kv');
    put('w.mp4', 'kw');
    videos.put('kv', 2000, null, [0, 1000]);
    videos.put('kw', 1000, null, [0]);
    const frames = catalog.db.prepare(`SELECT frame_key FROM video_frames`).pluck().all();
    for (const key of ['kv', 'kw', ...(frames as string[])]) catalog.putEmbedding(key, 'm', vector);
    catalog.deleteFile('/lib/v.mp4');

    expect(catalog.deleteOrphanEmbeddings(['kv'])).toBe(3);
    expect(videos.get('kv')).toBeUndefined();
    expect(videos.get('kw')?.frames).toEqual([0]);
    // kw and its one frame.
    expect(catalog.db.prepare(`SELECT count(*) FROM embeddings`).pluck().get()).toBe(2);
  });
});
