/**
 * Which image paths an untrusted caller (the renderer, a browser over `serve`)
 * may hand the core to read: files inside indexed folders, images it uploaded
 * (`<dataDir>/queries/`) and generated images (`<dataDir>/generated/`).
 */
import type { Catalog } from '../catalog/catalog';
import { checkReadable, readableRoots } from '../thumbnails/readableFiles';

export class ImageAccessError extends Error {}

export async function checkAllowedImage(file: string, dataDir: string, catalog: Catalog): Promise<string> {
  const access = await checkReadable(
    file,
    readableRoots(
      dataDir,
      catalog.roots().map((r) => r.path),
    ),
  );
  if (!access.ok) {
    throw new ImageAccessError(
      access.status === 404
        ? `Image not found: ${file}`
        : `${file} is outside the library: add its folder to the library first.`,
    );
  }
  return access.realPath;
}
