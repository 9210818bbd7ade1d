/**
 * A search readies the embedded store ahead of its query (the saved index
 * loaded, or a small library's vectors read into memory). A space readied so
 * answers as brute force does, and follows what another process writes to the
 * same folder after it was readied.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '../../src/main/core/vectors/embedded/embeddedStore';
import { bruteForce, DIM, entries, entry, fill, queries } from './embeddedFixtures';

const model = { id: 'clip-test', dim: DIM };

describe('an embedded store readied before its first search', () => {
  let dir: string;
  let writer: EmbeddedStore;
  let searcher: EmbeddedStore;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-prepare-'));
    writer = new EmbeddedStore({ dir });
    searcher = new EmbeddedStore({ dir });
  });
  afterEach(async () => {
    await writer.close();
    await searcher.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers as brute force, with the writes another store made after it was readied', async () => {
    const library = entries(0, 300);
    await fill(writer, model, library);
    await searcher.prepare(model);
    const [q] = queries(1);
    expect((await searcher.search(model, q!, 10)).map((h) => h.path)).toEqual(bruteForce(library, q!, 10));

    // The query itself, added elsewhere, must come first; the former best, removed elsewhere, must go.
    const former = bruteForce(library, q!, 1)[0]!;
    const added = entry(1000, q, 'added');
    await writer.upsert(model, [added]);
    await writer.delete(model, [former]);
    const now = [...library.filter((e) => e.path !== former), added];
    const hits = (await searcher.search(model, q!, 10)).map((h) => h.path);
    expect(hits[0]).toBe(added.path);
    expect(hits).not.toContain(former);
    expect(hits).toEqual(bruteForce(now, q!, 10));
  });

  it('readies an empty space without writing anything', async () => {
    await searcher.prepare(model);
    expect(await searcher.count(model)).toBe(0);
    expect(await searcher.search(model, queries(1)[0]!, 5)).toEqual([]);
  });
});
