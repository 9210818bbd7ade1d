/**
 * Videos through the whole app (createAtelier with the `color` model): a video
 * cut from red to green to blue is found by "green" at a time inside its green
 * shot, moves and deletions take its frames along, and an unchanged video is
 * never decoded again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Atelier } from '../../src/main/core/app';
import { ChangeLog } from '../../src/main/core/catalog/changeLog';
import { openMedia } from '../../src/main/core/thumbnails/videoMedia';
import { openApp } from '../vectors/appFixture';
import { shotsVideo } from './videoFiles';

const RGB = [
  { color: '#ff0000', seconds: 3 },
  { color: '#00a000', seconds: 3 },
  { color: '#0000ff', seconds: 3 },
];

describe('videos in the library', () => {
  let tmp: string;
  let lib: string;
  let atelier: Atelier;

  beforeAll(async () => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-video-')));
    lib = path.join(tmp, 'lib');
    fs.mkdirSync(lib);
    shotsVideo(path.join(lib, 'rgb.mp4'), RGB);
    await sharp({ create: { width: 64, height: 64, channels: 3, background: '#ff0000' } })
      .png()
      .toFile(path.join(lib, 'red.png'));
    await sharp({ create: { width: 64, height: 64, channels: 3, background: '#0000ff' } })
      .png()
      .toFile(path.join(lib, 'blue.png'));
    atelier = openApp(path.join(tmp, 'data'));
  });

  afterAll(async () => {
    await atelier?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  // In the library folder: a video dropped on the search box is kept and indexed as an upload too.
  const search = async (text: string) =>
    (await atelier.handlers.search.query({ text, mode: 'visual', limit: 5, filters: { folders: [lib] } })).results;

  it('indexes a video as one file with frames at its cuts', async () => {
    const summary = await atelier.library.index([lib]);
    expect(summary.skipped).toEqual([]);
    expect(summary.embedded).toBe(3);
    const row = atelier.catalog.fileByPath(path.join(lib, 'rgb.mp4'))!;
    expect(row).toMatchObject({ format: 'mp4', width: 160, height: 120 });
    const frames = atelier.catalog.db
      .prepare(`SELECT time_ms AS t FROM video_frames WHERE video_key = ? ORDER BY t`)
      .all(row.contentKey) as Array<{ t: number }>;
    expect(frames.map((f) => f.t)).toEqual([0, 3000, 6000]);
  });

  it('finds the video by "green" at a time inside its green shot', async () => {
    const [top, ...rest] = await search('green');
    expect(top).toMatchObject({ path: path.join(lib, 'rgb.mp4'), format: 'mp4', duration: 9 });
    expect(top!.time).toBeGreaterThanOrEqual(3);
    expect(top!.time).toBeLessThan(6);
    expect(top!.times).toEqual([top!.time]);
    expect(top!.score).toBeGreaterThan(0.9);
    // One result per video, however many of its frames matched.
    expect(rest.map((h) => h.path)).not.toContain(path.join(lib, 'rgb.mp4'));
    const red = await search('red');
    expect(red[0]!.score).toBeCloseTo(red[1]!.score, 2);
    const video = red.find((h) => h.path.endsWith('rgb.mp4'))!;
    expect(video.time).toBeLessThan(3);
  });

  it('filters by `video` and by container name', async () => {
    for (const formats of [['video'], ['mp4']]) {
      const hits = (await atelier.handlers.search.query({ text: 'red', mode: 'visual', filters: { formats } })).results;
      expect(hits.map((h) => path.basename(h.path))).toEqual(['rgb.mp4']);
    }
  });

  it('searches by a video dropped in the search box: its frames together are the example', async () => {
    const dropped = path.join(tmp, 'dropped.webm');
    shotsVideo(dropped, [
      { color: '#0000ff', seconds: 2 },
      { color: '#00a000', seconds: 2 },
    ]);
    const uploaded = await atelier.handlers.search.uploadImage({
      name: 'dropped.webm',
      base64: fs.readFileSync(dropped).toString('base64'),
    });
    expect(uploaded.path.endsWith('.webm')).toBe(true);
    const hits = (await atelier.handlers.search.query({ images: [uploaded.path], mode: 'visual', limit: 3 })).results;
    // Half blue, half green: blue.png and the video's green or blue frame alike, red.png far behind.
    expect(
      hits
        .slice(0, 2)
        .map((h) => path.basename(h.path))
        .sort(),
    ).toEqual(['blue.png', 'rgb.mp4']);
    expect(hits[0]!.score).toBeCloseTo(Math.SQRT1_2, 1);
    expect(hits.find((h) => h.path.endsWith('rgb.mp4'))!.time).toBeGreaterThanOrEqual(3);
    expect(hits[2]).toMatchObject({ path: path.join(lib, 'red.png') });
    expect(hits[2]!.score).toBeLessThan(0.2);
    const notVideo = atelier.handlers.search.uploadImage({
      name: 'x.mp4',
      base64: Buffer.from('not a video at all').toString('base64'),
    });
    await expect(notVideo).rejects.toThrow('Not an image: x.mp4');
  });

  it('plays only videos of the library, in the byte ranges asked', async () => {
    const roots = atelier.thumbnails.roots();
    const file = path.join(lib, 'rgb.mp4');
    const size = fs.statSync(file).size;
    expect(await openMedia(file, roots, 'bytes=10-19')).toMatchObject({
      ok: true,
      start: 10,
      end: 19,
      partial: true,
      size,
      type: 'video/mp4',
    });
    expect(await openMedia(file, roots, 'bytes=-5')).toMatchObject({ ok: true, start: size - 5, end: size - 1 });
    expect(await openMedia(file, roots, null)).toMatchObject({ ok: true, start: 0, end: size - 1, partial: false });
    expect(await openMedia(file, roots, `bytes=${size}-`)).toMatchObject({ ok: false, status: 416, size });
    expect(await openMedia(path.join(lib, 'red.png'), roots)).toMatchObject({
      ok: false,
      status: 422,
      reason: 'not a video',
    });
    expect(await openMedia(path.join(tmp, 'dropped.webm'), roots)).toMatchObject({ ok: false, status: 403 });
  });

  it('never decodes an unchanged video again, and moves its frames with it', async () => {
    const before = atelier.catalog.db.prepare(`SELECT made_at AS at FROM videos`).all();
    const again = await atelier.library.index([lib]);
    expect(again).toMatchObject({ embedded: 0, skipped: [] });
    expect(atelier.catalog.db.prepare(`SELECT made_at AS at FROM videos`).all()).toEqual(before);

    fs.renameSync(path.join(lib, 'rgb.mp4'), path.join(lib, 'moved.mp4'));
    const moved = await atelier.library.index([lib]);
    expect(moved).toMatchObject({ embedded: 0, moved: 1 });
    const [top] = await search('green');
    expect(top).toMatchObject({ path: path.join(lib, 'moved.mp4') });
    expect(top!.time).toBeGreaterThanOrEqual(3);
    const keys = [...new ChangeLog(atelier.catalog).entryKeys(modelId()).keys()];
    expect(keys.filter((k) => k.startsWith(lib) && k.includes('#t='))).toEqual(
      ['0.000', '3.000', '6.000'].map((t) => `${path.join(lib, 'moved.mp4')}#t=${t}`),
    );

    // Its frames alone: a video dropped on the search box earlier is an upload with frames of its own.
    const { contentKey } = atelier.catalog.fileByPath(path.join(lib, 'moved.mp4'))!;
    fs.rmSync(path.join(lib, 'moved.mp4'));
    const removed = await atelier.library.index([lib]);
    expect(removed.removed).toBe(1);
    expect((await search('green')).map((h) => path.basename(h.path)).sort()).toEqual(['blue.png', 'red.png']);
    expect(
      atelier.catalog.db.prepare(`SELECT count(*) AS n FROM video_frames WHERE video_key = ?`).get(contentKey),
    ).toEqual({ n: 0 });
    expect(
      atelier.catalog.db
        .prepare(`SELECT count(*) AS n FROM embeddings WHERE content_key LIKE ? || '@%'`)
        .get(contentKey),
    ).toEqual({ n: 0 });
  });

  function modelId(): string {
    return Object.keys(atelier.catalog.embeddingCounts())[0]!;
  }
});
