/**
 * Child process for the concurrent-save test: builds an HNSW index of
 * `count` vectors, says `ready`, waits for `go` on stdin, then saves it
 * `times` times over the same files as the embedded store does, under the
 * entry table's write lock, and exits 0 if every save went through.
 *
 * argv: <dir> <count> <times>
 */
import readline from 'node:readline';
import { EntryTable } from '../../src/main/core/vectors/embedded/entryTable';
import { HnswIndex } from '../../src/main/core/vectors/embedded/hnswIndex';
import { spaceFiles } from '../../src/main/core/vectors/embedded/indexFiles';
import { dataset, DIM } from '../vectors/embeddedFixtures';

const [dir, count, times] = process.argv.slice(2);
if (!dir || !count || !times) throw new Error('usage: hnswSaverChild <dir> <count> <times>');

const files = spaceFiles(dir, 'shared-model');
const table = EntryTable.open(files.db, DIM);
const hnsw = HnswIndex.create({
  dim: DIM,
  quantization: 'i8',
  connectivity: 16,
  expansionAdd: 64,
  expansionSearch: 64,
});
const n = Number(count);
hnsw.add(
  Array.from({ length: n }, (_, i) => i + 1),
  dataset.rows(0, n),
  1,
);
hnsw.lastKey = n;
process.stdout.write('ready\n');
const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line !== 'go') continue;
  for (let i = 0; i < Number(times); i++)
    hnsw.save(files, { model: 'shared-model', tableId: table.id }, table.exclusive);
  break;
}
lines.close();
table.close();
process.stdout.write('saved\n');
