/** What the CLI prints: JSON on stdout when asked, people's text otherwise, progress on stderr. */
import type { EventBus } from '../main/core/events';
import type { SearchMatches, SearchResults } from '../shared/types';

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/** A one-line progress bar on stderr, redrawn in place on a terminal, silent otherwise. */
export function progressLine(): { update(label: string, done: number, total: number): void; end(): void } {
  const tty = process.stderr.isTTY;
  let shown = false;
  return {
    update(label, done, total) {
      if (!tty) return;
      const width = 28;
      const frac = total > 0 ? Math.min(1, done / total) : 0;
      const bar = total > 0 ? `[${'#'.repeat(Math.round(frac * width)).padEnd(width, '.')}] ` : '';
      const count = total > 0 ? `${done}/${total}` : `${done}`;
      process.stderr.write(`\r\x1b[2K${label} ${bar}${count}`);
      shown = true;
    },
    end() {
      if (tty && shown) process.stderr.write('\r\x1b[2K');
      shown = false;
    },
  };
}

export function printResults(results: SearchResults, json: boolean): void {
  if (json) {
    printJson({
      results: results.results.map(({ path, score, width, height, matches, time, duration, times, stack }) => ({
        path,
        score,
        width,
        height,
        ...(time !== undefined ? { time } : {}),
        ...(duration !== undefined ? { duration } : {}),
        ...(times ? { times } : {}),
        ...(matches ? { matches } : {}),
        ...(stack ? { stack } : {}),
      })),
    });
    return;
  }
  if (results.results.length === 0) {
    printLine('No results. Index a folder first: atelier index <folder>');
    return;
  }
  for (const r of results.results) {
    const why = matchedWords(r.matches);
    const at = r.time !== undefined ? `  at ${r.time} s` : '';
    const stacked = r.stack ? `  (+${r.stack.count} stacked)` : '';
    printLine(
      `${r.score.toFixed(4)}  ${`${r.width}x${r.height}`.padEnd(11)}  ${r.path}${at}${stacked}${why ? `  ${why}` : ''}`,
    );
  }
}

/** What a text query found, in a few words: the snippet read in the image, else where the words were. */
function matchedWords(m: SearchMatches | undefined): string {
  if (!m) return '';
  if (m.text) return JSON.stringify(m.text);
  const where = [m.name && 'name', m.folder && 'folder', m.prompt && 'prompt', m.tag && 'tag', m.note && 'note'];
  const found = where.filter(Boolean);
  return found.length ? `(${found.join(', ')})` : '';
}

/** Shows model downloads (explicit, or the first use of a model) as a progress line; returns the unsubscribe. */
export function showDownloadProgress(events: EventBus): () => void {
  const bar = progressLine();
  const stop = events.on('models.downloadProgress', (p) => {
    const mb = (n: number) => Math.round(n / 1e6);
    bar.update(`Downloading ${p.modelId} (MB)`, mb(p.receivedBytes), mb(p.totalBytes));
    if (p.receivedBytes >= p.totalBytes) bar.end();
  });
  return () => {
    stop();
    bar.end();
  };
}
