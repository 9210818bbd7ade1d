import type { Atelier } from '../../main/core/app';
import type { GlobalOptions } from '../context';
import { UsageError } from '../errors';
import { printJson, printLine, progressLine } from '../output';

const phaseLabel = { scanning: 'Scanning', hashing: 'Checking', embedding: 'Indexing', done: 'Done' } as const;

export async function indexCommand(atelier: Atelier, folders: string[], options: GlobalOptions): Promise<void> {
  if (folders.length === 0) throw new UsageError('index needs at least one folder: atelier index <folder>...');
  const bar = progressLine();
  const stop = atelier.events.on('library.progress', (p) => bar.update(phaseLabel[p.phase], p.done, p.total));
  const interrupt = () => {
    // A second Ctrl-C exits at once; the committed batches are kept either way.
    for (const job of atelier.catalog.jobsIn('running', 'index')) atelier.library.cancel(job.id);
  };
  process.once('SIGINT', interrupt);
  try {
    const summary = await atelier.library.index(folders);
    bar.end();
    if (options.json) {
      printJson(summary);
      return;
    }
    printLine(
      `Indexed ${summary.scanned} image files: ${summary.embedded} embedded, ${summary.reused} reused, ` +
        `${summary.moved} moved, ${summary.removed} removed, ${summary.skipped.length} skipped.`,
    );
    for (const s of summary.skipped) printLine(`  skipped ${s.path}: ${s.reason}`);
  } finally {
    stop();
    process.off('SIGINT', interrupt);
  }
}
