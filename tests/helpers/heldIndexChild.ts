/**
 * Child process for the crash test: indexes a folder with the same core the
 * `atelier` command builds, and after the second committed batch says how many
 * images are committed (one line on stdout) and stops dead, its event loop
 * blocked, until it is killed. The kill then lands at a known point, with
 * batches still in flight, however fast the machine is.
 *
 * argv: <folder> <data dir> <model dir>
 */
import fs from 'node:fs';
import { openAtelier } from '../../src/cli/context';
import { indexFolders } from '../../src/main/core/indexer/indexer';

const [folder, data, model] = process.argv.slice(2);
if (!folder || !data || !model) throw new Error('usage: heldIndexChild <folder> <data dir> <model dir>');

const atelier = openAtelier({ data, model, json: true });
const jobId = atelier.catalog.createJob('index', { folders: [folder] });
let batches = 0;
let committed = 0;
await indexFolders(
  { catalog: atelier.catalog, encoder: await atelier.encoder() },
  {
    folders: [folder],
    jobId,
    onBatch: ({ images }) => {
      committed += images;
      if (++batches < 2) return;
      // Synchronous on purpose: nothing after this line runs, so no further batch can commit.
      fs.writeSync(1, `committed ${committed}\n`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    },
  },
);
throw new Error('indexing ended before its second batch was committed');
