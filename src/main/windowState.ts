/**
 * The main window opens where and as large as the user left it. Kept in
 * `window-state.json` in the data folder; a place no longer on any screen (a
 * monitor unplugged) is dropped, so the window never opens out of reach.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserWindow, Rectangle } from 'electron';

/** The part of a BrowserWindow whose place is kept. */
export type KeptWindow = Pick<BrowserWindow, 'isDestroyed' | 'getNormalBounds' | 'isMaximized'> & {
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
};

export interface WindowState {
  bounds?: Rectangle;
  maximized: boolean;
}

const FILE = 'window-state.json';
const SAVE_DELAY_MS = 500;

function isRectangle(value: unknown): value is Rectangle {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return ['x', 'y', 'width', 'height'].every((k) => Number.isFinite(r[k]));
}

/** Whether enough of the window (its top 100 × 40 px, where it is dragged) is on some screen's work area. */
function reachable(bounds: Rectangle, workAreas: readonly Rectangle[]): boolean {
  return workAreas.some((a) => {
    const w = Math.min(bounds.x + Math.min(bounds.width, 100), a.x + a.width) - Math.max(bounds.x, a.x);
    const h = Math.min(bounds.y + 40, a.y + a.height) - Math.max(bounds.y, a.y);
    return w >= 40 && h >= 20;
  });
}

/** The place kept in `dir`; `workAreas` are the screens' work areas now (Electron's `screen.getAllDisplays()`). */
export function loadWindowState(dir: string, workAreas: readonly Rectangle[]): WindowState {
  try {
    const raw = JSON.parse(fs.readFileSync(path.join(dir, FILE), 'utf8')) as Record<string, unknown>;
    const bounds = isRectangle(raw.bounds) && reachable(raw.bounds, workAreas) ? raw.bounds : undefined;
    return { bounds, maximized: raw.maximized === true };
  } catch {
    // No file yet, or an unreadable one: the default size, centred.
    return { maximized: false };
  }
}

/** Saves the window's place as it moves and resizes, and once more as it closes. */
export function keepWindowState(window: KeptWindow, dir: string): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    clearTimeout(timer);
    if (window.isDestroyed()) return;
    // The normal bounds, so a maximised window comes back maximised over its old place.
    const state: WindowState = { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, FILE), JSON.stringify(state));
    } catch (err) {
      console.warn('[window] could not save its place:', err);
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  };
  window.on('resize', later);
  window.on('move', later);
  window.on('maximize', later);
  window.on('unmaximize', later);
  window.on('close', save);
}
