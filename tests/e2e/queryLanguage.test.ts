/**
 * The app sends the language it shows in with each search, so that NLLB models read the query as
 * written in it (tests/models/nllbPrefix.test.ts checks what the model makes of it). Checked on
 * Chromium over `atelier serve`, whose calls are HTTP requests the test can read; the desktop app's
 * go over IPC.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths';
import { INDEXABLE } from './helpers/library';
import { type E2eSession, indexedSession } from './helpers/session';
import { chosenTarget } from './helpers/target';

const target = chosenTarget();
const SHOTS = path.join(ROOT, 'test-results', 'e2e', target.kind);

describe.runIf(target.kind === 'chromium')('Atelier (chromium), the query language', { timeout: 120_000 }, () => {
  let session: E2eSession | undefined;
  let page: Page;

  beforeAll(async () => {
    session = await indexedSession(target.kind, SHOTS, 'query-language');
    ({ page } = session);
  }, 240_000);

  afterAll(() => session?.close());

  it("sends the browser's language with a text search, and the search is answered", async () => {
    await page.getByRole('listitem', { name: 'references' }).getByText(`${INDEXABLE} images`).waitFor();
    const shown = await page.evaluate(() => navigator.language);
    expect(shown).toMatch(/^[a-z]{2}/);
    const box = page.getByRole('searchbox', { name: 'Search' });
    await box.fill('red');
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.url().endsWith('/api/search.query')),
      box.press('Enter'),
    ]);
    expect((request.postDataJSON() as { text?: string; language?: string }).language).toBe(shown);
    expect((request.postDataJSON() as { text?: string }).text).toBe('red');
    const response = await request.response();
    expect(response?.status()).toBe(200);
    await page.getByRole('listbox', { name: 'Results' }).getByRole('option').first().waitFor();
  });
});
