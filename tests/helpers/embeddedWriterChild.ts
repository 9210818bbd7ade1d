/**
 * Child process for the mapped-index tests: another process sharing the data
 * folder. Opens the embedded store there, deletes the first `deletes` entries
 * of the test library and adds `adds` new ones after its first `size`, waits
 * for its index to take them, saves it (a new file renamed over the one the
 * test's own store has mapped), closes, and says `saved`.
 *
 * argv: <dir> <size> <deletes> <adds>
 */
import { EmbeddedStore } from '../../src/main/core/vectors/embedded/embeddedStore';
import { DIM, entries } from '../vectors/embeddedFixtures';

const [dir, size, deletes, adds] = process.argv.slice(2).map((a, i) => (i === 0 ? a : Number(a))) as [
  string,
  number,
  number,
  number,
];
if (!dir || !(size >= 0) || !(deletes >= 0) || !(adds >= 0))
  throw new Error('usage: embeddedWriterChild <dir> <size> <deletes> <adds>');

const model = { id: 'clip-test', dim: DIM };
const store = new EmbeddedStore({ dir, exactThreshold: 100, idleSaveMs: 60_000, saveEvery: 1_000_000 });
await store.delete(
  model,
  entries(0, deletes).map((e) => e.path),
);
await store.upsert(model, entries(size, adds));
await store.flush(model);
const stats = await store.stats(model);
await store.close();
process.stdout.write(`${JSON.stringify({ builds: stats.indexBuilds, mapped: stats.indexMapped })}\nsaved\n`);
