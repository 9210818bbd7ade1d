/**
 * Hybrid search through the `atelier` command on a real indexed folder (the
 * `color` model, whose vectors mean colours) and its real catalog: the text
 * read in images is written into `image_texts` with SQL, as the OCR pass
 * writes it, and a generated image's prompt as the generation queue does.
 * A word printed in an image, a Chinese term, a phrase, a file's name, its
 * folder, its prompt, its tags and note each find it first, and each hit says
 * why; the flags choose one side; bad input gets one clear line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary, SearchMatches } from '../../src/shared/types';
import { type CliResult, json, runCli } from '../helpers/cli';
import { solid } from '../helpers/images';
import { COLOR_MODEL } from '../helpers/paths';

interface Hit {
  path: string;
  score: number;
  width: number;
  height: number;
  matches?: SearchMatches;
}
interface Results {
  results: Hit[];
}

// A command per query, each taking seconds to start on a busy machine: more time per test than the default.
describe('hybrid search from the command line', { timeout: 300_000 }, () => {
  let tmp: string;
  let lib: string;
  let data: string;
  const cli = (...args: string[]) => runCli([...args, '--data', data, '--model', COLOR_MODEL]);
  const at = (...parts: string[]) => path.join(lib, ...parts);
  const ok = (r: CliResult) => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r;
  };
  const search = async (...args: string[]) => json<Results>(ok(await cli('search', ...args, '--json')));
  const names = (r: Results) => r.results.map((h) => path.basename(h.path));
  const first = async (...args: string[]) => (await search(...args)).results[0]!;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-hybrid-'));
    lib = path.join(fs.realpathSync(tmp), 'library');
    data = path.join(tmp, 'data');
    await solid(at('posters', 'festival.png'), [25, 50, 220]);
    await solid(at('posters', 'sale.png'), [245, 230, 25]);
    await solid(at('posters', 'menu.png'), [240, 140, 20]);
    await solid(at('boards', 'red.png'), [220, 25, 25]);
    await solid(at('boards', 'generated.jpg'), [25, 170, 40]);
    await solid(at('boards', 'teal_moonlight.png'), [0, 128, 128]);
    await solid(at('character sheets', 'purple.png'), [120, 40, 160]);
    const s = json<IndexSummary>(ok(await cli('index', lib, '--json')));
    expect(s.embedded).toBe(7);

    // What the OCR pass and the generation queue write, written the same way: rows in the catalog.
    const db = new Database(path.join(data, 'catalog.db'));
    const keyOf = (file: string) =>
      (db.prepare('SELECT content_key AS k FROM files WHERE path = ?').get(file) as { k: string }).k;
    const read = db.prepare(`INSERT INTO image_texts (content_key, model, content, lines, error, read_at)
      VALUES (?, 'pp-ocrv4', ?, '[]', NULL, 0)`);
    read.run(keyOf(at('posters', 'festival.png')), 'LUNAR FESTIVAL\nTickets at the gate\nTonight only');
    read.run(keyOf(at('posters', 'sale.png')), '限定版 ボックス\nSUMMER SALE');
    read.run(keyOf(at('posters', 'menu.png')), 'Crème brûlée\nCafé au lait');
    read.run(keyOf(at('boards', 'red.png')), '');
    db.prepare(
      `INSERT INTO generation_jobs (id, state, request, created_at, updated_at) VALUES ('job-1', 'succeeded', ?, 0, 0)`,
    ).run(JSON.stringify({ prompt: 'a dragon over the harbour at dawn', params: {}, references: [] }));
    db.prepare(
      `INSERT INTO generation_outputs (content_key, job_id, slot, path, mime_type, created_at)
       VALUES (?, 'job-1', 0, ?, 'image/jpeg', 0)`,
    ).run(keyOf(at('boards', 'generated.jpg')), at('boards', 'generated.jpg'));
    db.close();
    ok(await cli('tag', 'add', 'hero shot', at('boards', 'red.png')));
    ok(await cli('note', at('boards', 'red.png'), 'use this one for the album cover'));
  });

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('finds a word printed in an image first and shows the text around it', async () => {
    const hit = await first('festival');
    expect(path.basename(hit.path)).toBe('festival.png');
    expect(hit.matches).toEqual({
      text: 'LUNAR FESTIVAL\nTickets at the gate\nTonight only',
      name: true,
      found: ['FESTIVAL'],
      visual: expect.any(Number) as unknown,
    });
    expect(Object.keys(hit).sort()).toEqual(['height', 'matches', 'path', 'score', 'width']);
  });

  it('finds Chinese and Japanese text through the trigram index, and one or two characters through theirs', async () => {
    for (const q of ['限定版', '限定', 'ボックス', '版']) {
      const hit = await first(q);
      expect(path.basename(hit.path), q).toBe('sale.png');
      expect(hit.matches?.text).toContain('限定版');
      expect(hit.matches?.found).toEqual([q]);
    }
  });

  it('matches words without their accents, and shows them with', async () => {
    const hit = await first('creme brulee', '--text-only');
    expect(path.basename(hit.path)).toBe('menu.png');
    expect(hit.matches?.found?.sort()).toEqual(['Crème', 'brûlée']);
  });

  it('requires a quoted phrase to appear as written', async () => {
    expect(names(await search('"lunar festival"', '--text-only'))).toEqual(['festival.png']);
    expect(names(await search('"festival lunar"', '--text-only'))).toEqual([]);
    // A phrase narrows the loose words: "tonight" alone would not need the gate.
    expect(names(await search('tonight "summer sale"', '--text-only'))).toEqual(['sale.png']);
    expect((await first('"lunar festival"')).matches?.found).toEqual(['LUNAR FESTIVAL']);
  });

  it('finds an image by its name, its folder, its prompt, its tags and its note', async () => {
    const byName = await first('moonlight');
    expect(path.basename(byName.path)).toBe('teal_moonlight.png');
    expect(byName.matches).toMatchObject({ name: true, found: ['moonlight'] });
    const byFolder = await search('character', '--text-only');
    expect(names(byFolder)).toEqual(['purple.png']);
    expect(byFolder.results[0]!.matches).toEqual({ folder: true, found: ['character'] });
    const byPrompt = await first('dragon harbour');
    expect(path.basename(byPrompt.path)).toBe('generated.jpg');
    expect(byPrompt.matches?.prompt).toBe('a dragon over the harbour at dawn');
    const byTag = await first('hero', '--text-only');
    expect(path.basename(byTag.path)).toBe('red.png');
    expect(byTag.matches).toMatchObject({ tag: true });
    const byNote = await first('album', '--text-only');
    expect(byNote.matches).toMatchObject({ note: 'use this one for the album cover', found: ['album'] });
  });

  it('keeps the index in step when a note changes and a tag goes', async () => {
    ok(await cli('note', at('boards', 'red.png'), 'the poster for the gallery'));
    expect(names(await search('album', '--text-only'))).toEqual([]);
    expect(names(await search('gallery', '--text-only'))).toEqual(['red.png']);
    ok(await cli('tag', 'remove', 'hero shot', at('boards', 'red.png')));
    expect(names(await search('hero', '--text-only'))).toEqual([]);
  });

  it('ranks by looks alone with --visual-only, and by words alone with --text-only', async () => {
    const visual = await search('blue', '--visual-only', '--limit', '7');
    expect(names(visual)[0]).toBe('festival.png');
    expect(visual.results).toHaveLength(7);
    for (const h of visual.results) expect(h.matches).toEqual({ visual: h.score });
    // The visual side alone ignores the words: "festival" means no colour.
    const words = await search('festival', '--visual-only', '--limit', '7');
    for (const h of words.results) expect(Object.keys(h.matches ?? {})).toEqual(['visual']);
    const text = await search('festival', '--text-only');
    expect(names(text)).toEqual(['festival.png']);
    expect(text.results[0]!.matches).not.toHaveProperty('visual');
  });

  it('fuses both sides: a colour and a printed word together', async () => {
    // The hybrid default keeps images that only look right, after those that also say it.
    const r = await search('yellow sale', '--limit', '7');
    expect(names(r)[0]).toBe('sale.png');
    expect(r.results[0]!.matches).toMatchObject({ text: expect.stringContaining('SUMMER SALE') as unknown });
    expect(r.results).toHaveLength(7);
    expect(r.results[0]!.score).toBeGreaterThan(r.results[1]!.score);
  });

  it('applies folder and format filters to the words too', async () => {
    expect(names(await search('festival', '--folder', at('boards'), '--text-only'))).toEqual([]);
    const r = await search('festival', '--folder', at('boards'));
    expect(names(r)).not.toContain('festival.png');
    expect(names(r).sort()).toEqual(['generated.jpg', 'red.png', 'teal_moonlight.png']);
    expect(names(await search('dragon', '--format', 'png', '--text-only'))).toEqual([]);
    expect(names(await search('dragon', '--format', 'jpg', '--text-only'))).toEqual(['generated.jpg']);
  });

  it('refuses a query of only operators, quotes or signs with a usage message', async () => {
    for (const q of ['AND OR', '""', '"', '* ^ :', 'NEAR', '+ +']) {
      const r = await cli('search', q);
      expect(r.code, q).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr, q).toMatch(/^atelier: Nothing to search for in .*: it holds only operators, quotes or signs\./);
    }
    const onlyExcluded = await cli('search', '--text=-draft', '--text-only');
    expect(onlyExcluded.code).toBe(2);
    expect(onlyExcluded.stderr).toMatch(/it only says what to leave out/);
  });

  it('reads FTS5 syntax and control characters in a query as text, never as an SQL error', async () => {
    for (const q of [
      'festival*',
      'festival AND',
      '(festival',
      'NEAR(festival',
      'name:festival',
      "fes'tival",
      'fes\x07tival',
    ]) {
      const r = await cli('search', q, '--text-only', '--json');
      expect(r.stderr, q).toBe('');
      expect(r.code, q).toBe(0);
    }
    expect(names(await search('festival*', '--text-only'))).toEqual(['festival.png']);
    expect(names(await search('"lunar festival', '--text-only'))).toEqual(['festival.png']);
  });

  it('refuses --visual-only with --text-only, and --text-only with an example image', async () => {
    const both = await cli('search', 'festival', '--visual-only', '--text-only');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--visual-only and --text-only exclude each other/);
    const byExample = await cli('search', 'festival', '--text-only', '--image', at('boards', 'red.png'));
    expect(byExample.code).toBe(2);
    expect(byExample.stderr).toMatch(/--text-only takes no --image/);
  });

  it('keeps a search by example purely visual', async () => {
    const r = await search('--image', at('boards', 'red.png'), '--limit', '3');
    expect(names(r)[0]).toBe('red.png');
    for (const h of r.results) expect(h.matches).toEqual({ visual: h.score });
  });

  it('shows the snippet in the text output', async () => {
    const r = ok(await cli('search', 'festival', '--limit', '1'));
    expect(r.stdout).toMatch(/festival\.png {2}"LUNAR FESTIVAL\\nTickets at the gate\\nTonight only"\n$/);
  });
});
