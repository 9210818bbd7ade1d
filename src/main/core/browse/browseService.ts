/**
 * Browsing the library without a query: pages of everything or of one folder
 * (its subfolders included), and the folder tree with counts.
 */
import path from 'node:path';
import {
  type BrowsePage,
  type BrowseSort,
  defaultOrder,
  type FolderNode,
  type SortOrder,
} from '../../../shared/browse';
import type { Catalog } from '../catalog/catalog';
import { StackRecords, withStacks } from '../catalog/stackRecords';
import { folderTree, rootOf } from './folderTree';
import { directoryCounts, type PageCondition, type PathRange, readFilteredPage, readPage } from './pageQuery';

export interface BrowseRequest {
  /** A library folder or one inside it; all of the library when left out. */
  folder?: string;
  sort?: BrowseSort;
  order?: SortOrder;
  /** Fixes the shuffle of `random`, so that pages follow on. */
  seed?: number;
  limit?: number;
  offset?: number;
  /** Only files meeting this condition (tags, rating, collection, untagged, as the organizer writes it). */
  condition?: PageCondition;
}

/** A folder asked for that is not in the library. */
export class NotInLibraryError extends Error {}

/** Every path under `dir`, as one range: the separator is followed by the next code point. */
function rangeUnder(dir: string): PathRange {
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  const next = String.fromCharCode(path.sep.charCodeAt(0) + 1);
  return { from: prefix, to: prefix.slice(0, -1) + next };
}

export class BrowseService {
  /** `labels`: names shown for folders of the data folder (uploads), in place of their own. */
  constructor(
    private readonly catalog: Catalog,
    private readonly labels: Readonly<Record<string, string>> = {},
  ) {}

  page({ folder, sort = 'added', order, seed = 0, limit = 100, offset = 0, condition }: BrowseRequest): BrowsePage {
    let range: PathRange | null = null;
    if (folder !== undefined) {
      const dir = path.resolve(folder);
      const roots = this.catalog.roots().map((r) => r.path);
      if (rootOf(roots, dir) === undefined) {
        throw new NotInLibraryError(`${dir} is not in the library; its folders are listed by 'atelier status'`);
      }
      range = rangeUnder(dir);
    }
    const request = { range, sort, order: order ?? defaultOrder(sort), seed, limit, offset };
    const page = condition ? readFilteredPage(this.catalog.db, request, condition) : readPage(this.catalog.db, request);
    return { ...page, results: withStacks(new StackRecords(this.catalog.db), page.results) };
  }

  folders(): FolderNode[] {
    const roots = this.catalog.roots().map((r) => r.path);
    const labels = new Map(Object.entries(this.labels).map(([dir, label]) => [path.resolve(dir), label]));
    const named = (node: FolderNode): FolderNode => ({
      ...node,
      name: labels.get(node.path) ?? node.name,
      children: node.children.map(named),
    });
    return folderTree(roots, directoryCounts(this.catalog.db)).map(named);
  }
}
