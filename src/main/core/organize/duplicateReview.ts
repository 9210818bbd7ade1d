/**
 * What the duplicate review screen shows and does: each group's images with the
 * facts a person picks the keeper by (resolution, size, format, date, folder),
 * and moving the others to the system trash. Nothing is ever deleted outright:
 * the host's trash (Electron's shell, or the OS trash under `atelier serve`)
 * takes the file, and the catalog forgets it, as it would a file removed by hand.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DuplicateGroup, ReviewGroup, ReviewImage } from '../../../shared/organize';
import type { Catalog } from '../catalog/catalog';
import { StackRecords } from '../catalog/stackRecords';
import { findDuplicates, type FindOptions } from './duplicates';
import { OrganizeInputError } from './labels';
import { markStacked } from './stackedGroups';

/** Moves one file to the OS trash; rejects with the OS's reason. */
export type MoveToTrash = (file: string) => Promise<void>;

/** The groups of the library under `model`, each image with its facts; a group stacked already says under which cover. */
export async function reviewGroups(
  catalog: Catalog,
  model: string,
  threshold: number,
  options: FindOptions = {},
): Promise<ReviewGroup[]> {
  const groups = await findDuplicates(catalog.db, model, threshold, options);
  return markStacked(new StackRecords(catalog.db), withFacts(catalog, groups), (g) => g.images.map((i) => i.path));
}

function withFacts(catalog: Catalog, groups: readonly DuplicateGroup[]): ReviewGroup[] {
  const facts = catalog.db.prepare(
    `SELECT path, width, height, format, size AS bytes, mtime_ms AS modifiedMs FROM files WHERE path = ?`,
  );
  return groups.map((group) => ({
    kind: group.kind,
    similarity: group.similarity,
    images: group.paths.flatMap((p) => {
      const row = facts.get(p) as Omit<ReviewImage, 'folder'> | undefined;
      return row ? [{ ...row, folder: path.dirname(p) }] : [];
    }),
  }));
}

/**
 * Moves library images to the trash, one by one; every path is checked first, so a path outside
 * the library or a file already gone moves nothing. Returns the paths moved, in order; a file the
 * OS refused stops the run with its reason, those moved before it staying moved.
 */
export async function moveToTrash(catalog: Catalog, trash: MoveToTrash, paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) throw new OrganizeInputError('No image given.');
  for (const file of paths) {
    if (!catalog.fileByPath(file)) throw new OrganizeInputError(`Not in the library: ${file}`);
    if (!fs.existsSync(file)) throw new OrganizeInputError(`${file} is no longer on disk.`);
  }
  const moved: string[] = [];
  for (const file of paths) {
    try {
      await trash(file);
    } catch (err) {
      const done = moved.length > 0 ? ` (${moved.length} moved before it)` : '';
      throw new Error(
        `Could not move ${file} to the trash${done}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    catalog.deleteFile(file);
    moved.push(file);
  }
  return moved;
}
