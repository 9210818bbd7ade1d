/**
 * The hybrid case of `bench:search`: n images in a real catalog (files, their
 * vectors, and for half of them text read in the image: words drawn from a
 * Zipf-shaped vocabulary of 5,000, a tenth with a Chinese phrase) and the
 * embedded store over the same vectors. Times one hybrid search as the app
 * runs it once the query is embedded: the store's top 50, the text index's
 * top 50, reciprocal rank fusion, and the matches of the 20 shown. Queries
 * mix a rare word, a common and a rare word, a quoted phrase, a Chinese term
 * (trigram) and a two-character one (the index of characters and pairs).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Catalog } from '../src/main/core/catalog/catalog';
import { hybridSearch } from '../src/main/core/search/hybridSearch';
import { FUSION_DEPTH } from '../src/main/core/text/fusion';
import { searchText } from '../src/main/core/text/textIndex';
import { parseTextQuery } from '../src/main/core/text/textQuery';
import { EmbeddedStore } from '../src/main/core/vectors/embedded/embeddedStore';
import type { VectorEntry } from '../src/main/core/vectors/vectorStore';
import { rng, SyntheticDataset } from './dataset';

export interface HybridResult {
  n: number;
  backend: 'embedded+fts5';
  p50_ms: number;
  p99_ms: number;
  /** p50 per kind of query. */
  by_kind: Record<string, number>;
  /** p50 of each side alone, on the same queries: each one's top FUSION_DEPTH. */
  vector_p50_ms: number;
  text_p50_ms: number;
  /** Catalog rows with their text indexed by the triggers, and the store built. */
  build_s: number;
  catalog_mb: number;
}

const VOCAB = 5000;
const PAGE = 2000;
const LIMIT = 20;
const CJK = [...'限定版夏季大促销月光节日海报游戏角色设定包装盒新品上市会员专享'];
const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/** Pronounceable, distinct pseudo-words: word i is a pure function of i. */
function word(i: number): string {
  const on = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z'];
  const nu = ['a', 'e', 'i', 'o', 'u'];
  let s = '';
  let x = i + 14;
  do {
    s += on[x % on.length]! + nu[Math.floor(x / on.length) % nu.length]!;
    x = Math.floor(x / (on.length * nu.length));
  } while (x > 0);
  return s;
}

/** A Zipf(1) draw over the vocabulary: word 0 most common. */
function zipf(random: () => number): number {
  const h = Math.log(VOCAB) + 0.5772;
  return Math.min(VOCAB - 1, Math.floor(Math.exp(random() * h - 0.5772)));
}

function cjkPhrase(random: () => number, length: number): string {
  const at = Math.floor(random() * (CJK.length - length));
  return CJK.slice(at, at + length).join('');
}

function textOf(i: number): string {
  const random = rng(i * 7919 + 17);
  const words = Array.from({ length: 3 + Math.floor(random() * 10) }, () => word(zipf(random)));
  if (random() < 0.1) words.splice(1, 0, cjkPhrase(random, 3 + Math.floor(random() * 4)));
  return words.join(' ');
}

function queryOf(q: number): { kind: string; text: string } {
  const random = rng(q * 104729 + 3);
  const kinds = ['rare word', 'rare word', 'common + rare', 'phrase', 'chinese', 'two chinese chars'];
  const kind = kinds[q % kinds.length]!;
  const rare = () => word(200 + Math.floor(random() * (VOCAB - 200)));
  if (kind === 'rare word') return { kind, text: rare() };
  if (kind === 'common + rare') return { kind, text: `${word(Math.floor(random() * 20))} ${rare()}` };
  if (kind === 'chinese') return { kind, text: cjkPhrase(random, 3) };
  if (kind === 'two chinese chars') return { kind, text: cjkPhrase(random, 2) };
  const words = textOf(2 * Math.floor(random() * 1000))
    .split(' ')
    .filter((w) => /^[a-z]/.test(w));
  return { kind, text: `"${words.slice(0, 2).join(' ')}"` };
}

