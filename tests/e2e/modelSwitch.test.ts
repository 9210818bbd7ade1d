/**
 * Choosing another model in Settings (the desktop app where Electron runs, else
 * Chromium on `atelier serve`): each model's facts are shown, Use starts the
 * re-index with its progress, Pause and Resume hold and restart it, Cancel forgets it, and once it
 * is done the new model is in use and answers searches. The re-index is held at
 * a known point by a lease this test takes on the library folder, as another
 * indexing process would.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/main/core/catalog/catalog';
import { IndexLeases, type LeaseOwner } from '../../src/main/core/catalog/indexLeases';
import { json, runCli } from '../helpers/cli';
import { COLOR_MODEL, ROOT, TINY_MODEL } from '../helpers/paths';
import { type E2eSession, startSession } from './helpers/session';
import { type AppUnderTest, chosenTarget } from './helpers/target';

const target = chosenTarget();
const SHOTS = path.join(ROOT, 'test-results', 'e2e', target.kind);

describe(`Atelier (${target.kind}), switching models`, { timeout: 180_000 }, () => {
  let session: E2eSession | undefined;
  let app: AppUnderTest;
  let page: Page;
  let lib: string;
  let data: string;
  let color: string;

  beforeAll(async () => {
    session = await startSession(
      target.kind,
      SHOTS,
      'models',
      async ({ library, data: dir }) => {
        const cli = (...args: string[]) => runCli([...args, '--data', dir, '--json']);
        const tiny = json<{ model: { id: string } }>(await cli('models', 'import', TINY_MODEL)).model.id;
        color = json<{ model: { id: string } }>(await cli('models', 'import', COLOR_MODEL)).model.id;
        expect((await cli('models', 'use', tiny)).code).toBe(0);
        const indexed = await cli('index', library);
        expect(indexed.code, indexed.stderr).toBe(0);
      },
      'chosen',
    );
    ({ app, page, library: lib, data } = session);
    await app.open();
  }, 300_000);

  afterAll(() => session?.close());

  it('shows each model’s facts, and switches with progress, pause, resume and cancel', async () => {
    const pill = page.getByTitle('The model searches run with, and the languages a query may be written in');
    await pill.filter({ hasText: /tiny-random-[0-9a-f]{8} · English$/ }).waitFor();
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    const list = dialog.getByRole('list', { name: 'Models' });
    const row = (name: string) => list.getByRole('listitem').filter({ hasText: name });
    await row('CLIP ViT-B/32').first().getByText('licence MIT · languages English · recall 59.4%').waitFor();
    await row('SigLIP 2')
      .getByText(/languages English, Chinese, Japanese, Korean, Russian, Spanish/)
      .waitFor();
    await row('tiny-random').getByText('In use', { exact: true }).waitFor();

    const catalog = Catalog.open(path.join(data, 'catalog.db'));
    const leases = new IndexLeases(catalog.db);
    const owner: LeaseOwner = { jobId: 'held-by-test', pid: process.pid, host: os.hostname() };
    const folder = fs.realpathSync(lib);
    expect(leases.claim(owner, [folder]).claimed).toEqual([folder]);
    const beat = setInterval(() => leases.beat(owner), 1000);
    try {
      await dialog.getByRole('button', { name: 'Use color' }).click();
      const progress = row('color').getByRole('group', { name: 'Switch progress' });
      await progress.getByText(/0 of \d+ images re-indexed; searches use the current model/).waitFor();
      await page.screenshot({ path: path.join(SHOTS, 'models-switching.png') });
      await progress.getByRole('button', { name: 'Pause' }).click();
      await progress.getByText(/re-indexed · paused/).waitFor();
      await row('tiny-random').getByText('In use', { exact: true }).waitFor();
      await progress.getByRole('button', { name: 'Resume' }).click();
      await progress.getByRole('button', { name: 'Pause' }).waitFor();
      // Cancelled, the switch is forgotten and the old model stays; chosen again, it starts anew.
      await progress.getByRole('button', { name: 'Cancel switch' }).click();
      await progress.waitFor({ state: 'detached' });
      await row('tiny-random').getByText('In use', { exact: true }).waitFor();
      expect(json<{ pendingModel?: string }>(await runCli(['status', '--data', data, '--json'])).pendingModel).toBe(
        undefined,
      );
      await dialog.getByRole('button', { name: 'Use color' }).click();
      await progress.getByText(/images re-indexed; searches use the current model/).waitFor();
    } finally {
      clearInterval(beat);
      leases.release(owner);
      catalog.close();
    }
    await row('color').getByText('In use', { exact: true }).waitFor();
    await dialog.getByText(color, { exact: true }).waitFor();
    const status = json<{ model: string; pendingModel?: string }>(await runCli(['status', '--data', data, '--json']));
    expect(status.model).toBe(color);
    expect(status.pendingModel).toBeUndefined();
  });
});
