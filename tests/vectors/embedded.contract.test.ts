/**
 * The vector store contract against the embedded store, in each of the ways it
 * answers: exact (the default below 20k entries), through its HNSW index (the
 * threshold lowered to one entry), and held in memory without a folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { EmbeddedStore } from '../../src/main/core/vectors/embedded/embeddedStore';
import { describeVectorStoreContract } from './contract';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-embedded-contract-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describeVectorStoreContract('embedded, exact', () => new EmbeddedStore({ dir: path.join(dir, 'exact') }));
describeVectorStoreContract(
  'embedded, HNSW',
  () => new EmbeddedStore({ dir: path.join(dir, 'hnsw'), exactThreshold: 1 }),
);
describeVectorStoreContract('embedded, in memory', () => new EmbeddedStore());
