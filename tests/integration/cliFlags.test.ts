/**
 * Each `atelier` command takes its own flags and the global ones, no others: a
 * flag meant for another command is refused (exit 2) before the data folder is
 * touched, and each command's help lists exactly the flags it takes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commandTable';
import { GLOBAL_FLAGS } from '../../src/cli/flags';
import { runCli } from '../helpers/cli';
import { COLOR_MODEL } from '../helpers/paths';

/** The flags a help text documents, from its option lines (`  --flag …` or `  -h, --help …`). */
function documentedFlags(help: string): string[] {
  return help
    .split('\n')
    .flatMap((line) => /^ {2}(?:-\w, )?--([a-z][a-z-]*)/.exec(line)?.[1] ?? [])
    .sort();
}

describe('atelier refuses a flag given to the wrong command', () => {
  let tmp: string;
  let data: string;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-flags-'));
    data = path.join(tmp, 'data');
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it.each([
    { args: ['search', 'red', '--port', '8600'], flag: 'port', command: 'search' },
    { args: ['status', '--limit', '3'], flag: 'limit', command: 'status' },
    { args: ['index', '--prompt', 'a cape', '.'], flag: 'prompt', command: 'index' },
    { args: ['serve', '--to', 'milvus'], flag: 'to', command: 'serve' },
  ])(
    '$command --$flag exits 2 naming the flag and the command, and touches nothing',
    async ({ args, flag, command }) => {
      const { code, stdout, stderr } = await runCli([...args, '--data', data, '--model', COLOR_MODEL]);
      expect(stderr.split('\n')[0]).toBe(`atelier: unknown option --${flag} for 'atelier ${command}'`);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(fs.existsSync(data)).toBe(false);
    },
  );

  it('still takes a flag that belongs to the command, and the global ones', async () => {
    // --limit reaches similar (its value is checked), --json and --data are taken by every command.
    const wrongLimit = await runCli(['similar', 'x.png', '--limit', '0', '--json', '--data', data]);
    expect(wrongLimit.stderr.split('\n')[0]).toBe('atelier: --limit must be a positive whole number, not "0"');
    expect(wrongLimit.code).toBe(2);
    const status = await runCli(['status', '--json', '--data', path.join(tmp, 'other')]);
    expect(status.code).toBe(0);
  });
});

describe('atelier <command> --help', () => {
  const helps = new Map<string, string>();

  beforeAll(async () => {
    const runs = await Promise.all(COMMANDS.map((c) => runCli([c.name, '--help'])));
    runs.forEach((r, i) => {
      expect(r.code, r.stderr).toBe(0);
      helps.set(COMMANDS[i]!.name, r.stdout);
    });
  });

  it.each(COMMANDS.map((c) => c.name))('%s lists exactly the flags it takes', (name) => {
    const command = COMMANDS.find((c) => c.name === name)!;
    expect(documentedFlags(helps.get(name)!)).toEqual([...command.flags, ...GLOBAL_FLAGS].sort());
  });

  it('search, serve, generate and status each show their own flags', () => {
    // Spot checks against the product, not the table: search filters, serve listens, generate prompts.
    expect(documentedFlags(helps.get('search')!)).toEqual(expect.arrayContaining(['limit', 'not', 'folder']));
    expect(documentedFlags(helps.get('search')!)).not.toContain('port');
    expect(documentedFlags(helps.get('serve')!)).toEqual(expect.arrayContaining(['host', 'port', 'open']));
    expect(documentedFlags(helps.get('serve')!)).not.toContain('limit');
    expect(documentedFlags(helps.get('generate')!)).toEqual(expect.arrayContaining(['prompt', 'ref', 'timeout']));
    expect(documentedFlags(helps.get('status')!)).toEqual([...GLOBAL_FLAGS].sort());
  });

  it('atelier --help shows every command and the options every command takes', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const c of COMMANDS) expect(stdout).toContain(`  atelier ${c.name} `);
    expect(documentedFlags(stdout)).toEqual([...GLOBAL_FLAGS].sort());
  });
});
