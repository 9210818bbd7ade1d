/**
 * The commands bench:library times over its tree: GNU find as the baseline
 * (every file's size and modification time, the least any scan must do), and
 * the real `atelier index` command, run as a user runs it, with its peak
 * memory read by GNU time.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { mtimeOf, PER_FOLDER, relativePathOf } from './libraryTree';

const ROOT = path.resolve(import.meta.dirname, '..');

interface Timed {
  seconds: number;
  stderr: string;
  code: number | null;
}

function timed(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ seconds: (performance.now() - t) / 1000, stderr, code }));
  });
}

/** `find DIR -printf '%s %T@\n'`: what listing every file's size and time costs on this machine. */
export async function timeFind(tree: string): Promise<number> {
  const run = await timed('find', [tree, '-printf', '%s %T@\n']);
  if (run.code !== 0) throw new Error(`find failed: ${run.stderr}`);
  return run.seconds;
}

export interface IndexRun {
  seconds: number;
  peakRssMb: number;
}

/** `atelier index TREE` on the data folder, as a user runs it. */
export async function timeIndex(tree: string, data: string, model: string): Promise<IndexRun> {
  const args = ['-f', 'BENCH_PEAK_KB %M', process.execPath, 'bin/atelier.js', 'index', tree];
  const run = await timed('/usr/bin/time', [...args, '--data', data, '--model', model, '--json'], {
    ATELIER_PROVIDER: 'cpu',
  });
  if (run.code !== 0) throw new Error(`atelier index failed (exit ${run.code}): ${run.stderr.slice(-2000)}`);
  const kb = Number(/BENCH_PEAK_KB (\d+)/.exec(run.stderr)?.[1] ?? NaN);
  return { seconds: run.seconds, peakRssMb: Math.round(kb / 1024) };
}

/**
 * One search, untimed: it brings the vector store up to date with what the runs before it changed
 * in the catalog (`atelier index` leaves that to the next search or the app), so the app's start is
 * timed with a store in step with its catalog, as the app leaves it.
 */
export async function syncStoreOnce(data: string, model: string): Promise<void> {
  const run = await timed(process.execPath, ['bin/atelier.js', 'search', 'texture', '--data', data, '--model', model]);
  if (run.code !== 0) throw new Error(`atelier search failed (exit ${run.code}): ${run.stderr.slice(-2000)}`);
}

/** Opens the catalog once, untimed: a catalog made by an older version is migrated first, once. */
export async function openCatalogOnce(data: string, model: string): Promise<void> {
  const run = await timed(process.execPath, ['bin/atelier.js', 'status', '--data', data, '--model', model]);
  if (run.code !== 0) throw new Error(`atelier status failed (exit ${run.code}): ${run.stderr.slice(-2000)}`);
}

/**
 * Changes 1% of the tree and adds 1%: a file in a hundred is touched (same bytes, new time) and
 * one in a hundred gets a copy beside it under a new name (content the library already has: the
 * run finds, hashes and catalogues it, and no model is involved). Returns how to undo it.
 */
export function changeTree(tree: string, n: number): { touched: number; added: number; undo: () => void } {
  const touched: number[] = [];
  const added: string[] = [];
  const now = Date.now() / 1000;
  for (let i = 7; i < n; i += 100) {
    const file = path.join(tree, relativePathOf(i));
    fs.utimesSync(file, now, now);
    touched.push(i);
  }
  for (let i = 13; i < n; i += 100) {
    const file = path.join(tree, relativePathOf(i));
    const copy = path.join(path.dirname(file), `copy-${Math.floor(i / PER_FOLDER)}-${i % PER_FOLDER}.png`);
    fs.copyFileSync(file, copy);
    added.push(copy);
  }
  return {
    touched: touched.length,
    added: added.length,
    undo: () => {
      for (const i of touched) {
        const t = mtimeOf(i) / 1000;
        fs.utimesSync(path.join(tree, relativePathOf(i)), t, t);
      }
      for (const file of added) fs.rmSync(file, { force: true });
    },
  };
}
