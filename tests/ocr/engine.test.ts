/**
 * The OCR engine and its worker on what is not a tidy line of text: images with
 * no text cost one detector run; odd sizes, broken files and missing files get
 * a reason instead of lines; what is kept is capped and free of control
 * characters.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentKeyOfBytes } from '../../src/main/core/files/contentKey';
import { OcrEngine } from '../../src/main/core/ocr/ocrEngine';
import { loadOcrImage } from '../../src/main/core/ocr/ocrImage';
import { ocrModelFiles } from '../../src/main/core/ocr/ocrModel';
import { capLines, MAX_CHARS, MAX_LINES, stripControls, unreadableSize } from '../../src/main/core/ocr/textLimits';
import { createTextReader, type TextReader } from '../../src/main/core/ocr/textReader';
import { nodeWorkerSpawner } from '../../src/main/core/workers/nodeWorker';
import { solid } from '../helpers/images';
import { IMAGES, ROOT } from '../helpers/paths';
import { renderTextImage } from '../helpers/textImages';

const OCR_THREAD = new URL(`file://${path.join(ROOT, 'src/main/core/ocr/ocrThread.ts')}`);

describe('the OCR engine', () => {
  let dir: string;
  let engine: OcrEngine;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-ocr-engine-'));
    engine = await OcrEngine.open(ocrModelFiles(), ['cpu']);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds no lines in an image without text, and runs only the detector on it', async () => {
    for (const file of [path.join(dir, 'plain.png'), path.join(IMAGES, 'grass.png')]) {
      if (!fs.existsSync(file)) await solid(file, [90, 140, 200], 400);
      const image = await loadOcrImage(file);
      const before = { ...engine.runs };
      expect(await engine.read(image.pixels, image.scale)).toEqual([]);
      expect(engine.runs.detection).toBe(before.detection + 1);
      expect(engine.runs.recognition).toBe(before.recognition);
    }
  });

  it('runs the recogniser on an image with text', async () => {
    const image = await loadOcrImage(
      renderTextImage(dir, { name: 'word', text: 'Atelier', font: 'DejaVu-Sans', pointsize: 40 }),
    );
    const before = engine.runs.recognition;
    const lines = await engine.read(image.pixels, image.scale);
    expect(lines.map((l) => l.text)).toEqual(['Atelier']);
    expect(engine.runs.recognition).toBeGreaterThan(before);
  });

  it('reads a large image at a capped resolution, with boxes in its own pixels', async () => {
    const file = path.join(dir, 'large.png');
    const small = renderTextImage(dir, { name: 'big-word', text: 'GIANT', font: 'DejaVu-Sans-Bold', pointsize: 60 });
    const meta = await sharp(small).metadata();
    await sharp(small)
      .resize(meta.width * 8)
      .toFile(file);
    const image = await loadOcrImage(file);
    expect(Math.max(image.pixels.width, image.pixels.height)).toBeLessThanOrEqual(1920);
    expect(image.width).toBe(meta.width * 8);
    const lines = await engine.read(image.pixels, image.scale);
    expect(lines.map((l) => l.text)).toEqual(['GIANT']);
    const right = Math.max(...lines[0]!.box.map(([x]) => x));
    expect(right).toBeGreaterThan(image.pixels.width);
    expect(right).toBeLessThanOrEqual(image.width);
  });
});

describe('what is kept of a reading', () => {
  it('keeps at most 1000 lines of a 20,000-line result', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => ({ text: `line ${i}` }));
    const kept = capLines(lines);
    expect(kept).toHaveLength(MAX_LINES);
    expect(kept[0]!.text).toBe('line 0');
  });

  it('keeps at most 100,000 characters, newlines included', () => {
    const lines = Array.from({ length: 900 }, () => ({ text: 'x'.repeat(400) }));
    const kept = capLines(lines);
    const content = kept.map((l) => l.text).join('\n');
    expect(content.length).toBeLessThanOrEqual(MAX_CHARS);
    expect(content.length).toBeGreaterThan(MAX_CHARS - 401);
  });

  it('strips control characters from a line', () => {
    expect(stripControls('LUNAR\u0000 FEST\u0007IVAL\u001b\u009b\n')).toBe('LUNAR FESTIVAL');
  });

  it('names why an image of an odd size is not read', () => {
    expect(unreadableSize(4, 4)).toBe('too small to read text (4×4 pixels, under 8 on a side)');
    expect(unreadableSize(1, 5000)).toMatch(/^too small to read text/);
    expect(unreadableSize(10, 600)).toBe('too narrow to read text (10×600 pixels, over 50:1)');
    expect(unreadableSize(8, 400)).toBeNull();
    expect(unreadableSize(640, 480)).toBeNull();
  });
});

describe('the text reader (worker thread)', () => {
  let dir: string;
  let reader: TextReader;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-ocr-reader-'));
    reader = createTextReader({ spawn: nodeWorkerSpawner(OCR_THREAD), providers: ['cpu'] });
  });
  afterAll(async () => {
    await reader.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads a batch in order, each with the content key of the bytes it read or the reason it could not', async () => {
    const text = renderTextImage(dir, { name: 'sign', text: 'Open Late', font: 'DejaVu-Sans', pointsize: 40 });
    const strip = path.join(dir, 'strip.png');
    await sharp({ create: { width: 1, height: 5000, channels: 3, background: '#fff' } })
      .png()
      .toFile(strip);
    const narrow = path.join(dir, 'narrow.png');
    await sharp({ create: { width: 12, height: 900, channels: 3, background: '#fff' } })
      .png()
      .toFile(narrow);
    const broken = path.join(dir, 'broken.png');
    fs.writeFileSync(broken, 'not a picture at all');
    const missing = path.join(dir, 'gone.png');
    const blank = path.join(dir, 'blank.png');
    await solid(blank, [250, 250, 250], 200);

    const outcomes = await reader.read([text, strip, narrow, broken, missing, blank]);
    expect(outcomes).toHaveLength(6);
    const [sign, tooSmall, tooNarrow, corrupt, gone, empty] = outcomes;
    expect(sign).toMatchObject({ ok: true, contentKey: contentKeyOfBytes(fs.readFileSync(text)) });
    expect(sign!.ok && sign!.lines.map((l) => l.text)).toEqual(['Open Late']);
    expect(tooSmall).toEqual({
      ok: false,
      contentKey: contentKeyOfBytes(fs.readFileSync(strip)),
      reason: 'too small to read text (1×5000 pixels, under 8 on a side)',
    });
    expect(tooNarrow).toMatchObject({ ok: false, reason: 'too narrow to read text (12×900 pixels, over 50:1)' });
    expect(corrupt).toMatchObject({ ok: false, contentKey: contentKeyOfBytes(fs.readFileSync(broken)) });
    expect(!corrupt!.ok && corrupt!.reason).toMatch(/^could not read text \(/);
    expect(gone).toMatchObject({ ok: false, contentKey: null });
    expect(!gone!.ok && gone!.reason).toMatch(/ENOENT|no such file/);
    expect(empty).toEqual({ ok: true, contentKey: contentKeyOfBytes(fs.readFileSync(blank)), lines: [] });
  });
});
