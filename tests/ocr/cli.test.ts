/**
 * Reading text through the `atelier` command: `index` reads the text in the
 * images after embedding them, `info --json` shows it with its boxes, `status
 * --json` counts what was read, odd images keep their visual index and say why
 * they were not read, a new OCR model re-reads lazily, and ATELIER_OCR=off
 * turns reading off.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OCR_MODEL_ID } from '../../src/main/core/ocr/ocrModel';
import type { IndexSummary, LibraryStatus } from '../../src/shared/types';
import { json, runCli } from '../helpers/cli';
import { solid } from '../helpers/images';
import { COLOR_MODEL } from '../helpers/paths';
import { characterErrorRate, CJK_FONT, renderTextImage } from '../helpers/textImages';

interface Info {
  indexed: boolean;
  text: null | {
    content: string;
    lines: Array<{ text: string; box: Array<[number, number]>; confidence: number }>;
    error?: string;
  };
}

describe('atelier index reads the text in images', () => {
  let tmp: string;
  let lib: string;
  let data: string;
  const cli = (env: NodeJS.ProcessEnv, ...args: string[]) =>
    runCli([...args, '--data', data, '--model', COLOR_MODEL], { env });
  const on = { ATELIER_OCR: 'on' };

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-ocr-cli-'));
    lib = path.join(tmp, 'library');
    data = path.join(tmp, 'data');
    renderTextImage(lib, { name: 'poster', text: 'LUNAR FESTIVAL', font: 'DejaVu-Serif-Bold', pointsize: 56 });
    renderTextImage(lib, { name: 'box-art', text: '限定版', font: CJK_FONT, pointsize: 56 });
    fs.copyFileSync(path.join(lib, 'poster.png'), path.join(lib, 'poster-copy.png'));
    await solid(path.join(lib, 'blank.png'), [40, 90, 160], 200);
    await sharp({ create: { width: 1, height: 5000, channels: 3, background: '#888' } })
      .png()
      .toFile(path.join(lib, 'divider.png'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('indexes the folder and reads every distinct image once', async () => {
    const index = await cli(on, 'index', lib, '--json');
    expect(index.code, index.stderr).toBe(0);
    expect(json<IndexSummary>(index)).toMatchObject({ scanned: 5, skipped: [] });
    const status = json<LibraryStatus>(await cli(on, 'status', '--json'));
    // The copy shares its original's content key: four images to read, all read.
    expect(status.ocr).toEqual({ done: 4, total: 4 });
  });

  it('shows the text of an image with its lines, boxes and confidences', async () => {
    const info = json<Info>(await cli(on, 'info', path.join(lib, 'poster-copy.png'), '--json'));
    expect(info.indexed).toBe(true);
    expect(characterErrorRate([{ expected: 'LUNAR FESTIVAL', read: info.text!.content }])).toBeLessThan(0.15);
    expect(info.text!.lines).toHaveLength(1);
    const [line] = info.text!.lines;
    expect(line!.text).toBe(info.text!.content);
    expect(line!.box).toHaveLength(4);
    expect(line!.confidence).toBeGreaterThan(0.5);
    expect(info.text!.error).toBeUndefined();

    const chinese = json<Info>(await cli(on, 'info', path.join(lib, 'box-art.png'), '--json'));
    expect(chinese.text!.content).toContain('限定版');
    const blank = json<Info>(await cli(on, 'info', path.join(lib, 'blank.png'), '--json'));
    expect(blank.text).toEqual({ content: '', lines: [] });
  });

  it('keeps an odd image in the visual index and says why its text was not read', async () => {
    const info = json<Info>(await cli(on, 'info', path.join(lib, 'divider.png'), '--json'));
    expect(info.indexed).toBe(true);
    expect(info.text).toEqual({
      content: '',
      lines: [],
      error: 'too small to read text (1×5000 pixels, under 8 on a side)',
    });
    const plain = await cli(on, 'info', path.join(lib, 'divider.png'));
    expect(plain.stdout).toContain('text: not read (too small to read text');
  });

  it('re-reads only what an older OCR model read', async () => {
    const db = new Database(path.join(data, 'catalog.db'));
    const readAt = () =>
      new Map(
        (
          db.prepare(`SELECT content_key AS k, model, read_at AS t FROM image_texts`).all() as Array<{
            k: string;
            model: string;
            t: number;
          }>
        ).map((r) => [r.k, r]),
      );
    const poster = (
      db.prepare(`SELECT content_key AS k FROM files WHERE path = ?`).get(path.join(lib, 'poster.png')) as { k: string }
    ).k;
    db.prepare(`UPDATE image_texts SET model = 'an-older-ocr', read_at = 0 WHERE content_key = ?`).run(poster);
    const before = readAt();
    expect(json<LibraryStatus>(await cli(on, 'status', '--json')).ocr).toEqual({ done: 3, total: 4 });
    expect((await cli(on, 'status')).stdout).toContain('Text read:   3/4 images');

    expect((await cli(on, 'index', lib)).code).toBe(0);
    const after = readAt();
    db.close();
    expect(after.get(poster)).toMatchObject({ model: OCR_MODEL_ID });
    expect(after.get(poster)!.t).toBeGreaterThan(0);
    for (const [key, row] of before) if (key !== poster) expect(after.get(key)).toEqual(row);
    expect(json<LibraryStatus>(await cli(on, 'status', '--json')).ocr).toEqual({ done: 4, total: 4 });
  });

  it('reads nothing with ATELIER_OCR=off, and the images are still indexed', async () => {
    const off = { ATELIER_OCR: 'off' };
    const other = path.join(tmp, 'data-off');
    const run = (...args: string[]) => runCli([...args, '--data', other, '--model', COLOR_MODEL], { env: off });
    const index = await run('index', lib, '--json');
    expect(index.code, index.stderr).toBe(0);
    const status = json<LibraryStatus>(await run('status', '--json'));
    expect(status.files).toBe(5);
    expect(status.ocr).toEqual({ done: 0, total: 4 });
    expect(json<Info>(await run('info', path.join(lib, 'poster.png'), '--json')).text).toBeNull();
  });
});
