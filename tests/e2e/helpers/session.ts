/**
 * One e2e suite's world: a temporary folder with the shared photos as a library
 * folder (`references`), a data folder, the local Gemini server and the app
 * under test pointed at them, with the colour model. Each suite starts one in
 * `beforeAll` (most through `indexedSession`) and closes it in `afterAll`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { runCli } from '../../helpers/cli';
import { type FakeGemini, startFakeGemini } from '../../helpers/fakeGemini';
import { COLOR_MODEL } from '../../helpers/paths';
import { INDEXABLE, makeLibrary } from './library';
import { type AppUnderTest, launchApp, type TargetKind } from './target';

export interface E2eSession {
  tmp: string;
  /** The library folder of photos (not yet added to the app). */
  library: string;
  data: string;
  fake: FakeGemini;
  app: AppUnderTest;
  page: Page;
  close(): Promise<void>;
}

/**
 * Starts a session named `name` (the temporary folder's prefix); `prepare` runs
 * once the library is made and before the app starts (more files, a CLI index);
 * `env` adds to the app's environment.
 */
export async function startSession(
  kind: TargetKind,
  shots: string,
  name: string,
  prepare?: (session: Pick<E2eSession, 'tmp' | 'library' | 'data'>) => Promise<void>,
  /** `chosen`: no --model, the app uses the model chosen in the data folder (which `prepare` sets). */
  model: 'color' | 'chosen' = 'color',
  env?: Record<string, string>,
): Promise<E2eSession> {
  fs.mkdirSync(shots, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `atelier-e2e-${name}-`));
  const library = path.join(tmp, 'references');
  const data = path.join(tmp, 'data');
  let fake: FakeGemini | undefined;
  let app: AppUnderTest | undefined;
  const close = async () => {
    await app?.close();
    await fake?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    await makeLibrary(library);
    await prepare?.({ tmp, library, data });
    fake = await startFakeGemini();
    app = await launchApp(kind, {
      data,
      ...(model === 'color' ? { model: COLOR_MODEL } : {}),
      geminiBaseUrl: fake.url,
      ...(env ? { env } : {}),
    });
  } catch (err) {
    await close();
    throw err;
  }
  const page = app.page;
  page.on('pageerror', (err) => console.error('[page]', err.message));
  return { tmp, library, data, fake, app, page, close };
}

/**
 * A session whose library is indexed with the colour model by the CLI before
 * the app starts, with the app's first page open and showing the library;
 * `afterIndex` may change the
 * data folder further (a row the test needs) before the app reads it.
 */
export async function indexedSession(
  kind: TargetKind,
  shots: string,
  name: string,
  afterIndex?: (session: Pick<E2eSession, 'tmp' | 'library' | 'data'>) => void | Promise<void>,
): Promise<E2eSession> {
  const session = await startSession(kind, shots, name, async (made) => {
    const indexed = await runCli(['index', made.library, '--data', made.data, '--model', COLOR_MODEL]);
    if (indexed.code !== 0) throw new Error(`indexing the e2e library failed (${indexed.code}): ${indexed.stderr}`);
    await afterIndex?.(made);
  });
  try {
    await session.app.open();
    // Settled: the library panel counts the indexed images once the app has read the catalog.
    await session.page
      .getByRole('listitem', { name: 'references' })
      .getByText(`${INDEXABLE} images`)
      .waitFor({ timeout: 60_000 });
  } catch (err) {
    await session.close();
    throw err;
  }
  return session;
}
