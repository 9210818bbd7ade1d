/**
 * Makes bench:library's library once: the tree of tiny images on disk, and a
 * data folder whose catalog already holds everything an index of it would
 * hold (each file with its vector, palette, text read and metadata read),
 * written through the catalog's own interfaces, since encoding a million
 * images is not what the benchmark measures. The vectors are the clustered
 * synthetic ones of bench/dataset.ts. The embedded store is then brought up to
 * date by the app's own sync, and its HNSW index built and saved.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Atelier } from '../src/main/core/app';
import { ImageTexts } from '../src/main/core/catalog/imageTexts';
import { PaletteRecords } from '../src/main/core/catalog/paletteRecords';
import { PALETTE_VERSION } from '../src/main/core/colors/palette';
import { contentKeyOfBytes } from '../src/main/core/files/contentKey';
import { OCR_MODEL_ID } from '../src/main/core/ocr/ocrModel';
import type { EmbeddedStore } from '../src/main/core/vectors/embedded/embeddedStore';
import { SyntheticDataset } from './dataset';
import { mtimeOf, writeImage } from './libraryTree';

const BATCH = 5000;
const log = (message: string) => process.stderr.write(`  [${new Date().toISOString().slice(11, 19)}] ${message}\n`);

export interface SeededLibrary {
  tree: string;
  data: string;
}

/** The cached library of n images (made on first use). */
export function libraryPaths(cache: string, n: number): SeededLibrary & { complete: string } {
  const base = path.join(cache, `library-${n}`);
  return { tree: path.join(base, 'tree'), data: path.join(base, 'data'), complete: path.join(base, '.complete') };
}

export async function seedLibrary(atelier: Atelier, tree: string, n: number): Promise<void> {
  const model = await atelier.activeModel();
  if (!model) throw new Error('The benchmark model could not be resolved');
  const space = { id: model.id, dim: model.dim };
  const { catalog } = atelier;
  const root = catalog.addRoot(fs.realpathSync(tree));
  const palettes = new PaletteRecords(catalog.db);
  const texts = new ImageTexts(catalog.db);
  const metadataRead = catalog.db.prepare(
    `INSERT OR REPLACE INTO file_metadata_reads (file_id, problem, read_at)
     SELECT id, NULL, ? FROM files WHERE path = ?`,
  );
  const data = new SyntheticDataset({ ...new SyntheticDataset().spec, dim: model.dim });
  const made = new Set<string>();
  for (let start = 0; start < n; start += BATCH) {
    const count = Math.min(BATCH, n - start);
    const vectors = data.rows(start, count);
    const files = Array.from({ length: count }, (_, j) => {
      const { file, bytes } = writeImage(root.path, start + j, made);
      return { file, size: bytes.length, key: contentKeyOfBytes(bytes), mtimeMs: mtimeOf(start + j) };
    });
    // Texts first: a file's row then takes its (empty) text into the text index as it is written.
    texts.putAll(files.map((f) => ({ contentKey: f.key, model: OCR_MODEL_ID, lines: [], error: null })));
    catalog.transaction(() => {
      files.forEach((f, j) => {
        catalog.putEmbedding(f.key, model.id, vectors.subarray(j * model.dim, (j + 1) * model.dim));
        catalog.putFile({
          rootId: root.id,
          path: f.file,
          contentKey: f.key,
          size: f.size,
          mtimeMs: f.mtimeMs,
          width: 1,
          height: 1,
          format: 'png',
        });
        metadataRead.run(Date.now(), f.file);
      });
      palettes.put(
        PALETTE_VERSION,
        files.map((f, j) => ({ contentKey: f.key, colors: [{ hex: hexOf(start + j), share: 1 }] })),
      );
    });
    if ((start / BATCH) % 20 === 0) log(`seeded ${start + count} of ${n} images`);
  }
  log('bringing the embedded store up to date');
  await atelier.vectorSync.sync(space);
  await (atelier.vectorSync.store as EmbeddedStore).flush(space);
  catalog.db.pragma('wal_checkpoint(TRUNCATE)');
  log('seeded');
}

function hexOf(i: number): string {
  return `#${[i & 0xff, (i >> 8) & 0xff, (i >> 16) & 0xff].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}
