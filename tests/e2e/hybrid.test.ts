/**
 * Hybrid search in the app (the desktop app where Electron runs, else Chromium
 * on `atelier serve`), with the `color` model: the text read in a photo is in
 * the catalog (written with SQL, as the OCR pass writes it), a search for a
 * word printed in it puts it first, and the grid and the preview show the
 * text around the word with the word marked; the status bar counts the
 * images whose text is read.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OCR_MODEL_ID } from '../../src/main/core/ocr/ocrModel';
import { ROOT } from '../helpers/paths';
import { INDEXABLE } from './helpers/library';
import { type E2eSession, indexedSession } from './helpers/session';
import { chosenTarget } from './helpers/target';

const target = chosenTarget();
const SHOTS = path.join(ROOT, 'test-results', 'e2e', target.kind);

describe(`Atelier (${target.kind}), hybrid search`, { timeout: 120_000 }, () => {
  let session: E2eSession | undefined;
  let page: Page;
  const results = () => page.getByRole('listbox', { name: 'Results' });

  beforeAll(async () => {
    session = await indexedSession(target.kind, SHOTS, 'hybrid', ({ library, data }) => {
      const db = new Database(path.join(data, 'catalog.db'));
      const { k } = db
        .prepare('SELECT content_key AS k FROM files WHERE path = ?')
        .get(path.join(library, 'photos', 'coffee.png')) as { k: string };
      db.prepare(`INSERT INTO image_texts VALUES (?, ?, ?, '[]', NULL, 0)`).run(
        k,
        OCR_MODEL_ID,
        'Morning blend\nLUNAR FESTIVAL roast',
      );
      db.close();
    });
    ({ page } = session);
  }, 240_000);

  afterAll(() => session?.close());

  it('puts the photo that says the word first and marks the word in the grid and the preview', async () => {
    await page.getByRole('listitem', { name: 'references' }).getByText(`${INDEXABLE} images`).waitFor();
    // Reading is off in the tests: only the text written above counts as read.
    expect(await page.getByLabel('Images whose text is read').textContent()).toBe(`Text 1/${INDEXABLE}`);
    const box = page.getByRole('searchbox', { name: 'Search' });
    await box.fill('festival');
    await box.press('Enter');
    const first = results().getByRole('option').first();
    await expect.poll(() => first.getAttribute('aria-label')).toBe('coffee.png');
    expect(await first.locator('mark').allTextContents()).toEqual(['FESTIVAL']);
    // The tile starts a word before the word found, so a narrow tile still shows it.
    expect(await first.locator('.tile-match').textContent()).toBe('…LUNAR FESTIVAL roast');
    await page.screenshot({ path: path.join(SHOTS, 'hybrid-01-grid.png') });
    await first.dblclick();
    const preview = page.getByRole('dialog', { name: 'Preview of coffee.png' });
    await preview.waitFor();
    expect(await preview.locator('mark').allTextContents()).toEqual(['FESTIVAL']);
    expect(await preview.locator('.preview-snippet').textContent()).toBe('Morning blend LUNAR FESTIVAL roast');
    await page.screenshot({ path: path.join(SHOTS, 'hybrid-02-preview.png') });
    await page.keyboard.press('Escape');
    await preview.waitFor({ state: 'hidden' });
  });
});
