/**
 * `npm run bench:index -- [--json] [--images N] [--threads N]`
 *
 * Indexing speed on N generated images (default 200; JPEG and PNG from
 * thumbnails to 12-megapixel photos, cached in bench/.cache) with the
 * ViT-B/32-shaped model (built into bench/.cache on first run), against two
 * baselines measured in the same run on the same images and weights: the
 * reference Python pipeline (PyTorch CLIP + PIL, one image at a time, as in
 * Milvus's multimodal-RAG tutorial) and the ONNX vision encoder alone on
 * preprocessed tensors. The encoder alone runs before and after the pipeline
 * and the two are averaged, since other work on the machine comes and goes.
 * Prints a table; with --json, one JSON object on stdout (the table then goes
 * to stderr).
 *
 * --threads N gives the vision session N intra-op threads in both the pipeline
 * and the encoder alone (default: one per core). Below the core count it shows
 * what a machine whose model leaves cores free (a GPU, a many-core CPU) does
 * with them: whether decoding then hides behind the encoder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchImages } from './benchImages';
import { benchModel, CACHE, findPython } from './benchModel';
import { printChildResult, runChild } from './childCase';
import { atelierCase, type AtelierResult, encoderCase, type EncoderResult, referenceCase } from './indexCases';
import { printIndexTable } from './indexTable';

const KEEP = 8;

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    images: { type: 'string', default: '200' },
    threads: { type: 'string' },
    // Internal: what a child process runs.
    child: { type: 'string' },
    folder: { type: 'string' },
    model: { type: 'string' },
  },
});

/** --threads, checked; undefined for one per core. */
function visionThreads(): number | undefined {
  if (values.threads === undefined) return undefined;
  const n = Number(values.threads);
  if (!Number.isInteger(n) || n < 1) throw new Error('--threads must be an integer of at least 1');
  return n;
}

async function child(kind: string): Promise<unknown> {
  const folder = values.folder!;
  const files = fs
    .readdirSync(folder)
    .sort()
    .map((f) => path.join(folder, f));
  const threads = visionThreads();
  if (kind === 'atelier') return atelierCase(folder, values.model!, files.slice(0, KEEP), threads);
  return encoderCase(files, values.model!, files.length, threads);
}

/** A folder holding exactly the first `files` (hard links to the cache: nothing is copied). */
function runFolder(files: string[]): string {
  const dir = fs.mkdtempSync(path.join(CACHE, 'run-'));
  for (const f of files) fs.linkSync(f, path.join(dir, path.basename(f)));
  return dir;
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  if (values.child) {
    printChildResult(await child(values.child));
    return;
  }
  const count = Number(values.images);
  if (!Number.isInteger(count) || count < 8) throw new Error('--images must be an integer of at least 8');
  const say = (line: string) => (values.json ? process.stderr : process.stdout).write(`${line}\n`);
  const threads = visionThreads();
  const python = findPython();
  const model = benchModel(python, say);
  const { files, bytes, megapixels } = await benchImages(path.join(CACHE, 'images'), count, say);
  const folder = runFolder(files);
  try {
    const loadBefore = load();
    const childArgs = ['--folder', folder, '--model', model.dir, ...(threads ? ['--threads', String(threads)] : [])];
    say(`Encoder alone (${count} images)...`);
    const before = await runChild<EncoderResult>(['--child', 'encoder', ...childArgs]);
    say(`Atelier indexing ${count} images...`);
    const atelier = await runChild<AtelierResult>(['--child', 'atelier', ...childArgs]);
    say('Encoder alone again...');
    const after = await runChild<EncoderResult>(['--child', 'encoder', ...childArgs]);
    say(`Reference pipeline (PyTorch + PIL, ${python})...`);
    const sorted = fs
      .readdirSync(folder)
      .sort()
      .map((f) => path.join(folder, f));
    const reference = referenceCase(python, model.makeModels, model.stateDict, sorted, KEEP);
    const summary = printIndexTable(
      { atelier, before, after, reference, bytes, megapixels, loadBefore, loadAfter: load(), threads },
      say,
    );
    if (values.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
