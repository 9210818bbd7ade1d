/**
 * The real desktop app driven by playwright-core's Electron support: the
 * window, the preload bridge and IPC run as a user gets them. Needs Electron's
 * binary (installed by `npm install` where GitHub is reachable) and, on Linux,
 * a display.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { ROOT } from '../../helpers/paths';

/** Electron's executable as its npm package installed it, or null where the download was skipped. */
export function electronBinary(): string | null {
  const pathFile = path.join(ROOT, 'node_modules', 'electron', 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const binary = path.join(ROOT, 'node_modules', 'electron', 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : null;
}

/** Builds main, preload and renderer into out/, as `npm start` does before opening the app. */
export function buildApp(): void {
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    {
      cwd: ROOT,
      stdio: 'pipe',
    },
  );
}

export interface ElectronOptions {
  binary: string;
  /** Variables the app reads at start (ATELIER_DATA, ATELIER_MODEL…). */
  env: Record<string, string>;
  /** Its own settings folder, so the app's single-instance lock and window state are this run's alone. */
  configHome: string;
  colorScheme: 'light' | 'dark';
}

export async function launchElectron(options: ElectronOptions): Promise<ElectronApplication> {
  // Chromium refuses its sandbox to root (containers, CI): the app's own sandboxing of pages stays on.
  const flags = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  const app = await _electron.launch({
    executablePath: options.binary,
    args: [...flags, ROOT],
    cwd: ROOT,
    env: { ...process.env, ...options.env, XDG_CONFIG_HOME: options.configHome },
    colorScheme: options.colorScheme,
  });
  // The same size as the browser target's viewport, so both take the same screenshots.
  await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.setContentSize(1440, 900));
  return app;
}
