/**
 * Which fusion ranks better, measured on a small labelled set: images of six
 * colours (and two near colours), some with printed text (short posters,
 * long menus that mention a word once), indexed with the `color` model and a
 * real catalog. Each query names a colour and a printed word; an image that
 * has both is graded 2, one that has either 1. The real visual and text
 * rankings are fused by reciprocal rank (the product's choice) and by a
 * calibrated sum (each side's scores scaled to [0, 1]), and compared by
 * nDCG@5 and the rank of the first fully relevant image (printed: on this set
 * the calibrated sum scored 1.00, RRF 0.96, both ranking the full match first).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Atelier } from '../../src/main/core/app';
import { calibratedFusion, reciprocalRankFusion } from '../../src/main/core/text/fusion';
import type { SearchHit } from '../../src/shared/types';
import { solid } from '../helpers/images';
import { indexThroughApp, openApp } from '../vectors/appFixture';

type Rgb = [number, number, number];
const COLOURS: Record<string, Rgb> = {
  red: [220, 25, 25],
  orange: [240, 140, 20],
  yellow: [245, 230, 25],
  green: [25, 170, 40],
  blue: [25, 50, 220],
  purple: [120, 40, 160],
};
const NEAR: Record<string, Rgb> = { pink: [240, 110, 150], teal: [0, 128, 128] };
const TEXTS: Record<string, string> = {
  festival: 'LUNAR FESTIVAL',
  sale: 'SUMMER SALE\nEverything must go',
  menu: 'Soup of the day, bread, a festival of cheeses, coffee, tea, cake, the sale price of wine on Fridays',
  none: '',
};

interface Image {
  file: string;
  colour: string;
  text: string;
}

function ndcgAt5(ranked: string[], grade: (file: string) => number): number {
  const dcg = (gains: number[]) => gains.slice(0, 5).reduce((s, g, i) => s + (2 ** g - 1) / Math.log2(i + 2), 0);
  const ideal = dcg([...new Set(ranked)].map(grade).sort((a, b) => b - a));
  return ideal ? dcg(ranked.map(grade)) / ideal : 0;
}

describe('reciprocal rank fusion against a calibrated score', () => {
  let tmp: string;
  let atelier: Atelier;
  const images: Image[] = [];

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-fusion-'));
    const lib = path.join(fs.realpathSync(tmp), 'library');
    let n = 0;
    for (const [colour, rgb] of Object.entries({ ...COLOURS, ...NEAR })) {
      for (const [shade, text] of Object.keys(TEXTS).entries()) {
        if (colour in NEAR && text === 'none') continue;
        const file = path.join(lib, `img${String(++n).padStart(2, '0')}.png`);
        // Shades apart, so each image has its own content (and its own text).
        await solid(file, [rgb[0], rgb[1], Math.min(255, rgb[2] + 3 * shade)], 32);
        images.push({ file, colour, text });
      }
    }
    atelier = openApp(path.join(tmp, 'data'));
    await indexThroughApp(atelier, lib);
    const write = atelier.catalog.db.prepare(
      `INSERT INTO image_texts (content_key, model, content, lines, error, read_at) VALUES (?, 'pp-ocrv4', ?, '[]', NULL, 0)`,
    );
    for (const img of images) write.run(atelier.catalog.fileByPath(img.file)!.contentKey, TEXTS[img.text]);
  }, 120_000);

  afterAll(async () => {
    await atelier.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('puts the image with both the colour and the word first either way, and measures the rest', async () => {
    const search = await atelier.search();
    const scores = { rrf: [] as number[], calibrated: [] as number[] };
    const firstFull = { rrf: [] as number[], calibrated: [] as number[] };
    for (const colour of Object.keys(COLOURS)) {
      for (const word of ['festival', 'sale']) {
        const text = `${colour} ${word}`;
        const depth = images.length;
        const visual = (await search.search({ text, mode: 'visual', limit: depth })).results;
        const words = (await search.search({ text, mode: 'text', limit: depth })).results;
        // The relevant images: the colour asked for, and the word printed as the poster's title.
        const grade = (file: string) => {
          const img = images.find((i) => i.file === file)!;
          return Number(img.colour === colour) + Number(img.text === word);
        };
        const keyed = (hits: SearchHit[]) => hits.map((h) => ({ key: h.path, score: h.score }));
        const rrf = reciprocalRankFusion([visual.map((h) => h.path), words.map((h) => h.path)]).map((s) => s.key);
        const calibrated = calibratedFusion([keyed(visual), keyed(words)], [1, 1]).map((s) => s.key);
        scores.rrf.push(ndcgAt5(rrf, grade));
        scores.calibrated.push(ndcgAt5(calibrated, grade));
        firstFull.rrf.push(rrf.findIndex((f) => grade(f) === 2) + 1);
        firstFull.calibrated.push(calibrated.findIndex((f) => grade(f) === 2) + 1);
      }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const report = {
      queries: scores.rrf.length,
      ndcg5: { rrf: mean(scores.rrf), calibrated: mean(scores.calibrated) },
      firstFullyRelevantRank: { rrf: mean(firstFull.rrf), calibrated: mean(firstFull.calibrated) },
    };
    console.log(`fusion quality: ${JSON.stringify(report)}`);
    // Both put the image with the colour and the word first on every query; the rest is measured and reported.
    expect(firstFull.rrf.every((rank) => rank === 1)).toBe(true);
    expect(firstFull.calibrated.every((rank) => rank === 1)).toBe(true);
    expect(report.ndcg5.rrf).toBeGreaterThan(0.9);
    expect(report.ndcg5.calibrated).toBeGreaterThan(0.9);
  });
});
