/**
 * Several processes write one catalog. SQLite's busy timeout makes a writer
 * wait for another's lock, but only when the transaction asks for the lock up
 * front: a deferred transaction that read first and finds another commit in
 * between fails at once with "database is locked", whatever the timeout.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { migrations } from '../../src/main/core/catalog/migrations';
import { ROOT } from '../helpers/paths';

describe('a catalog written by several processes', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-writers-'));
    file = path.join(dir, 'catalog.db');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('takes the write lock when a transaction starts, so a commit made meanwhile elsewhere cannot fail it', () => {
    const catalog = Catalog.open(file);
    const other = new Database(file);
    other.pragma('busy_timeout = 0');
    let otherWrote: boolean | undefined;
    const added = catalog.transaction(() => {
      const before = catalog.roots().length; // a read first, as planning does
      try {
        other.prepare(`INSERT INTO roots (path, added_at) VALUES ('/elsewhere', 0)`).run();
        otherWrote = true;
      } catch {
        otherWrote = false; // the other writer waits for this transaction (here: gives up at once)
      }
      catalog.addRoot('/mine');
      return before;
    });
    expect(added).toBe(0);
    expect(otherWrote).toBe(false);
    expect(catalog.roots().map((r) => r.path)).toEqual(['/mine']);
    other.close();
    catalog.close();
  });

  it('opens a new catalog that another process is creating at the same moment', async () => {
    // Another process holds the write lock on the new file while it creates the schema.
    const creator = new Database(file);
    creator.pragma('journal_mode = WAL');
    creator.exec('BEGIN IMMEDIATE');

    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `const { Catalog } = await import(${JSON.stringify(path.join(ROOT, 'src/main/core/catalog/catalog.ts'))});
         process.stdout.write('opening\\n');
         const c = Catalog.open(${JSON.stringify(file)});
         process.stdout.write('version ' + c.db.pragma('user_version', { simple: true }) + '\\n');
         c.close();`,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('opening')) resolve();
      }),
    );
    // The child is now opening: it reads the schema version (0) and waits for the lock this holds.
    // Finishing the schema well after it started is what a slower creator does; the child must
    // then find the schema made, not make it again ("table roots already exists").
    await new Promise((r) => setTimeout(r, 1000));
    for (const [v, sql] of migrations.entries()) {
      creator.exec(sql);
      creator.pragma(`user_version = ${v + 1}`);
    }
    creator.exec('COMMIT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    creator.close();
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain(`version ${migrations.length}`);
  });
});
