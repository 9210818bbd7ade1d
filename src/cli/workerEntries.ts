/**
 * The entries of the command's worker threads. Run from the sources they are
 * the TypeScript files (through tsx); in the bundle bin/atelier.js makes,
 * each is a file of its own beside the bundle's chunks (bin/cliBundle.js names them).
 */
const SOURCES = {
  encoderThread: '../main/core/clip/encoderThread.ts',
  ocrThread: '../main/core/ocr/ocrThread.ts',
  scanThread: '../main/core/indexer/scanThread.ts',
} as const;

export function workerEntry(name: keyof typeof SOURCES): URL {
  const bundled = !import.meta.url.endsWith('.ts');
  return new URL(bundled ? `./${name}.js` : SOURCES[name], import.meta.url);
}
