/**
 * The `atelier` command runs from a bundle of its sources (bin/cliBundle.js):
 * made on first use, used again while the sources it was made from are as
 * they were, made again once one of them changed, and answering as the
 * sources run through tsx do. Real esbuild, real files in out/cli, the real
 * command in child processes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { ROOT } from '../helpers/paths';

interface Current {
  dir: string;
  inputs: Record<string, string>;
}

const CURRENT = path.join(ROOT, 'out', 'cli', 'current.json');
const readCurrent = () => JSON.parse(fs.readFileSync(CURRENT, 'utf8')) as Current;
const bundledCli = async () =>
  ((await import(path.join(ROOT, 'bin', 'cliBundle.js'))) as { bundledCli: () => Promise<string | null> }).bundledCli();

describe('the bundled atelier command', { timeout: 120_000 }, () => {
  it('is made of the sources, with the worker threads beside it, and used again while they are unchanged', async () => {
    const entry = await bundledCli();
    expect(entry).not.toBeNull();
    const folder = path.dirname(entry!);
    for (const name of ['main.js', 'encoderThread.js', 'ocrThread.js', 'scanThread.js']) {
      expect(fs.existsSync(path.join(folder, name)), name).toBe(true);
    }
    const current = readCurrent();
    expect(path.join(ROOT, 'out', 'cli', current.dir, 'main.js')).toBe(entry);
    expect(Object.keys(current.inputs)).toEqual(
      expect.arrayContaining(['src/cli/main.ts', 'src/main/core/indexer/scanThread.ts', 'package.json']),
    );
    expect(await bundledCli()).toBe(entry);
  });

  it('is made again once a source it was made from is no longer as it was', async () => {
    const before = await bundledCli();
    const current = readCurrent();
    // As if src/cli/main.ts had been saved since: its recorded size and time no longer match.
    fs.writeFileSync(CURRENT, JSON.stringify({ ...current, inputs: { ...current.inputs, 'src/cli/main.ts': '0:0' } }));
    const after = await bundledCli();
    expect(after).not.toBeNull();
    expect(after).not.toBe(before);
    expect(readCurrent().inputs['src/cli/main.ts']).not.toBe('0:0');
    expect(await bundledCli()).toBe(after);
  });

  it('answers as the sources run through tsx do', async () => {
    const bundled = await runCli(['help', 'index']);
    const sources = await runCli(['help', 'index'], { env: { ATELIER_FROM_SOURCE: '1' } });
    expect(bundled.code).toBe(0);
    expect(bundled.stdout).toContain('atelier index');
    expect(bundled).toEqual(sources);
  });
});
