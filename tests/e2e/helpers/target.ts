/**
 * What the e2e suite drives, behind one interface so both share every test:
 *
 * - `electron`: the real desktop app (window, preload, IPC), where Electron's
 *   binary is installed and, on Linux, there is a display;
 * - `chromium`: Debian's Chromium on `atelier serve`, everywhere else.
 *
 * ATELIER_E2E_TARGET=electron|chromium overrides the choice.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { serve } from '../../helpers/serve';
import { setupError } from '../../helpers/setupError';
import { CHROMIUM, chromiumAvailable, launchChromium } from './chromium';
import { buildApp, electronBinary, launchElectron } from './electron';

export type TargetKind = 'electron' | 'chromium';

export interface AppUnderTest {
  kind: TargetKind;
  page: Page;
  /** Whether the desktop-only actions (Open, Show in folder) are offered. */
  desktop: boolean;
  /** Opens the app's first page: a browser goes to the address `serve` printed; the window is open already. */
  open(): Promise<void>;
  /** What the app left on the clipboard. */
  clipboardText(): Promise<string>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  data: string;
  /** A model folder for this run; omitted, the model chosen in the data folder (`atelier models use`). */
  model?: string;
  geminiBaseUrl: string;
  /** More environment for the app (GEMINI_API_KEY…). */
  env?: Record<string, string>;
}

/** Which target runs here, and why. */
export function chosenTarget(env: NodeJS.ProcessEnv = process.env): { kind: TargetKind; why: string } {
  const forced = env.ATELIER_E2E_TARGET;
  if (forced === 'electron' || forced === 'chromium') return { kind: forced, why: 'ATELIER_E2E_TARGET' };
  const binary = electronBinary();
  if (!binary) {
    return { kind: 'chromium', why: "Electron's binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD)" };
  }
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { kind: 'chromium', why: 'no display for Electron (DISPLAY is not set; xvfb-run gives one)' };
  }
  return { kind: 'electron', why: `Electron at ${binary}` };
}

export async function launchApp(kind: TargetKind, options: LaunchOptions): Promise<AppUnderTest> {
  return kind === 'electron' ? launchDesktop(options) : launchBrowser(options);
}

async function launchDesktop(options: LaunchOptions): Promise<AppUnderTest> {
  const binary = electronBinary();
  if (!binary)
    throw setupError("Electron's binary is not installed: npm install (without ELECTRON_SKIP_BINARY_DOWNLOAD)");
  buildApp();
  const configHome = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-e2e-config-'));
  const app = await launchElectron({
    binary,
    configHome,
    colorScheme: 'light',
    env: {
      ATELIER_DATA: options.data,
      ATELIER_MODEL: options.model ?? '',
      ATELIER_PROVIDER: 'cpu',
      ATELIER_GEMINI_BASE_URL: options.geminiBaseUrl,
      ...options.env,
    },
  });
  const page = await app.firstWindow();
  return {
    kind: 'electron',
    page,
    desktop: true,
    open: () => page.waitForLoadState('domcontentloaded'),
    clipboardText: () => app.evaluate(({ clipboard }) => clipboard.readText()),
    async close() {
      await app.close();
      fs.rmSync(configHome, { recursive: true, force: true });
    },
  };
}

async function launchBrowser(options: LaunchOptions): Promise<AppUnderTest> {
  if (!chromiumAvailable()) {
    throw setupError(
      `No Chromium at ${CHROMIUM}: apt-get install chromium (or set ATELIER_CHROMIUM to a Chromium executable)`,
    );
  }
  // The first serve after a change to the renderer's sources builds it (about 10 s, more on a busy machine).
  const server = await serve(
    [
      '--data',
      options.data,
      ...(options.model ? ['--model', options.model] : []),
      '--gemini-base-url',
      options.geminiBaseUrl,
    ],
    200_000,
    options.env,
  );
  const browser = await launchChromium().catch(async (err: unknown) => {
    await server.stop();
    throw err;
  });
  const page = await browser.context.newPage();
  return {
    kind: 'chromium',
    page,
    desktop: false,
    open: async () => {
      await page.goto(server.url);
    },
    clipboardText: () => page.evaluate(() => navigator.clipboard.readText()),
    async close() {
      await browser.close();
      await server.stop();
    },
  };
}
