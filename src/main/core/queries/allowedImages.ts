/**
 * Which image paths an untrusted caller (the renderer, a browser over `serve`)
 * may hand the core to read: files inside indexed folders, images it uploaded
 * (`<dataDir>/queries/`) and generated images (`<dataDir>/generated/`).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../catalog/catalog';
import { defaultOutputDir } from '../generate/outputFiles';
import { checkReadable } from '../thumbnails/readableFiles';

export class ImageAccessError extends Error {}

/** Roots are compared as real paths, as the files are (a data folder may sit behind a link). */
function real(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return dir;
  }
}

export async function checkAllowedImage(file: string, dataDir: string, catalog: Catalog): Promise<string> {
  const own = [path.join(dataDir, 'queries'), defaultOutputDir(dataDir)].map(real);
  const roots = [...catalog.roots().map((r) => r.path), ...own];
  const access = await checkReadable(file, roots);
  if (!access.ok) {
    throw new ImageAccessError(
      access.status === 404
        ? `Image not found: ${file}`
        : `${file} is outside the library: add its folder to the library first.`,
    );
  }
  return access.realPath;
}
