/**
 * The generation studio in the real app (Chromium on `atelier serve`, or the
 * desktop app): the model chosen limits the sizes, aspect ratios and thinking
 * levels offered and the estimate follows them; a template is filled in its
 * form and the local Gemini server gets the filled prompt (a missing value is
 * refused by name first); earlier prompts come back with Up and by search;
 * templates are duplicated in Settings, which sums the cost per month and day.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import type { FakeGemini } from '../helpers/fakeGemini';
import { COLOR_MODEL, ROOT } from '../helpers/paths';
import { type E2eSession, startSession } from './helpers/session';
import { type AppUnderTest, chosenTarget } from './helpers/target';

const target = chosenTarget();
const SHOTS = path.join(ROOT, 'test-results', 'e2e', target.kind);
/** A model change goes through the settings and back; on a loaded machine that takes a moment. */
const WAIT = { timeout: 20_000 };

describe(`Atelier (${target.kind}), the generation studio`, { timeout: 120_000 }, () => {
  let session: E2eSession | undefined;
  let app: AppUnderTest;
  let page: Page;
  let fake: FakeGemini;
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  const options = (label: string) =>
    page
      .getByLabel(label, { exact: true })
      .locator('option')
      .evaluateAll((os) => os.map((o) => o.textContent));
  const cost = () => page.getByText(/^Estimated cost|^No price/).textContent();
  const generate = () => page.getByRole('button', { name: 'Generate', exact: true });
  const prompt = () => page.getByRole('textbox', { name: 'Prompt', exact: true });

  beforeAll(async () => {
    session = await startSession(
      target.kind,
      SHOTS,
      'studio',
      async ({ library, data }) => {
        const indexed = await runCli(['index', library, '--data', data, '--model', COLOR_MODEL]);
        expect(indexed.code, indexed.stderr).toBe(0);
      },
      'color',
      { GEMINI_API_KEY: 'AIzaSy-e2e-studio-key-wxyz' },
    );
    ({ app, page, fake } = session);
    await page.setViewportSize({ width: 1440, height: 1000 });
    await app.open();
  }, 240_000);

  afterAll(() => session?.close());

  it('offers only the sizes, ratios and thinking levels the chosen model takes, and prices them', async () => {
    const model = page.getByLabel('Model', { exact: true });
    await expect.poll(() => options('Model'), WAIT).toContain('Gemini 3.1 Flash Image (Nano Banana 2)');
    // Gemini 2.5 Flash Image, the default: one size, the ten standard ratios, no thinking level.
    expect(await page.getByLabel('Size', { exact: true }).count()).toBe(0);
    expect(await page.getByLabel('Thinking', { exact: true }).count()).toBe(0);
    expect(await options('Aspect ratio')).not.toContain('8:1');
    expect(await cost()).toBe('Estimated cost $0.039 ($0.0195 by batch)');

    await model.selectOption('gemini-3.1-flash-image-preview');
    await expect.poll(() => options('Size'), WAIT).toEqual(['Default (1K)', '512 px', '1K', '2K', '4K']);
    expect(await options('Aspect ratio')).toContain('8:1');
    expect(await options('Thinking')).toEqual(['Default', 'Minimal', 'High']);
    await page.getByLabel('Aspect ratio').selectOption('8:1');
    await page.getByLabel('Size', { exact: true }).selectOption('4K');
    await page.getByLabel('Images', { exact: true }).fill('2');
    await expect.poll(cost, WAIT).toBe('Estimated cost $0.302 ($0.151 by batch)');
    await shot('studio-01-nano-banana-2-options');

    // Pro takes neither 8:1 nor a thinking level: the choice goes back to Auto, and the fields go.
    await model.selectOption('gemini-3-pro-image-preview');
    await expect.poll(() => page.getByLabel('Thinking', { exact: true }).count(), WAIT).toBe(0);
    expect(await options('Aspect ratio')).not.toContain('8:1');
    expect(await page.getByLabel('Aspect ratio').inputValue()).toBe('auto');
    expect(await options('Size')).toEqual(['Default (1K)', '1K', '2K', '4K']);
    await expect.poll(cost, WAIT).toBe('Estimated cost $0.48 ($0.24 by batch)');

    await model.selectOption('gemini-2.5-flash-image');
    await expect.poll(() => page.getByLabel('Size', { exact: true }).count(), WAIT).toBe(0);
    await page.getByLabel('Images', { exact: true }).fill('1');
    await expect.poll(cost, WAIT).toBe('Estimated cost $0.039 ($0.0195 by batch)');
  });

  it('runs a template from its form, refusing a missing value by name, and sends the filled prompt', async () => {
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('red');
    await search.press('Enter');
    const first = page.getByRole('listbox', { name: 'Results' }).getByRole('option').first();
    const picked = (await first.getAttribute('aria-label'))!;
    await first.dragTo(page.getByText(/^Drag results/));
    await page.getByRole('list', { name: 'References', exact: true }).getByRole('listitem', { name: picked }).waitFor();

    await page.getByLabel('Template', { exact: true }).selectOption('product-scene');
    const preview = page.getByLabel('Filled prompt');
    await preview.getByText('Template "product-scene" needs a value for {scene}.').waitFor();
    // Main refuses it too, by name, and nothing reaches the API.
    await generate().click();
    await page.getByRole('status').getByText('Template "product-scene" needs a value for {scene}.').waitFor();
    expect(fake.requests).toHaveLength(0);

    await page.getByLabel('scene', { exact: true }).fill('a rainy street at night');
    // The refusal goes once the form changes.
    await page.getByRole('status').getByText('needs a value for {scene}').waitFor({ state: 'detached' });
    await page.getByLabel('style', { exact: true }).fill('Neon-lit film still');
    const filled =
      'Place the product from image 1 in this scene: a rainy street at night. Keep the product exactly as it is: ' +
      'its shape, proportions, colours, label and text. Match the light, shadows and reflections on it to the ' +
      'scene so it looks photographed there. Neon-lit film still.';
    await expect.poll(() => preview.textContent(), WAIT).toBe(filled);
    await shot('studio-02-template-form');
    await generate().click();
    await page
      .getByRole('list', { name: 'Generation jobs' })
      .getByRole('listitem', { name: /^Done: Place the product from image 1/ })
      .waitFor({ timeout: 60_000 });
    expect(fake.requests).toHaveLength(1);
    const parts = fake.requests[0]!.body.contents[0]!.parts;
    expect(parts).toHaveLength(3);
    expect(parts[0]!.text).toBe('Image 1:');
    expect(parts[1]!.inlineData?.mimeType).toMatch(/^image\//);
    expect(parts[2]!.text).toBe(filled);
  });

  it('recalls earlier prompts with Up in the empty prompt box, and finds them by search', async () => {
    await page.getByLabel('Template', { exact: true }).selectOption('');
    await prompt().fill('a paper crane on a windowsill');
    await generate().click();
    await page
      .getByRole('list', { name: 'Generation jobs' })
      .getByRole('listitem', { name: 'Done: a paper crane on a windowsill' })
      .waitFor({ timeout: 60_000 });

    await prompt().fill('');
    await prompt().press('ArrowUp');
    await expect.poll(() => prompt().inputValue(), WAIT).toBe('a paper crane on a windowsill');
    await prompt().press('ArrowUp');
    await expect
      .poll(() => prompt().inputValue(), WAIT)
      .toMatch(/^Place the product from image 1 in this scene: a rainy/);
    await prompt().press('ArrowDown');
    await expect.poll(() => prompt().inputValue(), WAIT).toBe('a paper crane on a windowsill');
    await prompt().press('ArrowDown');
    await expect.poll(() => prompt().inputValue(), WAIT).toBe('');

    await page.getByRole('button', { name: 'History' }).click();
    const history = page.getByRole('region', { name: 'Prompt history' });
    await history.getByRole('searchbox', { name: 'Search earlier prompts' }).fill('RAINY');
    const found = history.getByRole('list', { name: 'Earlier prompts' }).getByRole('button');
    await expect.poll(() => found.count(), WAIT).toBe(1);
    await shot('studio-03-prompt-history');
    await found.first().click();
    await expect
      .poll(() => prompt().inputValue(), WAIT)
      .toMatch(/^Place the product from image 1 in this scene: a rainy/);
    await history.waitFor({ state: 'hidden' });
  });

  it('duplicates and deletes templates in Settings, and sums the cost per month and day', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    const templates = dialog.getByRole('list', { name: 'Templates' });
    await templates.getByText('figurine', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Duplicate figurine' }).click();
    await templates.getByText('figurine copy', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Edit figurine copy' }).click();
    const editor = dialog.getByRole('form', { name: 'Edit template figurine copy' });
    await editor.getByLabel('Name').fill('outfit');
    await editor.getByRole('button', { name: 'Save template' }).click();
    await dialog.getByRole('alert').getByText('A template named "outfit" exists already').waitFor();
    await editor.getByLabel('Template prompt').fill('A {material} figure of {image 1}');
    await editor.getByLabel('Default for material').fill('bronze');
    await editor.getByLabel('Name').fill('bronze figure');
    await editor.getByRole('button', { name: 'Save template' }).click();
    await templates.getByText('bronze figure', { exact: true }).waitFor();
    // Export gives the list as JSON, in the shape `atelier templates add --file` reads.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Export as JSON' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('atelier-templates.json');
    const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8')) as Array<{ name: string }>;
    expect(exported.map((t) => t.name)).toEqual(['figurine', 'bronze figure', 'outfit', 'product-scene']);
    await dialog.getByRole('button', { name: 'Delete bronze figure' }).click();
    await templates.getByText('bronze figure', { exact: true }).waitFor({ state: 'detached' });

    // Two images by Gemini 2.5 Flash Image at $0.039 each, both today.
    const months = dialog.getByRole('table', { name: 'Month' });
    const today = new Date();
    const month = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}`;
    await months.getByRole('row', { name: `${month} 2 $0.078` }).waitFor();
    const days = dialog.getByRole('table', { name: 'Day' });
    await days.getByRole('row', { name: new RegExp(`^${month}-\\d\\d 2 \\$0\\.078$`) }).waitFor();
    await shot('studio-04-settings');
    await page.keyboard.press('Escape');
  });
});
