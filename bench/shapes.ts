/**
 * `npm run bench:shapes -- [--json] [--images N] [--texts N] [--shape NAME]...`
 *
 * Encode speed per model shape, through the encoder worker as the app runs it: random-weight models
 * with the real shapes of the registry's models (built once into bench/.cache by make_shapes.py,
 * and by the shared make_models.py for OpenAI's ViT-B/32), N generated photos (decode, preprocess
 * and the vision model, in the batches indexing sends) and N text queries one at a time (tokenize
 * and the text model, as a search does). Prints images/s, the vision model's share of it, texts/s
 * and a query's median time per shape; with --json, one JSON array on stdout. Each shape runs in a
 * process of its own.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createEncoderClient } from '../src/main/core/clip/encoderClient';
import { readModelSpec } from '../src/main/core/clip/modelConfig';
import { preferredProviders } from '../src/main/core/clip/providers';
import { nodeWorkerSpawner } from '../src/main/core/workers/nodeWorker';
import { benchImages } from './benchImages';
import { benchModel, CACHE, findPython } from './benchModel';
import { printChildResult, runChild } from './childCase';

const ROOT = path.resolve(import.meta.dirname, '..');
const SHAPES = ['clip-vit-b-32', 'siglip2-base-256', 'xlmr-base-vit-b-32'];
const QUERIES = [
  'red silk cape with gold trim',
  'knight in armour at night',
  '一只在雪地里的红狐狸',
  '夜の城と月',
  '바닷가의 등대',
  'старый деревянный корабль',
  'un dragón azul volando sobre montañas',
  'concept art of a desert city under two moons, wide shot',
];

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    images: { type: 'string', default: '40' },
    texts: { type: 'string', default: '40' },
    shape: { type: 'string', multiple: true },
    // Internal: what a child process runs (one shape, in a process of its own: onnxruntime-node
    // cannot start in a new worker thread once an earlier model's threads have ended).
    child: { type: 'string' },
    dir: { type: 'string' },
  },
});

const say = (line: string) => (values.json ? process.stderr : process.stdout).write(`${line}\n`);

interface ShapeResult {
  shape: string;
  dim: number;
  provider: string;
  batch: number;
  images_per_s: number;
  /** Images per second of the vision model alone (its share of the time above). */
  vision_images_per_s: number;
  texts_per_s: number;
  query_p50_ms: number;
  model_mb: number;
}

/** The folder of a shape, built on first use. */
function shapeDir(shape: string, python: string): string {
  if (shape === 'clip-vit-b-32') return benchModel(python, say).dir;
  const root = path.join(CACHE, 'shapes');
  const dir = path.join(root, shape);
  if (!fs.existsSync(path.join(dir, '.complete'))) {
    say(`Building the ${shape}-shaped model into ${dir} (once, a few minutes)...`);
    const script = path.join(import.meta.dirname, 'make_shapes.py');
    const built = spawnSync(python, [script, root, shape], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (built.status !== 0) throw new Error(`make_shapes.py failed (exit ${built.status})`);
  }
  return dir;
}

function folderBytes(dir: string): number {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.onnx'))
    .reduce((n, e) => n + fs.statSync(path.join(e.parentPath, e.name)).size, 0);
}

async function measure(shape: string, dir: string, files: string[], texts: number): Promise<ShapeResult> {
  const dim = readModelSpec(dir).dim ?? 512;
  const encoder = createEncoderClient({
    model: { id: `bench-${shape}`, name: shape, dim, dir },
    vocabPath: path.join(ROOT, 'resources', 'clip', 'bpe_simple_vocab_16e6.txt.gz'),
    providers: preferredProviders(process.env.ATELIER_PROVIDER),
    spawn: nodeWorkerSpawner(new URL('../src/main/core/clip/encoderThread.ts', import.meta.url)),
  });
  try {
    const report = await encoder.ready();
    const batch = await encoder.batchSize();
    // Warm both towers up: the first runs allocate and plan.
    await encoder.embedTexts(['warm up']);
    await encoder.embedImages(files.slice(0, batch));
    let visionMs = 0;
    const t0 = performance.now();
    for (let i = 0; i < files.length; i += batch) {
      const { timings } = await encoder.embedImages(files.slice(i, i + batch));
      visionMs += timings?.encodeMs ?? 0;
    }
    const imageSeconds = (performance.now() - t0) / 1000;
    const queryMs: number[] = [];
    for (let i = 0; i < texts; i++) {
      const t = performance.now();
      await encoder.embedTexts([QUERIES[i % QUERIES.length]!]);
      queryMs.push(performance.now() - t);
    }
    const sorted = [...queryMs].sort((a, b) => a - b);
    return {
      shape,
      dim,
      provider: report.provider,
      batch,
      images_per_s: files.length / imageSeconds,
      vision_images_per_s: visionMs > 0 ? files.length / (visionMs / 1000) : 0,
      texts_per_s: texts / (queryMs.reduce((a, b) => a + b, 0) / 1000),
      query_p50_ms: sorted[Math.floor(sorted.length / 2)]!,
      model_mb: folderBytes(dir) / 1e6,
    };
  } finally {
    await encoder.close();
  }
}

async function main(): Promise<void> {
  const images = Number(values.images);
  const texts = Number(values.texts);
  if (!Number.isInteger(images) || images < 1) throw new Error('--images must be a positive integer');
  if (!Number.isInteger(texts) || texts < 1) throw new Error('--texts must be a positive integer');
  const shapes = values.shape ?? SHAPES;
  const unknown = shapes.filter((s) => !SHAPES.includes(s));
  if (unknown.length) throw new Error(`Unknown shape ${unknown.join(', ')}; known: ${SHAPES.join(', ')}`);
  const { files } = await benchImages(path.join(CACHE, 'images'), images, say);
  if (values.child) {
    printChildResult(await measure(values.child, values.dir!, files, texts));
    return;
  }
  const python = findPython();
  const results: ShapeResult[] = [];
  // One row as each shape finishes: a large shape that fails (memory) leaves the others' rows.
  say('shape                 dim  model MB  provider  batch  images/s  vision only  texts/s  query p50');
  for (const shape of shapes) {
    const dir = shapeDir(shape, python);
    const r = await runChild<ShapeResult>([
      '--child',
      shape,
      '--dir',
      dir,
      '--images',
      `${images}`,
      '--texts',
      `${texts}`,
    ]);
    results.push(r);
    say(
      `${r.shape.padEnd(20)} ${String(r.dim).padStart(4)}  ${r.model_mb.toFixed(0).padStart(8)}  ${r.provider.padEnd(8)}  ` +
        `${String(r.batch).padStart(5)}  ${r.images_per_s.toFixed(1).padStart(8)}  ${r.vision_images_per_s.toFixed(1).padStart(11)}  ` +
        `${r.texts_per_s.toFixed(1).padStart(7)}  ${r.query_p50_ms.toFixed(0).padStart(6)} ms`,
    );
  }
  if (values.json) process.stdout.write(`${JSON.stringify(results)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
