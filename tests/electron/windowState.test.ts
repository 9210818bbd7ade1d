/**
 * The main window's kept place: saved as it moves and as it closes, restored
 * while enough of it is on some screen, dropped when it would open out of reach,
 * and ignored when the file is damaged.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Rectangle } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keepWindowState, type KeptWindow, loadWindowState } from '../../src/main/windowState';

const LAPTOP: Rectangle = { x: 0, y: 0, width: 1920, height: 1040 };
const RIGHT_MONITOR: Rectangle = { x: 1920, y: 0, width: 2560, height: 1400 };

/** A window whose place the test sets, emitting the events a BrowserWindow emits. */
class TestWindow extends EventEmitter implements KeptWindow {
  bounds: Rectangle = { x: 100, y: 80, width: 1200, height: 800 };
  maximized = false;
  destroyed = false;
  isDestroyed = (): boolean => this.destroyed;
  getNormalBounds = (): Rectangle => this.bounds;
  isMaximized = (): boolean => this.maximized;
}

describe('window state', () => {
  let dir: string;
  const stateFile = (): string => path.join(dir, 'window-state.json');
  const write = (state: unknown): void => fs.writeFileSync(stateFile(), JSON.stringify(state));

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-window-'));
  });
  afterEach(() => {
    vi.useRealTimers();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('restores the place and the maximised state saved as the window closed', () => {
    const window = new TestWindow();
    keepWindowState(window, dir);
    window.bounds = { x: 300, y: 200, width: 1000, height: 700 };
    window.maximized = true;
    window.emit('close');
    expect(loadWindowState(dir, [LAPTOP])).toEqual({
      bounds: { x: 300, y: 200, width: 1000, height: 700 },
      maximized: true,
    });
  });

  it('saves a move or resize once it has settled', () => {
    vi.useFakeTimers();
    const window = new TestWindow();
    keepWindowState(window, dir);
    window.bounds = { x: 10, y: 10, width: 900, height: 600 };
    window.emit('move');
    window.emit('resize');
    expect(fs.existsSync(stateFile())).toBe(false);
    vi.runAllTimers();
    expect(loadWindowState(dir, [LAPTOP]).bounds).toEqual({ x: 10, y: 10, width: 900, height: 600 });
  });

  it('writes nothing for a window already destroyed', () => {
    const window = new TestWindow();
    keepWindowState(window, dir);
    window.destroyed = true;
    window.emit('close');
    expect(fs.existsSync(stateFile())).toBe(false);
  });

  it('restores a place on a second screen while that screen is there', () => {
    write({ bounds: { x: 2400, y: 300, width: 1200, height: 800 }, maximized: false });
    expect(loadWindowState(dir, [LAPTOP, RIGHT_MONITOR]).bounds).toEqual({ x: 2400, y: 300, width: 1200, height: 800 });
  });

  it('drops a place no screen shows any more, keeping the maximised state', () => {
    write({ bounds: { x: 2400, y: 300, width: 1200, height: 800 }, maximized: true });
    expect(loadWindowState(dir, [LAPTOP])).toEqual({ bounds: undefined, maximized: true });
  });

  it('drops a place whose title bar is off the screen, though the rest is on it', () => {
    write({ bounds: { x: 100, y: -200, width: 1200, height: 800 }, maximized: false });
    expect(loadWindowState(dir, [LAPTOP]).bounds).toBeUndefined();
    write({ bounds: { x: -1180, y: 100, width: 1200, height: 800 }, maximized: false });
    expect(loadWindowState(dir, [LAPTOP]).bounds).toBeUndefined();
  });

  it('keeps a place partly off the screen while enough of its top-left corner, where it is dragged, is on it', () => {
    write({ bounds: { x: -60, y: 1000, width: 1200, height: 800 }, maximized: false });
    expect(loadWindowState(dir, [LAPTOP]).bounds).toEqual({ x: -60, y: 1000, width: 1200, height: 800 });
    write({ bounds: { x: -61, y: 1000, width: 1200, height: 800 }, maximized: false });
    expect(loadWindowState(dir, [LAPTOP]).bounds).toBeUndefined();
    write({ bounds: { x: -60, y: 1021, width: 1200, height: 800 }, maximized: false });
    expect(loadWindowState(dir, [LAPTOP]).bounds).toBeUndefined();
  });

  it('opens at the default place when the file is missing, damaged or not a place', () => {
    expect(loadWindowState(dir, [LAPTOP])).toEqual({ maximized: false });
    fs.writeFileSync(stateFile(), '{"bounds": {"x": 1');
    expect(loadWindowState(dir, [LAPTOP])).toEqual({ maximized: false });
    write({ bounds: { x: 10, y: 10, width: 'wide', height: 600 }, maximized: 'yes' });
    expect(loadWindowState(dir, [LAPTOP])).toEqual({ bounds: undefined, maximized: false });
    write(null);
    expect(loadWindowState(dir, [LAPTOP])).toEqual({ maximized: false });
  });
});
