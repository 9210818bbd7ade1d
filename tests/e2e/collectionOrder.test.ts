/**
 * Reordering a collection in its own view (the desktop app where Electron
 * runs, else Chromium on `atelier serve`): dragging an image onto another's
 * first or second half puts it before or after that one, and Alt with an arrow
 * moves the focused image; the order is saved, as `atelier collection show`
 * reads it back in another process. Each step saves a screenshot.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionView } from '../../src/shared/organize';
import { json, runCli } from '../helpers/cli';
import { COLOR_MODEL, ROOT } from '../helpers/paths';
import { type E2eSession, startSession } from './helpers/session';
import { type AppUnderTest, chosenTarget } from './helpers/target';

const target = chosenTarget();
const SHOTS = path.join(ROOT, 'test-results', 'e2e', target.kind);
const FIRST = ['red.png', 'blue.webp', 'teal.png', 'green.jpg'];

describe(`Atelier (${target.kind}), reordering a collection`, { timeout: 120_000 }, () => {
  let session: E2eSession | undefined;
  let lib: string;
  let data: string;
  let app: AppUnderTest;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `collection-order-${name}.png`) });
  const results = () => page.getByRole('listbox', { name: 'Results' });
  const option = (name: string) => results().getByRole('option', { name, exact: true });
  const names = () =>
    results()
      .getByRole('option')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  const saved = async () =>
    json<CollectionView>(await runCli(['collection', 'show', 'Board', '--json', '--data', data])).paths.map((p) =>
      path.basename(p),
    );

  beforeAll(async () => {
    session = await startSession(target.kind, SHOTS, 'collection-order', async ({ library, data }) => {
      const indexed = await runCli(['index', library, '--data', data, '--model', COLOR_MODEL]);
      expect(indexed.code, indexed.stderr).toBe(0);
      const cli = (...args: string[]) => runCli([...args, '--data', data]);
      expect((await cli('collection', 'create', 'Board')).code).toBe(0);
      const added = await cli('collection', 'add', 'Board', ...FIRST.map((n) => path.join(library, 'colours', n)));
      expect(added.code, added.stderr).toBe(0);
    });
    ({ library: lib, data, app, page } = session);
    await app.open();
    expect(fs.existsSync(path.join(lib, 'colours', 'red.png'))).toBe(true);
  }, 240_000);

  afterAll(() => session?.close());

  it('moves an image by dragging it onto another, before or after it by the half it lands on', async () => {
    await page
      .getByRole('region', { name: 'Collections' })
      .getByRole('listitem', { name: 'Board', exact: true })
      .getByRole('button', { name: /^Open Board/ })
      .click();
    await expect.poll(names).toEqual(FIRST);

    const teal = await option('teal.png').boundingBox();
    // Onto teal's left half: red goes just before teal.
    await option('red.png').dragTo(option('teal.png'), { targetPosition: { x: 8, y: (teal?.height ?? 40) / 2 } });
    await expect.poll(names).toEqual(['blue.webp', 'red.png', 'teal.png', 'green.jpg']);
    await expect.poll(saved).toEqual(['blue.webp', 'red.png', 'teal.png', 'green.jpg']);

    // Onto green's right half: blue goes after it, at the end.
    const green = await option('green.jpg').boundingBox();
    await option('blue.webp').dragTo(option('green.jpg'), {
      targetPosition: { x: (green?.width ?? 80) - 8, y: (green?.height ?? 40) / 2 },
    });
    await expect.poll(saved).toEqual(['red.png', 'teal.png', 'green.jpg', 'blue.webp']);
    await expect.poll(names).toEqual(['red.png', 'teal.png', 'green.jpg', 'blue.webp']);
    await shot('01-dragged');
  });

  it('moves the focused image with Alt and the arrows, and the view stays on the collection', async () => {
    await option('red.png').click();
    await results().press('Alt+ArrowRight');
    await expect.poll(saved).toEqual(['teal.png', 'red.png', 'green.jpg', 'blue.webp']);
    await results().press('Alt+ArrowRight');
    await expect.poll(saved).toEqual(['teal.png', 'green.jpg', 'red.png', 'blue.webp']);
    // The moved image stays the active one: the next step moves it again.
    expect(await option('red.png').getAttribute('class')).toContain('active');
    await results().press('Alt+ArrowLeft');
    await expect.poll(saved).toEqual(['teal.png', 'red.png', 'green.jpg', 'blue.webp']);
    await expect.poll(names).toEqual(['teal.png', 'red.png', 'green.jpg', 'blue.webp']);
    // Alt+Left is also Back: in the collection's view it moved the image, and the view is still the collection.
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByText('Collection “Board”').waitFor();
    await page.getByRole('status').getByText('red.png is now image 2 of 4').waitFor();
    await shot('02-keyboard');
  });
});
