/**
 * Generation as a new user meets it, in the real app (the desktop app where
 * Electron can run, else Chromium on `atelier serve`) with GEMINI_API_KEY set:
 * the panel says where the key comes from and Generate and Ctrl+Enter agree;
 * a job's images open their preview (with how they were made) by click and by
 * keyboard; the gallery lists every generated image, newest first, filterable;
 * and a Gemini endpoint that refuses connections is named unreachable, with
 * "Retry now"; and a failed switch to Milvus leaves no error behind once
 * Embedded is chosen again.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGemini, startFakeGemini } from '../helpers/fakeGemini';
import { ROOT } from '../helpers/paths';
import { freePort } from '../helpers/ports';
import { type E2eSession, startSession } from './helpers/session';
import { type AppUnderTest, chosenTarget } from './helpers/target';

const target = chosenTarget();
const SHOTS = path.join(ROOT, 'test-results', 'e2e', target.kind);
const ENV_KEY = 'AIzaSy-e2e-environment-key-wxyz';

describe(`Atelier (${target.kind}), generating`, { timeout: 120_000 }, () => {
  let session: E2eSession | undefined;
  let app: AppUnderTest;
  let page: Page;
  let fake: FakeGemini;
  let restarted: FakeGemini | undefined;
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  const prompt = () => page.getByRole('textbox', { name: 'Prompt' });
  const generate = () => page.getByRole('button', { name: 'Generate', exact: true });
  const jobs = () => page.getByRole('list', { name: 'Generation jobs' });
  const done = (text: string) => jobs().getByRole('listitem', { name: `Done: ${text}` });

  beforeAll(async () => {
    session = await startSession(target.kind, SHOTS, 'generation', undefined, 'color', { GEMINI_API_KEY: ENV_KEY });
    ({ app, page, fake } = session);
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 240_000);

  afterAll(async () => {
    await session?.close();
    await restarted?.close();
  });

  it('says the key comes from GEMINI_API_KEY, and the Generate button and Ctrl+Enter agree', async () => {
    await app.open();
    await page.getByText('Using the key from GEMINI_API_KEY.').waitFor();
    // No prompt: neither the button nor the shortcut generates.
    expect(await generate().isDisabled()).toBe(true);
    await prompt().press('Control+Enter');
    await page.getByText('Describe the image to make.').waitFor();
    expect(fake.requests).toHaveLength(0);

    await prompt().fill('a red paper lantern');
    expect(await generate().isDisabled()).toBe(false);
    await prompt().press('Control+Enter');
    await done('a red paper lantern').waitFor({ timeout: 60_000 });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.apiKey).toBe(ENV_KEY);
    await shot('generation-01-environment-key');
  });

  it('opens a generated image’s preview, with how it was made, by click and from the keyboard', async () => {
    const output = done('a red paper lantern').getByRole('button', { name: /^Preview / });
    const name = ((await output.getAttribute('aria-label')) ?? '').replace(/^Preview /, '');
    await output.click();
    const preview = page.getByRole('dialog', { name: `Preview of ${name}` });
    await preview.waitFor();
    await preview.getByRole('region', { name: 'How this image was made' }).getByText('a red paper lantern').waitFor();
    await shot('generation-02-output-preview');
    await page.keyboard.press('Escape');
    await preview.waitFor({ state: 'hidden' });

    // Tab from the prompt reaches the image, and Enter opens it.
    await prompt().focus();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    for (let i = 0; i < 30 && (await focused()) !== `Preview ${name}`; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe(`Preview ${name}`);
    await page.keyboard.press('Enter');
    await preview.waitFor();
    await page.keyboard.press('Escape');
    await preview.waitFor({ state: 'hidden' });
  });

  it('lists every generated image in the gallery, newest first, filters it, and opens one with how it was made', async () => {
    await prompt().fill('a blue owl on a branch');
    await generate().click();
    await done('a blue owl on a branch').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Gallery' }).click();
    const gallery = page.getByRole('dialog', { name: 'Generated images' });
    const items = gallery.getByRole('list', { name: 'Gallery' }).getByRole('listitem');
    await expect.poll(() => items.count()).toBe(2);
    expect(await items.nth(0).textContent()).toContain('a blue owl on a branch');
    expect(await items.nth(0).textContent()).toContain('gemini-2.5-flash-image');
    expect(await items.nth(1).textContent()).toContain('a red paper lantern');
    await gallery.getByRole('status').getByText('2 images').waitFor();
    await shot('generation-03-gallery');

    await gallery.getByRole('searchbox', { name: 'Filter by prompt or model' }).fill('LANTERN');
    await expect.poll(() => items.count()).toBe(1);
    expect(await items.first().textContent()).toContain('a red paper lantern');
    await gallery.getByRole('searchbox', { name: 'Filter by prompt or model' }).fill('dragon');
    await gallery.getByText('No generated image matches the filter.').waitFor();
    await gallery.getByRole('searchbox', { name: 'Filter by prompt or model' }).fill('');
    await expect.poll(() => items.count()).toBe(2);

    await items.nth(1).getByRole('button').click();
    const preview = page.getByRole('dialog', { name: /^Preview of .*a-red-paper-lantern/ });
    await preview.waitFor();
    await preview.getByRole('region', { name: 'How this image was made' }).getByText('a red paper lantern').waitFor();
    // Previous goes to the newer image, as the gallery orders them.
    await preview.getByRole('button', { name: 'Previous image' }).click();
    await page.getByRole('dialog', { name: /^Preview of .*a-blue-owl-on-a-branch/ }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: /^Preview of / }).waitFor({ state: 'hidden' });
    await gallery.getByRole('button', { name: 'Close gallery' }).click();
    await gallery.waitFor({ state: 'hidden' });

    // "More like this" from the gallery's preview makes way for the search it starts.
    await page.getByRole('button', { name: 'Gallery' }).click();
    await items.first().getByRole('button').click();
    const owl = page.getByRole('dialog', { name: /^Preview of .*a-blue-owl-on-a-branch/ });
    const owlName = ((await owl.getAttribute('aria-label')) ?? '').replace(/^Preview of /, '');
    await owl.getByRole('button', { name: 'More like this' }).click();
    await page.getByRole('button', { name: `Stop searching by ${owlName}` }).waitFor();
    await gallery.waitFor({ state: 'hidden' });
    await owl.waitFor({ state: 'hidden' });
  });

  it('says the Gemini service is unreachable when it refuses connections, and offers Retry now', async () => {
    const port = Number(new URL(fake.url).port);
    await fake.close();
    await prompt().fill('a green glass bottle');
    await generate().click();
    const job = jobs().getByRole('listitem', { name: /: a green glass bottle$/ });
    await job.getByText(`The Gemini service at 127.0.0.1:${port} is unreachable`).waitFor({ timeout: 30_000 });
    expect(await job.textContent()).not.toContain('Waiting for the network');
    await shot('generation-04-unreachable');
    restarted = await startFakeGemini(port);
    await job.getByRole('button', { name: 'Retry now' }).click();
    await done('a green glass bottle').waitFor({ timeout: 60_000 });
    expect(restarted.requests.length).toBeGreaterThan(0);
  });

  it('clears a failed switch to Milvus from the settings once Embedded is chosen again', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('radio', { name: /^Milvus/ }).check();
    await settings.getByLabel('Milvus URI').fill(closed);
    await settings.getByRole('button', { name: 'Switch' }).click();
    const failed = settings.getByRole('alert').filter({ hasText: '127.0.0.1' });
    await failed.waitFor({ timeout: 60_000 });
    await settings.getByRole('radio', { name: /^Embedded/ }).check();
    await failed.waitFor({ state: 'hidden' });
    expect(await settings.getByRole('alert').count()).toBe(0);
    await page.keyboard.press('Escape');
  });
});
