/**
 * `npm run bench:ocr -- [--images N] [--json] [--model DIR]`
 *
 * Reading text in images on a mixed set of N images (default 40): half show
 * printed text (tests/helpers/textImages.ts: English and Chinese, flat, turned
 * and skewed, on plain backgrounds and photos), half are photo-like images
 * without text from bench:index's library (thumbnails to 12-megapixel JPEGs).
 * The same folder is indexed without reading, with reading, and without
 * again, each into a fresh catalog, with the models already loaded; the two
 * runs without are averaged, since other work on the machine comes and goes.
 *
 * Prints `{"images","ocr_images_per_s","index_overhead_ratio","cer"}`:
 * images read per second in the reading phase, index time with reading over
 * index time without, and the character error rate over the images with text.
 * The CLIP model is the ViT-B/32-shaped bench model where a Python with PyTorch
 * can build it (see benchModel.ts), else --model, else the shared tiny model, whose
 * near-free encoder makes the overhead look larger than on a real model.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Catalog } from '../src/main/core/catalog/catalog';
import { ImageTexts } from '../src/main/core/catalog/imageTexts';
import { createEncoderClient } from '../src/main/core/clip/encoderClient';
import { preferredProviders } from '../src/main/core/clip/providers';
import { contentKeyOfBytes } from '../src/main/core/files/contentKey';
import { indexFolders } from '../src/main/core/indexer/indexer';
import { createTextReader, type TextReader } from '../src/main/core/ocr/textReader';
import { nodeWorkerSpawner } from '../src/main/core/workers/nodeWorker';
import { TINY_MODEL } from '../tests/helpers/paths';
import { characterErrorRate, renderTextImage, TEXT_IMAGES, type TextImageSpec } from '../tests/helpers/textImages';
import { benchImages } from './benchImages';
import { benchModel, CACHE, findPython } from './benchModel';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    images: { type: 'string', default: '40' },
    model: { type: 'string' },
  },
});

const count = Number(values.images);
if (!Number.isInteger(count) || count < 2) throw new Error('--images must be an integer of at least 2');
const log = (line: string) => process.stderr.write(`${line}\n`);

function clipModel(): { dir: string; note: string } {
  if (values.model) return { dir: path.resolve(values.model), note: values.model };
  try {
    return { dir: benchModel(findPython(), log).dir, note: 'ViT-B/32-shaped bench model' };
  } catch (err) {
    log(`(${(err as Error).message.split('\n')[0]})`);
    log('Using the shared tiny CLIP model: its encoder costs almost nothing, so the overhead ratio is an upper bound.');
    return { dir: TINY_MODEL, note: 'tiny-random (stand-in)' };
  }
}

/** The i-th image with text: the test set, then again in larger sizes. */
function textSpec(i: number): TextImageSpec {
  const base = TEXT_IMAGES[i % TEXT_IMAGES.length]!;
  const round = Math.floor(i / TEXT_IMAGES.length);
  return { ...base, name: `${base.name}-${round}`, pointsize: base.pointsize + 8 * round };
}

async function main(): Promise<void> {
  const model = clipModel();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-bench-ocr-'));
  const withText = Math.ceil(count / 2);
  const specs = Array.from({ length: withText }, (_, i) => textSpec(i));
  const expected = new Map<string, string>();
  for (const spec of specs) {
    const file = renderTextImage(folder, spec);
    expected.set(contentKeyOfBytes(fs.readFileSync(file)), spec.text);
  }
  const photos = await benchImages(path.join(CACHE, 'images'), count - withText, log);
  photos.files.forEach((file, i) => fs.copyFileSync(file, path.join(folder, `photo-${i}${path.extname(file)}`)));

  const providers = preferredProviders(process.env.ATELIER_PROVIDER);
  const encoder = createEncoderClient({
    model: { id: 'bench', name: 'bench', dim: 512, dir: model.dir },
    vocabPath: path.join(import.meta.dirname, '..', 'resources', 'clip', 'bpe_simple_vocab_16e6.txt.gz'),
    providers,
    spawn: nodeWorkerSpawner(new URL('../src/main/core/clip/encoderThread.ts', import.meta.url)),
  });
  const reader = createTextReader({
    spawn: nodeWorkerSpawner(new URL('../src/main/core/ocr/ocrThread.ts', import.meta.url)),
    providers,
  });
  const dataDirs: string[] = [];
  try {
    // Both models load before timing starts: a long-running app keeps them loaded.
    await encoder.ready();
    await reader.read([path.join(folder, `${specs[0]!.name}.png`)]);

    async function index(read: TextReader | null) {
      const data = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-bench-ocr-data-'));
      dataDirs.push(data);
      const catalog = Catalog.open(path.join(data, 'catalog.db'));
      let readingStart = 0;
      const t0 = performance.now();
      await indexFolders(
        { catalog, encoder, reader: read },
        {
          folders: [folder],
          jobId: 'bench',
          onProgress: (p) => {
            if (p.phase === 'reading' && !readingStart) readingStart = performance.now();
          },
        },
      );
      const end = performance.now();
      return { ms: end - t0, readingMs: readingStart ? end - readingStart : 0, catalog };
    }

    log(`Indexing ${count} images (${withText} with text) with ${model.note}...`);
    const before = await index(null);
    before.catalog.close();
    const reading = await index(reader);
    const after = await index(null);
    after.catalog.close();
    const withoutMs = (before.ms + after.ms) / 2;

    const texts = new ImageTexts(reading.catalog.db);
    const pairs = [...expected].map(([key, text]) => ({ expected: text, read: texts.of(key)?.content ?? '' }));
    reading.catalog.close();
    const result = {
      images: count,
      ocr_images_per_s: Number((count / (reading.readingMs / 1000)).toFixed(2)),
      index_overhead_ratio: Number((reading.ms / withoutMs).toFixed(2)),
      cer: Number(characterErrorRate(pairs).toFixed(4)),
    };
    if (!values.json) {
      log(`index without reading: ${(withoutMs / 1000).toFixed(1)} s (mean of two runs)`);
      log(
        `index with reading:    ${(reading.ms / 1000).toFixed(1)} s, of which reading ${(reading.readingMs / 1000).toFixed(1)} s`,
      );
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await encoder.close();
    await reader.close();
    for (const dir of [folder, ...dataDirs]) fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
