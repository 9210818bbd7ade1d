import os from 'node:os';
import type { Atelier } from '../../main/core/app';
import type { VideoSampling } from '../../main/core/video/sampleVideo';
import type { IndexHolder } from '../../shared/types';
import type { GlobalOptions } from '../context';
import { UsageError } from '../errors';
import { printJson, printLine, progressLine } from '../output';

const phaseLabel = {
  waiting: 'Waiting',
  scanning: 'Scanning',
  hashing: 'Checking',
  embedding: 'Indexing',
  reading: 'Reading text',
  done: 'Done',
} as const;

/** The line that says why nothing happens yet; on stderr, so `--json` output stays clean. */
function waitingLine({ pid, host, folder }: IndexHolder): string {
  const where = host === os.hostname() ? '' : ` on ${host}`;
  return `Another Atelier process (pid ${pid}${where}) is indexing ${folder}; waiting…\n`;
}

export async function indexCommand(
  atelier: Atelier,
  folders: string[],
  options: GlobalOptions,
  sampling: Partial<VideoSampling> = {},
): Promise<void> {
  if (folders.length === 0) throw new UsageError('index needs at least one folder: atelier index <folder>...');
  const bar = progressLine();
  const stop = atelier.events.on('library.progress', (p) => {
    if (p.phase === 'waiting' && p.holder) {
      bar.end();
      process.stderr.write(waitingLine(p.holder));
      return;
    }
    bar.update(phaseLabel[p.phase], p.done, p.total);
  });
  const interrupt = () => {
    // A second Ctrl-C exits at once; the committed batches are kept either way.
    for (const job of atelier.catalog.jobsIn('running', 'index')) atelier.library.cancel(job.id);
  };
  process.once('SIGINT', interrupt);
  try {
    const summary = await atelier.library.index(folders, undefined, undefined, sampling);
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
