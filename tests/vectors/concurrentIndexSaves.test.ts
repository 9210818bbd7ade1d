/**
 * Two processes saving the same model's HNSW index at once (the app and a CLI
 * command writing one data folder): each writes its own temporary and puts it
 * in place with its sidecar as a pair, so both saves go through and what is
 * left on disk loads, as one writer's index whole.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EntryTable } from '../../src/main/core/vectors/embedded/entryTable';
import { HnswIndex } from '../../src/main/core/vectors/embedded/hnswIndex';
import { readSidecar, spaceFiles } from '../../src/main/core/vectors/embedded/indexFiles';
import { ROOT } from '../helpers/paths';
import { DIM } from './embeddedFixtures';

const CHILD = path.join(ROOT, 'tests/helpers/hnswSaverChild.ts');

interface Saver {
  child: ChildProcessWithoutNullStreams;
  said: (word: string) => Promise<void>;
  exit: Promise<{ code: number | null; stderr: string }>;
}

function startSaver(dir: string, count: number, times: number): Saver {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(count), String(times)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiting: Array<() => void> = [];
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    waiting.splice(0).forEach((wake) => wake());
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stderr })),
  );
  const said = async (word: string) => {
    while (!stdout.split('\n').includes(word)) {
      if (child.exitCode !== null) throw new Error(`saver exited before "${word}": ${stderr}`);
      await Promise.race([new Promise<void>((wake) => waiting.push(wake)), exit]);
    }
  };
  return { child, said, exit };
}

describe('concurrent saves of one HNSW index', { timeout: 180_000 }, () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-hnsw-saves-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('leaves a loadable index, and no temporary, when two processes save at once', async () => {
    const files = spaceFiles(dir, 'shared-model');
    // The table exists before the writers start, so both record the same table id.
    const table = EntryTable.open(files.db, DIM);
    const tableId = table.id;
    table.close();
    const counts = [1500, 1800];
    const savers = counts.map((count) => startSaver(dir, count, 25));
    await Promise.all(savers.map((s) => s.said('ready')));
    for (const s of savers) s.child.stdin.write('go\n');
    const exits = await Promise.all(savers.map((s) => s.exit));
    for (const { code, stderr } of exits) expect(code, stderr).toBe(0);

    const sidecar = readSidecar(files.sidecar);
    expect(counts).toContain(sidecar?.count);
    const options = { dim: DIM, quantization: 'i8' as const, connectivity: 16, expansionAdd: 64, expansionSearch: 64 };
    const loaded = HnswIndex.load(files, { model: 'shared-model', tableId, options });
    expect(loaded?.size).toBe(sidecar!.count);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
