/**
 * `npm run bench:query -- [--json] [--n 100000] [--queries 200]`
 *
 * What a person waits for after typing a search: tokenize + encode the text
 * with the ViT-B/32-shaped text encoder (through the encoder worker, as the
 * app does) + search the embedded store holding n vectors, k = 10. The store
 * is filled with clustered synthetic vectors (bench/dataset.ts), built once
 * into bench/.cache and reopened on later runs. Prints p50 and p99 of the
 * whole query and of its two halves; with --json, one JSON object on stdout.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createEncoderClient } from '../src/main/core/clip/encoderClient';
import { preferredProviders } from '../src/main/core/clip/providers';
import { EmbeddedStore } from '../src/main/core/vectors/embedded/embeddedStore';
import { nodeWorkerSpawner } from '../src/main/core/workers/nodeWorker';
import { benchModel, CACHE, findPython } from './benchModel';
import { buildCase } from './measureCase';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    n: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '200' },
  },
});

const TEXTS = [
  'red silk cape with gold trim',
  'knight in armour at night',
  'a cat',
  'concept art of a desert city under two moons, wide shot',
  'blue dragon',
  'portrait of an old fisherman with a pipe, dramatic lighting',
  'forest',
  'sci-fi corridor with neon signs and rain',
  'wooden sword',
  'character turnaround sheet, front side and back views',
];

const say = (line: string) => (values.json ? process.stderr : process.stdout).write(`${line}\n`);
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

/** The store folder for n vectors: built once (a few minutes at 100k on two cores), then reused. */
async function storeDir(n: number): Promise<string> {
  const dir = path.join(CACHE, `query-store-${n}`);
  if (fs.existsSync(path.join(dir, '.complete'))) return dir;
  say(`Building an embedded store of ${n} synthetic vectors into ${dir} (once)...`);
  const built = await buildCase(n, 'embedded');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(built.dir, dir, { recursive: true });
  fs.rmSync(built.dir, { recursive: true, force: true });
  fs.writeFileSync(path.join(dir, '.complete'), '');
  return dir;
}

async function main(): Promise<void> {
  const n = Number(values.n);
  const count = Number(values.queries);
  const model = benchModel(findPython(), say);
  const store = new EmbeddedStore({ dir: await storeDir(n) });
  const space = { id: 'bench-clip-512', dim: 512 };
  const encoder = createEncoderClient({
    model: { id: 'bench-vit-b-32', name: 'bench-vit-b-32', dim: 512, dir: model.dir },
    vocabPath: path.join(import.meta.dirname, '..', 'resources', 'clip', 'bpe_simple_vocab_16e6.txt.gz'),
    providers: preferredProviders(process.env.ATELIER_PROVIDER),
    spawn: nodeWorkerSpawner(new URL('../src/main/core/clip/encoderThread.ts', import.meta.url)),
  });
  try {
    const report = await encoder.ready(); // the app keeps its model loaded: loading is not a query's cost
    for (const text of TEXTS) await store.search(space, (await encoder.embedTexts([text]))[0]!, 10); // warm-up
    const total: number[] = [];
    const encode: number[] = [];
    const search: number[] = [];
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      const [vector] = await encoder.embedTexts([TEXTS[i % TEXTS.length]!]);
      const t1 = performance.now();
      const hits = await store.search(space, vector!, 10);
      const t2 = performance.now();
      if (hits.length !== 10) throw new Error(`expected 10 hits, got ${hits.length}`);
      total.push(t2 - t0);
      encode.push(t1 - t0);
      search.push(t2 - t1);
    }
    const row = (name: string, xs: number[]) =>
      say(`${name.padEnd(34)}${pct(xs, 0.5).toFixed(2).padStart(9)}${pct(xs, 0.99).toFixed(2).padStart(9)}`);
    say('');
    say(`${count} text queries over ${n} vectors (k = 10) on ${report.provider}`);
    say(`${''.padEnd(34)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}`);
    row('tokenize + encode (worker)', encode);
    row('search (embedded store)', search);
    row('whole query', total);
    say(`target: p50 <= 30 ms on CPU at 100k: ${pct(total, 0.5) <= 30 ? 'met' : 'missed'}`);
    if (values.json) {
      const r = (x: number) => Number(x.toFixed(3));
      const out = { n, queries: count, p50_ms: r(pct(total, 0.5)), p99_ms: r(pct(total, 0.99)) };
      process.stdout.write(
        `${JSON.stringify({ ...out, encode_p50_ms: r(pct(encode, 0.5)), search_p50_ms: r(pct(search, 0.5)), provider: report.provider })}\n`,
      );
    }
  } finally {
    await encoder.close();
    await store.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
