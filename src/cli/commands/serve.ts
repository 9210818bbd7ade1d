/**
 * `atelier serve`: the app in a browser. Builds the renderer if the cache has no
 * build of the current sources, starts the server, prints the address (with its
 * token) on stdout, and runs until Ctrl-C or SIGTERM.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Atelier } from '../../main/core/app';
import { ensureRendererBuild } from '../../main/core/server/rendererBuild';
import { startServer } from '../../main/core/server/server';
import { UsageError } from '../errors';
import { printLine } from '../output';
import { projectRoot } from '../projectRoot';

const ROOT = projectRoot();

export interface ServeOptions {
  host: string;
  port: string | undefined;
  open: boolean;
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port must be 0 to 65535, not "${raw}"`);
  return n;
}

function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`atelier: could not open a browser; open ${url}\n`));
  child.unref();
}

export async function serveCommand(atelier: Atelier, options: ServeOptions): Promise<void> {
  const port = parsePort(options.port);
  const staticDir = process.env.ATELIER_RENDERER_DIR
    ? path.resolve(process.env.ATELIER_RENDERER_DIR)
    : (
        await ensureRendererBuild(ROOT, () =>
          process.stderr.write('Building the interface (once per change of its sources, about 10 s)…\n'),
        )
      ).dir;
  const server = await startServer({
    api: atelier,
    thumbnails: atelier.thumbnails,
    staticDir,
    host: options.host,
    port,
  });
  if (options.host !== '127.0.0.1' && options.host !== 'localhost') {
    process.stderr.write(`atelier: listening on ${options.host}: anyone who can reach it and has the token gets in\n`);
  }
  const watched = await atelier.resumeWatching();
  if (watched.length) process.stderr.write(`atelier: watching ${watched.length} folder(s) for changes\n`);
  // Indexing jobs the last run left unfinished (a crash, a kill) go on; the page shows their progress.
  const resumed = await atelier.resumeIndexing();
  if (resumed.length) process.stderr.write(`atelier: resuming ${resumed.length} interrupted indexing job(s)\n`);
  printLine(server.url);
  // Generation jobs left waiting by the last run (offline, closed, crashed) go on now.
  atelier.generationQueue.kick();
  if (options.open) openInBrowser(server.url);
  // Other workstations search a shared store: send what each indexing job adds right away.
  const stopSyncing = atelier.storeService.keepInStep();

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  stopSyncing();
  await server.close();
}
