/**
 * Browsing a folder larger than one page, in the real app: the grid loads the
 * next page as its end nears, and every tile says from the first page on how
 * many images the folder holds, so appending a page changes no tile already
 * shown (nor renders it again).
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { solid } from '../helpers/images';
import { COLOR_MODEL, ROOT } from '../helpers/paths';
import { type E2eSession, startSession } from './helpers/session';
import { chosenTarget } from './helpers/target';

const target = chosenTarget();
const SHOTS = path.join(ROOT, 'test-results', 'e2e', target.kind);
/** More than a page of the browse listing (200 images). */
const COUNT = 230;

describe(`Atelier (${target.kind}), browsing a folder of several pages`, { timeout: 180_000 }, () => {
  let session: E2eSession | undefined;
  let page: Page;
  const results = () => page.getByRole('listbox', { name: 'Results' });

  beforeAll(async () => {
    session = await startSession(target.kind, SHOTS, 'pages', async ({ tmp, data }) => {
      const many = path.join(tmp, 'many');
      for (let i = 0; i < COUNT; i++) {
        await solid(path.join(many, `p${String(i).padStart(3, '0')}.png`), [i % 256, (i * 7) % 256, 90], 24);
      }
      const indexed = await runCli(['index', many, '--data', data, '--model', COLOR_MODEL]);
      if (indexed.code !== 0) throw new Error(`indexing the folder failed (${indexed.code}): ${indexed.stderr}`);
    });
    ({ page } = session);
    await session.app.open();
  }, 300_000);

  afterAll(() => session?.close());

  it('says the folder’s size on every tile from the first page, and changes no tile when the next page comes', async () => {
    await page.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name: 'many' }).click();
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByText('many').waitFor();
    const first = results().locator('[aria-posinset="1"]');
    await expect.poll(async () => (await first.getAttribute('aria-label')) ?? '').toMatch(/^p\d{3}\.png$/);
    expect(await first.getAttribute('aria-setsize')).toBe(String(COUNT));
    // Only the first page is loaded: the last image is not in the grid yet.
    expect(await results().locator(`[aria-posinset="${COUNT}"]`).count()).toBe(0);
    await page.evaluate(`(() => {
      window.__setsizeChanges = 0;
      new MutationObserver((changes) => { window.__setsizeChanges += changes.length; }).observe(
        document.querySelector('[role="listbox"][aria-label="Results"]'),
        { subtree: true, attributeFilter: ['aria-setsize'] },
      );
    })()`);
    await expect
      .poll(
        async () => {
          await results().evaluate((grid) => grid.scrollTo({ top: grid.scrollHeight }));
          return results().locator(`[aria-posinset="${COUNT}"]`).count();
        },
        { timeout: 60_000 },
      )
      .toBe(1);
    // Each image once, the folder's and no other.
    const names = new Set(
      await results()
        .getByRole('option')
        .evaluateAll((tiles) => tiles.map((t) => t.getAttribute('aria-label'))),
    );
    expect([...names].every((n) => /^p\d{3}\.png$/.test(n ?? ''))).toBe(true);
    expect(await page.evaluate('window.__setsizeChanges')).toBe(0);
  });
});
