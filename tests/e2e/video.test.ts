/**
 * Videos in the app (the desktop app where Electron runs, else Chromium on
 * `atelier serve`), with the `color` model: a video cut from red to green to
 * blue is found by "green"; its tile shows the green frame with the video's
 * length and the time found; the preview plays it from that time, read in byte
 * ranges, with the matching frames marked on its timeline.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { COLOR_MODEL, ROOT } from '../helpers/paths';
import { shotsVideo } from '../video/videoFiles';
import { type E2eSession, startSession } from './helpers/session';
import { chosenTarget } from './helpers/target';

const target = chosenTarget();
const SHOTS = path.join(ROOT, 'test-results', 'e2e', target.kind);

describe(`Atelier (${target.kind}), videos`, { timeout: 120_000 }, () => {
  let session: E2eSession | undefined;
  let page: Page;
  let video: string;
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `video-${name}.png`) });
  const results = () => page.getByRole('listbox', { name: 'Results' });
  const tile = () => results().getByRole('option', { name: 'rgb.webm' });

  beforeAll(async () => {
    session = await startSession(target.kind, SHOTS, 'video', async ({ library, data }) => {
      video = path.join(library, 'clips', 'rgb.webm');
      await import('node:fs').then((fs) => fs.mkdirSync(path.dirname(video), { recursive: true }));
      shotsVideo(video, [
        { color: '#ff0000', seconds: 4 },
        { color: '#00a000', seconds: 4 },
        { color: '#0000ff', seconds: 4 },
      ]);
      const indexed = await runCli(['index', library, '--data', data, '--model', COLOR_MODEL]);
      expect(indexed.code, indexed.stderr).toBe(0);
    });
    page = session.page;
    await session.app.open();
  }, 240_000);

  afterAll(() => session?.close());

  it('shows a video hit with its length and the time of its green frame', async () => {
    const box = page.getByRole('searchbox', { name: 'Search' });
    await box.fill('green');
    await box.press('Enter');
    await tile().waitFor();
    await expect.poll(() => tile().getByLabel('Video, 0:12 long').count()).toBe(1);
    const at = tile().getByLabel(/^Best match at /);
    expect(await at.textContent()).toMatch(/^@0:0[4-7]$/);
    // The tile's picture is the green frame, made by the thumbnail route at that time.
    const src = (await tile().locator('img').getAttribute('src'))!;
    expect(src).toMatch(/[?&]time=[4-7](\.\d+)?(&|$)/);
    const colour = await page.evaluate(async (url) => {
      const img = new Image();
      img.src = url;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      return Array.from(ctx.getImageData(img.width >> 1, img.height >> 1, 1, 1).data.slice(0, 3));
    }, src);
    expect(colour[1]).toBeGreaterThan(120);
    expect(colour[0]).toBeLessThan(40);
    await shot('01-tile');
  });

  it('plays the video from the time found, with the matching frames on its timeline', async () => {
    await tile().dblclick();
    const dialog = page.getByRole('dialog', { name: 'Preview of rgb.webm' });
    const player = dialog.getByLabel('Video rgb.webm');
    await player.waitFor();
    await expect
      .poll(() => player.evaluate((v: HTMLVideoElement) => (v.readyState >= 1 ? v.currentTime : -1)), {
        timeout: 30_000,
      })
      .toBeGreaterThanOrEqual(4);
    expect(await player.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeLessThan(8);
    const markers = dialog.getByRole('group', { name: 'Matching frames' }).getByRole('button');
    expect(await markers.count()).toBeGreaterThanOrEqual(1);
    expect(await markers.first().getAttribute('aria-label')).toMatch(/^Play from 0:0[4-7]$/);
    await shot('02-preview');
    // The player reads the file in byte ranges.
    const ranged = await page.evaluate(
      async (src) => {
        const r = await fetch(src, { headers: { Range: 'bytes=0-99' } });
        return { status: r.status, length: (await r.arrayBuffer()).byteLength, range: r.headers.get('content-range') };
      },
      (await player.getAttribute('src'))!.split('#')[0]!,
    );
    expect(ranged).toMatchObject({ status: 206, length: 100 });
    expect(ranged.range).toMatch(/^bytes 0-99\/\d+$/);
  });
});
