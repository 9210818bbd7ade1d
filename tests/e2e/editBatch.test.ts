/**
 * Editing in conversation and batches in the real app (the desktop app where
 * Electron can run, else Chromium on `atelier serve`), against the local
 * server speaking Gemini's REST protocol: a generated image is edited twice
 * and then branched from its first edit, every output is found by search and
 * shows its lineage; a batch is submitted, shows "Submitted to batch", and is
 * collected once the server says it is done.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeGemini } from '../helpers/fakeGemini';
import { ROOT } from '../helpers/paths';
import { type E2eSession, startSession } from './helpers/session';
import { type AppUnderTest, chosenTarget } from './helpers/target';

const target = chosenTarget();
const SHOTS = path.join(ROOT, 'test-results', 'e2e', target.kind);

describe(`Atelier (${target.kind}), editing in conversation and batches`, { timeout: 180_000 }, () => {
  let session: E2eSession | undefined;
  let app: AppUnderTest;
  let page: Page;
  let fake: FakeGemini;
  const prompt = () => page.getByRole('textbox', { name: 'Prompt' });
  const generate = () => page.getByRole('button', { name: 'Generate', exact: true });
  const jobs = () => page.getByRole('list', { name: 'Generation jobs' });
  const job = (state: string, text: string) => jobs().getByRole('listitem', { name: `${state}: ${text}` });
  const preview = () => page.getByRole('dialog', { name: /^Preview of / });
  const made = () => preview().getByRole('region', { name: 'How this image was made' });

  /** Opens the preview of a finished job's image, clicks Edit and generates with the instruction. */
  async function editFrom(text: string, instruction: string) {
    await job('Done', text)
      .getByRole('button', { name: /^Preview / })
      .click();
    await made().getByRole('button', { name: 'Edit' }).click();
    await preview().waitFor({ state: 'hidden' });
    await page.getByRole('status', { name: 'Editing' }).waitFor();
    await prompt().fill(instruction);
    await generate().click();
    await job('Done', instruction).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Stop editing' }).click();
  }

  /** Searches for a word of a prompt, opens the first result (the image of `slug`) and reads its lineage. */
  async function lineageOf(words: string, slug: string): Promise<string[]> {
    const box = page.getByRole('searchbox', { name: 'Search' });
    await box.fill(words);
    await box.press('Enter');
    const first = page.getByRole('listbox', { name: 'Results' }).getByRole('option').first();
    // Output files are named after their prompt: wait for this search's results, not the last one's.
    await expect.poll(() => first.getAttribute('aria-label'), { timeout: 30_000 }).toContain(slug);
    await first.dblclick();
    const strip = made().getByRole('list', { name: 'Lineage' });
    await strip.waitFor();
    const labels = await strip.getByRole('img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('alt') ?? ''));
    await page.keyboard.press('Escape');
    await preview().waitFor({ state: 'hidden' });
    return labels;
  }

  beforeAll(async () => {
    session = await startSession(target.kind, SHOTS, 'edit-batch', undefined, 'color', {
      GEMINI_API_KEY: 'e2e-edit-key',
      ATELIER_GEMINI_BATCH_POLL: '1',
    });
    ({ app, page, fake } = session);
    await page.setViewportSize({ width: 1440, height: 900 });
    await app.open();
  }, 240_000);

  afterAll(() => session?.close());

  it('edits twice from a generated image, branches from the first turn, and finds every output with its lineage', async () => {
    await prompt().fill('a paper crane');
    await generate().click();
    await job('Done', 'a paper crane').waitFor({ timeout: 60_000 });

    await editFrom('a paper crane', 'fold the wings higher');
    await editFrom('fold the wings higher', 'now make it gold');
    await editFrom('a paper crane', 'put it on a windowsill');
    expect(fake.refusals).toEqual([]);
    expect(fake.requests.map((r) => r.body.contents.length)).toEqual([1, 3, 5, 3]);
    await page.screenshot({ path: path.join(SHOTS, 'edit-01-jobs.png') });

    expect(await lineageOf('wings', 'fold-the-wings-higher')).toEqual([
      'Turn 1: a paper crane',
      'Turn 2: fold the wings higher',
    ]);
    expect(await lineageOf('gold', 'now-make-it-gold')).toEqual([
      'Turn 1: a paper crane',
      'Turn 2: fold the wings higher',
      'Turn 3: now make it gold',
    ]);
    expect(await lineageOf('windowsill', 'put-it-on-a-windowsill')).toEqual([
      'Turn 1: a paper crane',
      'Turn 2: put it on a windowsill',
    ]);
  });

  it('submits a batch, shows it submitted, and collects its image once the batch is done', async () => {
    await prompt().fill('forty scarves in a row');
    await page.getByRole('checkbox', { name: 'Batch (half price, slower)' }).check();
    await generate().click();
    const submitted = job('Submitted to batch', 'forty scarves in a row');
    await submitted.waitFor({ timeout: 60_000 });
    await submitted.getByText(/Submitted to batch \(pending\)/).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'edit-02-batch-submitted.png') });
    expect(fake.batches.size).toBe(1);
    const batch = [...fake.batches.values()][0]!;
    expect(batch.requests[0]!.body.contents[0]!.parts.at(-1)?.text).toBe('forty scarves in a row');

    await fake.moveBatch(batch.name, 'running');
    await submitted.getByText(/Submitted to batch \(running\)/).waitFor({ timeout: 30_000 });
    await fake.moveBatch(batch.name, 'succeeded');
    const collected = job('Done', 'forty scarves in a row');
    await collected.waitFor({ timeout: 30_000 });
    expect(await collected.getByRole('button', { name: /^Preview / }).count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, 'edit-03-batch-collected.png') });
  });
});
