/**
 * Electron's entry: the glue around the core. It builds the config from
 * Electron's paths, creates the Atelier, registers IPC and opens the window.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, session, shell } from 'electron';
import { electronConfig } from './appConfig';
import { type Atelier, createAtelier } from './core/app';
import { nodeWorkerSpawner } from './core/workers/nodeWorker';
import { desktopShell } from './desktopShell';
import { utilityProcessSpawner } from './encoderProcess';
import { folderPicker } from './folderPicker';
import { registerIpc } from './ipc';
import { appPaths } from './paths';
import { isAppUrl, resolveRendererSource } from './rendererSource';
import { safeStorageCipher } from './secretCipher';
import { hardenWebContents, secureSession } from './security';
import { handleThumbnails, registerThumbnailScheme } from './thumbnailProtocol';
import { createMainWindow } from './window';

// The same folder the CLI uses by default (core/config.ts defaultDataDir), so both open one library.
app.setPath('userData', path.join(app.getPath('appData'), 'Atelier'));
registerThumbnailScheme();

const paths = appPaths({ appPath: app.getAppPath(), isPackaged: app.isPackaged, resourcesPath: process.resourcesPath });
const source = resolveRendererSource({
  isPackaged: app.isPackaged,
  devServerUrl: process.env.ELECTRON_RENDERER_URL,
  indexHtml: paths.indexHtml,
});
const isOwnPage = (url: string): boolean => isAppUrl(source, url);

let atelier: Atelier | null = null;
let mainWindow: BrowserWindow | null = null;
let unregisterIpc: () => void = () => undefined;
let shutdown: Promise<void> | null = null;
let closed = false;

function openMainWindow(): void {
  const window = createMainWindow({ preload: paths.preload, source, stateDir: app.getPath('userData') });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  mainWindow = window;
}

function start(): void {
  secureSession(session.defaultSession, isOwnPage);
  atelier = createAtelier(
    electronConfig({
      userData: app.getPath('userData'),
      resourcesDir: paths.resourcesDir,
      env: process.env,
      spawnEncoder: utilityProcessSpawner(paths.encoderEntry),
      // A worker thread of main: ONNX Runtime runs off main's event loop, at background priority.
      spawnOcr: nodeWorkerSpawner(pathToFileURL(paths.ocrEntry)),
      spawnScanner: nodeWorkerSpawner(pathToFileURL(paths.scanEntry)),
    }),
    {
      pickFolder: folderPicker(() => mainWindow),
      secrets: safeStorageCipher(),
      shell: desktopShell(() => mainWindow?.webContents ?? null),
      trash: (file) => shell.trashItem(file),
    },
  );
  // Generation jobs left waiting by the last run (offline, closed, crashed) go on now.
  atelier.generationQueue.kick();
  // Other workstations search a shared store: send what each indexing job adds right away.
  atelier.storeService.keepInStep();
  const unhandleThumbnails = handleThumbnails(atelier.thumbnails);
  const unregisterContract = registerIpc({
    ipcMain,
    atelier,
    isAppUrl: isOwnPage,
    eventTarget: () => mainWindow?.webContents ?? null,
  });
  unregisterIpc = () => {
    unregisterContract();
    unhandleThumbnails();
  };
  openMainWindow();
  atelier.resumeWatching().catch((err: unknown) => console.error('[main] could not resume watching folders:', err));
  // Indexing jobs the last run left unfinished (a crash, a kill) go on, shown in the progress strip.
  atelier.resumeIndexing().catch((err: unknown) => console.error('[main] could not resume indexing:', err));
}

async function closeAtelier(running: Atelier): Promise<void> {
  try {
    unregisterIpc();
    await running.close();
  } catch (err) {
    console.error('[main] closing Atelier failed:', err);
  } finally {
    closed = true;
    app.quit();
  }
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('activate', () => {
    if (atelier && BrowserWindow.getAllWindows().length === 0) openMainWindow();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Quitting waits for the Atelier to close (jobs stopped, catalog closed, encoder ended).
  app.on('before-quit', (event) => {
    if (closed || !atelier) return;
    event.preventDefault();
    shutdown ??= closeAtelier(atelier);
  });

  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      console.error('[main] Atelier could not start:', err);
      dialog.showErrorBox('Atelier could not start', err instanceof Error ? err.message : String(err));
      app.exit(1);
    });
}
