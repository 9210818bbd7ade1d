/** The main window: sandboxed, isolated, and showing only the app's own page. */
import { BrowserWindow, nativeTheme, screen } from 'electron';
import type { RendererSource } from './rendererSource';
import { keepWindowState, loadWindowState } from './windowState';

export function createMainWindow(options: {
  preload: string;
  source: RendererSource;
  /** Where the window's size and place are kept between runs. */
  stateDir: string;
}): BrowserWindow {
  const state = loadWindowState(
    options.stateDir,
    screen.getAllDisplays().map((display) => display.workArea),
  );
  const window = new BrowserWindow({
    title: 'Atelier',
    width: 1280,
    height: 820,
    ...state.bounds,
    minWidth: 720,
    minHeight: 480,
    show: false,
    // Matches the page background so the window does not flash white in dark mode.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#17171a' : '#fafaf9',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    },
  });
  keepWindowState(window, options.stateDir);
  window.once('ready-to-show', () => {
    if (state.maximized) window.maximize();
    window.show();
  });
  const loading =
    options.source.kind === 'devServer' ? window.loadURL(options.source.url) : window.loadFile(options.source.path);
  loading.catch((err: unknown) => console.error('[window] could not load the renderer:', err));
  return window;
}
