/**
 * A library folder and a data folder in a fresh temporary folder, searched
 * through the real `atelier` command with the `color` model: what the
 * end-to-end format tests index and look images up in by their colour.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CliResult, json, runCli } from './cli';
import { COLOR_MODEL } from './paths';

export interface ColorLibrary {
  lib: string;
  data: string;
  /** A path inside the library. */
  at(name: string): string;
  /** `atelier` with these arguments, on this data folder and the `color` model. */
  cli(...args: string[]): Promise<CliResult>;
  /** The best `limit` results for a text search, as paths relative to the library. */
  top(query: string, limit?: number, ...flags: string[]): Promise<string[]>;
  remove(): void;
}

export function colorLibrary(prefix: string): ColorLibrary {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const lib = path.join(fs.realpathSync(tmp), 'library');
  const data = path.join(tmp, 'data');
  fs.mkdirSync(lib, { recursive: true });
  const cli = (...args: string[]) => runCli([...args, '--data', data, '--model', COLOR_MODEL]);
  return {
    lib,
    data,
    at: (name) => path.join(lib, name),
    cli,
    top: async (query, limit = 1, ...flags) =>
      json<{ results: Array<{ path: string }> }>(
        await cli('search', query, '--json', '--limit', String(limit), ...flags),
      ).results.map((r) => path.relative(lib, r.path)),
    remove: () => fs.rmSync(tmp, { recursive: true, force: true }),
  };
}
