/**
 * Where the ffmpeg program is: the per-platform binary that the
 * `@ffmpeg-installer/ffmpeg` package ships through npm, so that neither the app
 * nor the CLI needs a system ffmpeg. A packaged app finds it beside app.asar
 * (electron-builder unpacks it), since the OS cannot run a program inside an archive.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The bundled ffmpeg's path, or null on a platform the package has no binary for. */
export function bundledFfmpeg(): string | null {
  try {
    const found = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
    return found.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
  } catch {
    return null;
  }
}