export async function hybridCase(n: number, queryCount: number, keep = false): Promise<HybridResult> {
  const data = new SyntheticDataset();
  const space = { id: 'bench-clip-512', dim: data.spec.dim };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-bench-hybrid-'));
  try {
    const t0 = performance.now();
    let catalog = Catalog.open(path.join(dir, 'catalog.db'));
    const db = catalog.db;
    db.prepare(`INSERT INTO roots (path, added_at) VALUES ('/bench/library', 0)`).run();
    const file = db.prepare(`INSERT INTO files (root_id, path, content_key, size, mtime_ms, width, height, format,
      indexed_at, name, dir) VALUES (1, ?, ?, 1, 1, 1024, 768, 'jpeg', 0, ?, ?)`);
    const vector = db.prepare(`INSERT INTO embeddings VALUES (?, ?, ?, ?, 0)`);
    const read = db.prepare(`INSERT INTO image_texts VALUES (?, 'bench', ?, '[]', NULL, 0)`);
    let store = new EmbeddedStore({ dir: path.join(dir, 'store') });
    for (let start = 0; start < n; start += PAGE) {
      const rows = data.rows(start, Math.min(PAGE, n - start));
      const entries: VectorEntry[] = [];
      db.transaction(() => {
        for (let j = 0; j < rows.length / space.dim; j++) {
          const i = start + j;
          const folder = `/bench/library/set${i % 100}`;
          const v = rows.subarray(j * space.dim, (j + 1) * space.dim);
          file.run(`${folder}/img${i}.jpg`, `key${i}`, `img${i}.jpg`, folder);
          vector.run(`key${i}`, space.id, space.dim, Buffer.from(v.buffer, v.byteOffset, v.byteLength));
          if (i % 2 === 0) read.run(`key${i}`, textOf(i));
          entries.push({
            path: `${folder}/img${i}.jpg`,
            filename: `img${i}.jpg`,
            folder: `${folder}/`,
            contentKey: `key${i}`,
            size: 1,
            mtimeMs: 1,
            width: 1024,
            height: 768,
            format: 'jpeg',
            vector: v,
          });
        }
      })();
      await store.upsert(space, entries);
    }
    await store.flush(space);
    await store.close();
    catalog.close();
    const buildS = (performance.now() - t0) / 1000;
    process.stderr.write(`  hybrid n=${n}: built in ${buildS.toFixed(1)} s\n`);

    // Reopened, as the app finds them after a restart.
    catalog = Catalog.open(path.join(dir, 'catalog.db'));
    store = new EmbeddedStore({ dir: path.join(dir, 'store') });
    const flat = data.queries(queryCount);
    const run = async (q: number) => {
      const v = flat.slice(q * space.dim, (q + 1) * space.dim);
      const { text } = queryOf(q);
      return hybridSearch({
        catalog,
        modelId: space.id,
        query: parseTextQuery(text),
        vector: v,
        limit: LIMIT,
        condition: { where: '1', params: [] },
        nearest: (depth) => store.search(space, v, depth),
      });
    };
    for (let q = 0; q < Math.min(12, queryCount); q++) await run(q); // warm up the code and the page cache
    const all: number[] = [];
    const vectorSide: number[] = [];
    const textSide: number[] = [];
    const byKind = new Map<string, number[]>();
    for (let q = 0; q < queryCount; q++) {
      const t = performance.now();
      const hits = await run(q);
      const ms = performance.now() - t;
      if (hits.length !== LIMIT) throw new Error(`query ${q} gave ${hits.length} results`);
      all.push(ms);
      const v = flat.slice(q * space.dim, (q + 1) * space.dim);
      let t1 = performance.now();
      await store.search(space, v, FUSION_DEPTH);
      vectorSide.push(performance.now() - t1);
      t1 = performance.now();
      searchText(catalog.db, parseTextQuery(queryOf(q).text), FUSION_DEPTH, { where: '1', params: [] });
      textSide.push(performance.now() - t1);
      const kind = queryOf(q).kind;
      byKind.set(kind, [...(byKind.get(kind) ?? []), ms]);
    }
    await store.close();
    catalog.close();
    const p = (xs: number[], at: number) => {
      const sorted = [...xs].sort((a, b) => a - b);
      return round(sorted[Math.min(sorted.length - 1, Math.floor(at * sorted.length))]!);
    };
    const catalogMb = fs.statSync(path.join(dir, 'catalog.db')).size / 1e6;
    return {
      n,
      backend: 'embedded+fts5',
      p50_ms: p(all, 0.5),
      p99_ms: p(all, 0.99),
      by_kind: Object.fromEntries([...byKind].map(([k, xs]) => [k, p(xs, 0.5)])),
      vector_p50_ms: p(vectorSide, 0.5),
      text_p50_ms: p(textSide, 0.5),
      build_s: round(buildS, 1),
      catalog_mb: round(catalogMb, 0),
    };
  } finally {
    if (keep) process.stderr.write(`  hybrid n=${n}: kept ${dir}\n`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}
