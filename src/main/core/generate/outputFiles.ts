/**
 * Where generated images are saved and under what name: the data folder's
 * `generated` folder (indexed like any library folder), or one the user names,
 * as `<date>_<time>_<prompt words>_<n>.<ext>`, readable in a file manager and
 * never overwriting a file.
 */
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

export function defaultOutputDir(dataDir: string): string {
  return path.join(dataDir, 'generated');
}

const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

/** The prompt's first words, safe in a file name on every OS. */
export function promptSlug(prompt: string, max = 48): string {
  const slug = prompt
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  const cut = slug.length > max ? slug.slice(0, max).replace(/-[^-]*$/, '') : slug;
  return cut || 'image';
}

function stamp(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())}_${p(at.getHours())}${p(at.getMinutes())}${p(at.getSeconds())}`;
}

/**
 * Writes one image: first to a hidden temporary file (the indexer skips hidden
 * files), then renamed into place, so a crash never leaves half an image.
 */
export async function saveOutput(
  dir: string,
  image: { mimeType: string; data: Buffer },
  naming: { prompt: string; at: Date; slot: number },
): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const ext = EXTENSIONS[image.mimeType] ?? 'png';
  const base = `${stamp(naming.at)}_${promptSlug(naming.prompt)}_${naming.slot + 1}`;
  const temp = path.join(dir, `.${base}.${process.pid}.tmp`);
  await fs.writeFile(temp, image.data);
  for (let n = 1; ; n++) {
    const target = path.join(dir, `${base}${n > 1 ? `-${n}` : ''}.${ext}`);
    try {
      // link() fails when the name is taken, where rename() would overwrite; a drive without
      // hard links (FAT, some network shares) gets an exclusive copy instead.
      await fs.link(temp, target).catch(async (err: NodeJS.ErrnoException) => {
        if (err.code === 'EEXIST') throw err;
        await fs.copyFile(temp, target, constants.COPYFILE_EXCL);
      });
      await fs.unlink(temp);
      return target;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        await fs.rm(temp, { force: true });
        throw err;
      }
    }
  }
}
