/**
 * The preview, in the real app (the desktop app where Electron can run, else
 * Chromium on `atelier serve`): it zooms with the wheel, + and −, 1:1 and fit,
 * pans by dragging, goes full screen and back, steps with its previous and next
 * buttons as with the arrows, and compares two images side by side.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths';
import { INDEXABLE } from './helpers/library';
import { type E2eSession, startSession } from './helpers/session';
import { type AppUnderTest, chosenTarget } from './helpers/target';

const target = chosenTarget();
const SHOTS = path.join(ROOT, 'test-results', 'e2e', target.kind);

describe(`Atelier (${target.kind}), the preview`, { timeout: 120_000 }, () => {
  let session: E2eSession | undefined;
  let tmp: string;
  let app: AppUnderTest;
  let page: Page;
  let names: string[];
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  const results = () => page.getByRole('listbox', { name: 'Results' });
  const dialog = () => page.getByRole('dialog');
  const zoom = async () =>
    Number(((await dialog().getByLabel('Zoom', { exact: true }).textContent()) ?? '').replace('%', ''));
  const frame = () => dialog().locator('.zoom-frame').first();
  const picture = () => frame().locator('img');

  beforeAll(async () => {
    // A photo larger than the preview's rendering, whose 1:1 needs the large one.
    session = await startSession(target.kind, SHOTS, 'preview', async ({ library }) => {
      fs.mkdirSync(path.join(library, 'large'));
      await sharp({ create: { width: 2400, height: 1200, channels: 3, background: { r: 90, g: 60, b: 30 } } })
        .png()
        .toFile(path.join(library, 'large', 'panorama.png'));
    });
    ({ tmp, app, page } = session);
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 240_000);

  afterAll(() => session?.close());

  it('opens the first result of the library fitted to the window', async () => {
    await app.open();
    await page.getByLabel('Folder path').fill(path.join(tmp, 'references'));
    await page.getByRole('button', { name: 'Add folder' }).click();
    await page.getByText(`Indexing complete. ${INDEXABLE + 1} images indexed, 2 skipped.`).waitFor();
    await page.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name: 'references' }).waitFor();
    await page.getByLabel('Sort').selectOption('name');
    await page.getByLabel('Order').selectOption('asc');
    await expect.poll(() => results().getByRole('option').first().getAttribute('aria-label')).toBe('astronaut.png');
    names = await results()
      .getByRole('option')
      .evaluateAll((items) => items.map((i) => i.getAttribute('aria-label') ?? ''));
    await results().getByRole('option').first().dblclick();
    await page.getByRole('dialog', { name: 'Preview of astronaut.png' }).waitFor();
    // Fitted: the whole image shows, touching the frame on one side.
    await expect.poll(zoom).toBeGreaterThan(0);
    const [outer, inner] = [await frame().boundingBox(), await picture().boundingBox()];
    expect(inner!.width).toBeLessThanOrEqual(outer!.width + 1);
    expect(inner!.height).toBeLessThanOrEqual(outer!.height + 1);
    expect(Math.max(inner!.width / outer!.width, inner!.height / outer!.height)).toBeGreaterThan(0.99);
  });

  it('zooms with + and −, 1:1 and Fit, and with the wheel', async () => {
    const fitted = await zoom();
    await page.keyboard.press('+');
    await expect.poll(zoom).toBeGreaterThan(fitted);
    await page.keyboard.press('-');
    await expect.poll(zoom).toBe(fitted);
    await dialog().getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(zoom).toBeGreaterThan(fitted);
    await dialog().getByRole('button', { name: 'Actual size' }).click();
    await expect.poll(zoom).toBe(100);
    // astronaut.png is 512×512: at 1:1 it takes 512 CSS pixels.
    await expect.poll(async () => Math.round((await picture().boundingBox())!.width)).toBe(512);
    await dialog().getByRole('button', { name: 'Fit' }).click();
    await expect.poll(zoom).toBe(fitted);
    const box = (await frame().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -240);
    await expect.poll(zoom).toBeGreaterThan(fitted);
    // Zooming out stops at the smaller of fit and 1:1.
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, 240);
    await expect.poll(zoom).toBe(Math.min(fitted, 100));
  });

  it('pans a zoomed image by dragging it', async () => {
    await dialog().getByRole('button', { name: 'Fit' }).click();
    for (let i = 0; i < 3; i++) await dialog().getByRole('button', { name: 'Zoom in' }).click();
    const before = (await picture().boundingBox())!;
    const box = (await frame().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 30, box.y + box.height / 2 + 40, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => Math.round((await picture().boundingBox())!.y - before.y)).toBe(40);
    expect(Math.round((await picture().boundingBox())!.x - before.x)).toBe(30);
    await shot('preview-01-zoomed');
  });

  it('steps with the previous and next buttons as with the arrow keys', async () => {
    const previous = dialog().getByRole('button', { name: 'Previous image' });
    expect(await previous.isDisabled()).toBe(true);
    await dialog().getByRole('button', { name: 'Next image' }).click();
    await page.getByRole('dialog', { name: `Preview of ${names[1]}` }).waitFor();
    // Another image opens fitted, however far the last one was zoomed.
    await expect.poll(zoom).toBeLessThan(1000);
    await page.keyboard.press('ArrowRight');
    await page.getByRole('dialog', { name: `Preview of ${names[2]}` }).waitFor();
    await previous.click();
    await page.getByRole('dialog', { name: `Preview of ${names[1]}` }).waitFor();
    await page.keyboard.press('ArrowLeft');
    await page.getByRole('dialog', { name: `Preview of ${names[0]}` }).waitFor();
  });

  it('goes full screen and back', async () => {
    const before = await zoom();
    await dialog().getByRole('button', { name: 'Full screen', exact: true }).click();
    await expect.poll(() => page.evaluate(() => document.fullscreenElement !== null)).toBe(true);
    await dialog().getByRole('button', { name: 'Exit full screen' }).waitFor();
    // The image is fitted again to the larger frame.
    await expect.poll(zoom).toBeGreaterThan(before);
    await shot('preview-02-fullscreen');
    await dialog().getByRole('button', { name: 'Exit full screen' }).click();
    await expect.poll(() => page.evaluate(() => document.fullscreenElement === null)).toBe(true);
    await dialog().getByRole('button', { name: 'Full screen', exact: true }).waitFor();
  });

  it('compares two images side by side: C keeps one on the left, the arrows choose the other', async () => {
    await page.keyboard.press('c');
    const compare = page.getByRole('dialog', { name: `Comparing ${names[0]} with ${names[1]}` });
    await compare.waitFor();
    expect(await compare.getByRole('button', { name: 'Compare', exact: true }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await page.keyboard.press('ArrowRight');
    const next = page.getByRole('dialog', { name: `Comparing ${names[0]} with ${names[2]}` });
    await next.waitFor();
    const left = (await next.getByRole('img', { name: names[0] }).boundingBox())!;
    const right = (await next.getByRole('img', { name: names[2] }).boundingBox())!;
    expect(left.x + left.width).toBeLessThanOrEqual(right.x);
    await shot('preview-03-compare');
    await next.getByRole('button', { name: 'Compare', exact: true }).click();
    await page.getByRole('dialog', { name: `Preview of ${names[2]}` }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
  });

  it('shows a large image at 1:1 from a sharper rendering than the fitted one', async () => {
    const root = page.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name: 'references' });
    await root.focus();
    await page.keyboard.press('ArrowRight');
    await root.getByRole('treeitem', { name: 'large' }).click();
    await expect.poll(() => results().getByRole('option').first().getAttribute('aria-label')).toBe('panorama.png');
    // In a smaller window the fitted image shows fewer pixels than the preview's rendering holds.
    await page.setViewportSize({ width: 1024, height: 700 });
    await results().getByRole('option').first().dblclick();
    await page.getByRole('dialog', { name: 'Preview of panorama.png' }).waitFor();
    expect((await picture().boundingBox())!.width).toBeLessThan(1024);
    // At 1024×700 the toolbar stays inside the dialog.
    const [box, tools] = [
      await dialog().boundingBox(),
      await dialog().getByRole('toolbar', { name: 'View' }).boundingBox(),
    ];
    expect(tools!.x + tools!.width).toBeLessThanOrEqual(box!.x + box!.width);
    await shot('preview-04-1024');
    await expect.poll(() => picture().getAttribute('src')).toMatch(/size=preview/);
    await dialog().getByRole('button', { name: 'Actual size' }).click();
    await expect.poll(zoom).toBe(100);
    await expect.poll(() => picture().getAttribute('src')).toMatch(/size=large/);
    await expect.poll(() => picture().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2400);
    expect(Math.round((await picture().boundingBox())!.width)).toBe(2400);
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});
