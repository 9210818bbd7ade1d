/**
 * Where the built pieces live. Everything is resolved from the app's root
 * (`app.getAppPath()`: the project in development, app.asar when packaged), not
 * from `import.meta.url`, so the answer does not depend on how the bundler
 * splits main into chunks.
 */
import path from 'node:path';

export interface AppPaths {
  /** The sandboxed preload, built as CommonJS. */
  preload: string;
  /** The built renderer page. */
  indexHtml: string;
  /** The encoder's utilityProcess entry. */
  encoderEntry: string;
  /** The OCR worker thread's entry. */
  ocrEntry: string;
  /** The scan worker thread's entry. */
  scanEntry: string;
  /** CLIP vocabulary, model manifest, icons. */
  resourcesDir: string;
}

export function appPaths(options: { appPath: string; isPackaged: boolean; resourcesPath: string }): AppPaths {
  const out = path.join(options.appPath, 'out');
  return {
    preload: path.join(out, 'preload', 'index.cjs'),
    indexHtml: path.join(out, 'renderer', 'index.html'),
    encoderEntry: path.join(out, 'main', 'encoderUtility.js'),
    ocrEntry: path.join(out, 'main', 'ocrThread.js'),
    scanEntry: path.join(out, 'main', 'scanThread.js'),
    resourcesDir: options.isPackaged
      ? path.join(options.resourcesPath, 'resources')
      : path.join(options.appPath, 'resources'),
  };
}
