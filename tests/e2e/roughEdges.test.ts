/**
 * Small things a new user trips over, each checked as they would meet it in
 * the real app (the desktop app, else Chromium on `atelier serve`): a mistyped
 * folder path stays in the field to be corrected, "More like this" shows
 * other images, not the one it started from, a result dropped on the search
 * box or the prompt is used as an image, a full reference tray says so
 * rather than offering more or ignoring a drop, the selection bar stays
 * readable at 1024×700 and the model pill stays off the References heading,
 * and a disabled primary button looks unavailable.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths';
import { INDEXABLE } from './helpers/library';
import { type E2eSession, startSession } from './helpers/session';
import { type AppUnderTest, chosenTarget } from './helpers/target';

const target = chosenTarget();
const SHOTS = path.join(ROOT, 'test-results', 'e2e', target.kind);

type Box = { x: number; y: number; width: number; height: number } | null;

function overlap(a: Box, b: Box): boolean {
  if (!a || !b) return false;
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe(`Atelier (${target.kind}), rough edges`, { timeout: 120_000 }, () => {
  let session: E2eSession | undefined;
  let tmp: string;
  let app: AppUnderTest;
  let page: Page;
  const results = () => page.getByRole('listbox', { name: 'Results' });
  /** Waits for the grid to show the answer to what was last asked, not the images before it. */
  const settled = () => expect.poll(() => results().getAttribute('aria-busy')).toBe('false');

  beforeAll(async () => {
    session = await startSession(target.kind, SHOTS, 'edges');
    ({ tmp, app, page } = session);
  }, 240_000);

  afterAll(() => session?.close());

  it('keeps a mistyped folder path in the field after the error, to be corrected', async () => {
    await app.open();
    const field = page.getByLabel('Folder path');
    const typo = path.join(tmp, 'referencse', 'x'.repeat(160));
    await field.fill(typo);
    await page.getByRole('button', { name: 'Add folder' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'referencse' });
    await alert.waitFor();
    expect(await field.inputValue()).toBe(typo);
    // The message wraps inside the library panel, whatever the length of the path it names.
    const overflow = await alert.evaluate((box) => {
      const panel = box.closest('aside')!;
      return Math.max(box.scrollWidth - box.clientWidth, panel.scrollWidth - panel.clientWidth);
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await field.fill(path.join(tmp, 'references'));
    await page.getByRole('button', { name: 'Add folder' }).click();
    await page.getByText(`Indexing complete. ${INDEXABLE} images indexed, 2 skipped.`).waitFor();
    expect(await field.inputValue()).toBe('');
  });

  it('leaves the image "More like this" started from out of its results', async () => {
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('red');
    await search.press('Enter');
    await expect.poll(() => results().getByRole('option').first().getAttribute('aria-label')).toBe('red.png');
    await results().getByRole('option').first().click({ button: 'right' });
    await page
      .getByRole('menu', { name: 'Actions for red.png' })
      .getByRole('menuitem', { name: /More like this/ })
      .click();
    await page.getByRole('button', { name: 'Stop searching by red.png' }).waitFor();
    await expect.poll(() => results().getByRole('option').first().getAttribute('aria-label')).not.toBe('red.png');
    const names = await results()
      .getByRole('option')
      .evaluateAll((items) => items.map((i) => i.getAttribute('aria-label')));
    expect(names.length).toBeGreaterThan(5);
    expect(names).not.toContain('red.png');
  });

  it('searches by a result dropped on the search box, and adds one dropped on the prompt to the references', async () => {
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('');
    await search.press('Enter');
    await settled();
    const name = (i: number) => results().getByRole('option').nth(i).getAttribute('aria-label');
    const second = (await name(1))!;
    await results().getByRole('option').nth(1).dragTo(search);
    await page.getByRole('button', { name: `Stop searching by ${second}` }).waitFor();
    expect(await search.inputValue()).toBe('');
    // The images like the dropped one replace the grid; the next drag takes one of them.
    await settled();

    const prompt = page.getByRole('textbox', { name: 'Prompt' });
    const third = (await name(2))!;
    await results().getByRole('option').nth(2).dragTo(prompt);
    const tray = page.getByRole('list', { name: 'References', exact: true });
    await tray.getByRole('listitem', { name: third }).waitFor();
    expect(await prompt.inputValue()).toBe('');
    await page.getByRole('button', { name: `Remove ${third} from references` }).click();
    await expect.poll(() => tray.getByRole('listitem').count()).toBe(0);
  });

  it('no longer offers "Add to references" once the tray is full, and says why a file dropped on it is refused', async () => {
    const tray = page.getByRole('list', { name: 'References', exact: true });
    const add = page.getByRole('button', { name: 'Add to references' });
    for (let i = 0; i < 3; i++) {
      await results().getByRole('option').nth(i).click();
      await add.click();
      await expect.poll(() => tray.getByRole('listitem').count()).toBe(i + 1);
    }
    await results().getByRole('option').nth(3).click();
    expect(await add.isDisabled()).toBe(true);
    expect(await add.getAttribute('title')).toMatch(/The reference tray is full/);

    const bytes = fs.readFileSync(path.join(tmp, 'references', 'colours', 'teal.png')).toString('base64');
    await page.getByRole('heading', { name: 'References' }).evaluate((heading, base64) => {
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], 'teal.png', { type: 'image/png' }));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        heading.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
      }
    }, bytes);
    await page.getByRole('alert').filter({ hasText: 'teal.png was not added: the tray is full' }).waitFor();
    expect(await tray.getByRole('listitem').count()).toBe(3);
  });

  it('keeps the selection bar readable at 1024×700: the folder shows, and neither buttons nor a toast cover it', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await results().getByRole('option').first().click();
    const bar = page.getByLabel('Selected result');
    const text = bar.locator('.selection-text');
    const folder = text.locator('[title]');
    expect((await folder.boundingBox())!.width).toBeGreaterThan(120);
    const textBox = await text.boundingBox();
    for (const button of await bar.getByRole('button').all()) {
      expect(overlap(textBox, await button.boundingBox()), (await button.textContent()) ?? '').toBe(false);
    }
    await bar.getByRole('button', { name: 'Copy path' }).click();
    const toast = bar.getByRole('status');
    await expect.poll(async () => ((await toast.textContent()) ?? '').length).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SHOTS, 'edges-selection-bar-1024.png') });
    expect(overlap(textBox, await toast.boundingBox())).toBe(false);
    for (const button of await bar.getByRole('button').all()) {
      expect(overlap(await toast.boundingBox(), await button.boundingBox())).toBe(false);
    }
  });

  it('keeps the model pill inside the results at 1024×700, and nothing covers the References heading', async () => {
    const pill = page.getByText(/^Model /);
    const pane = await page.getByRole('main').boundingBox();
    const box = (await pill.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(pane!.x + pane!.width);
    // Below 1200 px the references open from their toggle, over the results.
    await page.getByRole('button', { name: 'References', exact: true }).click();
    const heading = page.getByRole('heading', { name: 'References' });
    await heading.waitFor();
    const uncovered = await heading.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return el.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));
    });
    expect(uncovered).toBe(true);
    await page.getByRole('button', { name: 'References', exact: true }).click();
  });

  it('shows a disabled primary button as plainly unavailable, not as a paler enabled one', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const add = page.getByRole('button', { name: 'Add folder' });
    expect(await add.isDisabled()).toBe(true);
    const [r, g, b] = (await add.evaluate((button) => getComputedStyle(button).backgroundColor))
      .match(/\d+/g)!
      .map(Number);
    expect(Math.max(r!, g!, b!) - Math.min(r!, g!, b!), 'a neutral background, not the accent').toBeLessThan(24);
  });
});
