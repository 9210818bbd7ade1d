/**
 * Tags, ratings, notes and collections: what a person attaches to the images
 * of the library. Everything hangs on the catalog's file row, which follows the
 * file through renames, moves and edits in place. Every change checks all its
 * input first and then runs in one transaction: a bad path or a bad name
 * changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BrowsePage, LibraryImage } from '../../../shared/browse';
import type {
  CollectionSummary,
  CollectionView,
  ImageMarks,
  OrganizeFilter,
  StackView,
  TagCount,
} from '../../../shared/organize';
import type { Catalog } from '../catalog/catalog';
import { StackRecords, withStacks } from '../catalog/stackRecords';
import { CollectionRecords } from './collectionRecords';
import { metadataProblem, readFileMetadata } from './fileMetadataPass';
import { OrganizeInputError, parseCollectionName, parseNote, parseRating, parseTag } from './labels';
import { MarkRecords } from './markRecords';
import { type FileCondition, organizeCondition } from './organizeFilter';
import { type SidecarSummary, writeSidecars } from './sidecarWriter';
import { TagRecords } from './tagRecords';

/** An image the organizer cannot act on: outside the library, or not indexed. */
export class NotInLibraryError extends Error {}

/** The library keeps real paths (its folders are resolved when added): a path through a link finds its file. */
function realPath(abs: string): string {
  try {
    return fs.realpathSync(abs);
  } catch {
    return abs;
  }
}

export class OrganizeService {
  private readonly tagRows: TagRecords;
  private readonly markRows: MarkRecords;
  private readonly collectionRows: CollectionRecords;
  private readonly stackRows: StackRecords;

  constructor(private readonly catalog: Catalog) {
    this.tagRows = new TagRecords(catalog.db);
    this.markRows = new MarkRecords(catalog.db);
    this.collectionRows = new CollectionRecords(catalog.db);
    this.stackRows = new StackRecords(catalog.db);
  }

  /**
   * The catalog's file ids for these paths, in order, each once; throws for the first that is not
   * in the library. Called inside the change's transaction, so no other process can delete a file
   * between finding it and attaching something to it.
   */
  private ids(paths: readonly string[]): number[] {
    if (paths.length === 0) throw new OrganizeInputError('No image given.');
    const rows = new Set<number>();
    for (const given of paths) {
      const abs = path.resolve(given);
      const row = this.catalog.fileByPath(abs) ?? this.catalog.fileByPath(realPath(abs));
      if (!row) throw new NotInLibraryError(this.whyNot(abs));
      rows.add(row.id);
    }
    return [...rows];
  }

  private whyNot(abs: string): string {
    const inside = this.catalog.roots().some((r) => abs === r.path || abs.startsWith(r.path + path.sep));
    return inside
      ? `Not indexed (yet, or skipped): ${abs}`
      : `Not in the library: ${abs} is outside every library folder.`;
  }

  private collectionId(name: string): number {
    const found = this.collectionRows.find(parseCollectionName(name));
    if (!found) throw new OrganizeInputError(`No collection named "${name.trim()}".`);
    return found.id;
  }

  /** Tags the images; returns how many did not have the tag yet. */
  addTag(tag: string, paths: readonly string[]): number {
    const label = parseTag(tag);
    return this.catalog.transaction(() => this.tagRows.add(label, this.ids(paths)));
  }

  /** Takes the tag the user gave off the images; returns how many had it. */
  removeTag(tag: string, paths: readonly string[]): number {
    const label = parseTag(tag);
    return this.catalog.transaction(() => this.tagRows.remove(label, this.ids(paths)));
  }

  /** Every tag in use, by name, with how many images have it. */
  tags(): TagCount[] {
    return this.tagRows.counts();
  }

  /** Rates the images 0 (none) to 5. */
  rate(rating: number | string, paths: readonly string[]): void {
    const stars = parseRating(rating);
    this.catalog.transaction(() => this.markRows.setRating(this.ids(paths), stars));
  }

  /** Sets the image's note; an empty one clears it. */
  setNote(file: string, note: string): void {
    const text = parseNote(note);
    this.catalog.transaction(() => this.markRows.setNote(this.ids([file])[0]!, text));
  }

  createCollection(name: string): CollectionSummary {
    const label = parseCollectionName(name);
    return this.catalog.transaction(() => {
      const existing = this.collectionRows.find(label);
      if (existing) throw new OrganizeInputError(`A collection named "${existing.name}" already exists.`);
      this.collectionRows.create(label);
      return { name: label.name, count: 0 };
    });
  }

  /** Appends the images to the collection (those already in it keep their place); returns how many were added. */
  addToCollection(name: string, paths: readonly string[]): number {
    return this.catalog.transaction(() => this.collectionRows.add(this.collectionId(name), this.ids(paths)));
  }

  removeFromCollection(name: string, paths: readonly string[]): number {
    return this.catalog.transaction(() => this.collectionRows.remove(this.collectionId(name), this.ids(paths)));
  }

  /** Renames a collection; a name another collection has (compared case-insensitively) is refused. */
  renameCollection(name: string, to: string): CollectionSummary {
    const label = parseCollectionName(to);
    return this.catalog.transaction(() => {
      const id = this.collectionId(name);
      const clash = this.collectionRows.find(label);
      if (clash && clash.id !== id) throw new OrganizeInputError(`A collection named "${clash.name}" already exists.`);
      this.collectionRows.rename(id, label);
      return { name: label.name, count: this.collectionRows.paths(id).length };
    });
  }

  /** Deletes a collection; its images stay in the library. */
  deleteCollection(name: string): void {
    this.catalog.transaction(() => this.collectionRows.delete(this.collectionId(name)));
  }

  /** Moves images of the collection to just before `before` (another of its images), or to its end. */
  reorderCollection(name: string, paths: readonly string[], before: string | null): void {
    this.catalog.transaction(() => {
      const id = this.collectionId(name);
      const given = [...paths, ...(before === null ? [] : [before])];
      const members = new Set(this.collectionRows.fileIds(id));
      const outside = given.find((p) => !members.has(this.ids([p])[0]!));
      if (outside !== undefined) throw new OrganizeInputError(`${outside} is not in the collection "${name.trim()}".`);
      this.collectionRows.move(id, this.ids(paths), before === null ? null : this.ids([before])[0]!);
    });
  }

  /** A page of a collection's images, in its order. */
  collectionPage(name: string, limit: number, offset: number): BrowsePage {
    return this.collectionRows.page(this.collectionId(name), limit, offset);
  }

  collections(): CollectionSummary[] {
    return this.collectionRows.list();
  }

  collection(name: string): CollectionView {
    const label = parseCollectionName(name);
    const found = this.collectionRows.find(label);
    if (!found) throw new OrganizeInputError(`No collection named "${label.name}".`);
    return { name: found.name, paths: this.collectionRows.paths(found.id) };
  }

  /**
   * Stacks the images under `cover`: browse and search then show only the cover. An image already
   * in a stack brings that whole stack along, so stacking twice merges.
   */
  stack(cover: string, paths: readonly string[]): StackView {
    return this.catalog.transaction(() => {
      const [coverId] = this.ids([cover]);
      const others = this.ids(paths).filter((id) => id !== coverId);
      if (others.length === 0) throw new OrganizeInputError('A stack needs a cover and at least one other image.');
      this.stackRows.stack(coverId!, others);
      return this.stackView(this.stackRows.memberIds(coverId!));
    });
  }

  /** Dissolves the stack the image is in (as its cover or a member); every member shows again. */
  unstack(file: string): StackView {
    return this.catalog.transaction(() => {
      const [id] = this.ids([file]);
      const cover = this.stackRows.coverOf(id!);
      if (cover === undefined) throw new OrganizeInputError(`${path.resolve(file)} is not in a stack.`);
      const view = this.stackView(this.stackRows.memberIds(cover));
      this.stackRows.unstack(cover);
      return view;
    });
  }

  /** The stack an image is in, its members with the library's facts (the cover first); null when it is in none. */
  stackOf(file: string): { cover: string; members: LibraryImage[] } | null {
    const [id] = this.ids([file]);
    const cover = this.stackRows.coverOf(id!);
    if (cover === undefined) return null;
    const members = this.stackRows.memberIds(cover).flatMap((member) => {
      const row = this.catalog.db
        .prepare(
          `SELECT path, width, height, format, size AS bytes, mtime_ms AS modifiedMs, added_at AS addedMs
           FROM files WHERE id = ?`,
        )
        .get(member) as LibraryImage | undefined;
      return row ? [row] : [];
    });
    return { cover: members[0]!.path, members: withStacks(this.stackRows, members) };
  }

  private stackView(ids: number[]): StackView {
    const pathOf = this.catalog.db.prepare(`SELECT path FROM files WHERE id = ?`).pluck();
    const paths = ids.map((id) => pathOf.get(id) as string);
    return { cover: paths[0]!, members: paths };
  }

  /** What is attached to an image; null for a file the library does not hold. */
  marksOf(file: string): ImageMarks | null {
    const abs = path.resolve(file);
    const row = this.catalog.fileByPath(abs) ?? this.catalog.fileByPath(realPath(abs));
    if (!row) return null;
    const { rating, note, ratingSource, noteSource } = this.markRows.of(row.id);
    const problem = metadataProblem(this.catalog, row.id);
    return {
      tags: this.tagRows.of(row.id),
      rating,
      note: note || null,
      collections: this.collectionRows.of(row.id),
      ...(rating ? { ratingSource } : {}),
      ...(note ? { noteSource } : {}),
      ...(problem ? { metadataProblem: problem } : {}),
    };
  }

  /** Reads the tags, rating and note that new and changed files carry; returns how many files were read. */
  readFileMetadata(signal?: AbortSignal, only?: number[]): Promise<number> {
    return readFileMetadata(this.catalog, { ...(signal ? { signal } : {}), ...(only ? { only } : {}) });
  }

  /** Writes the tags and ratings to XMP sidecars beside the images (under `folders`, when given). */
  writeSidecars(folders: readonly string[] = []): SidecarSummary {
    return writeSidecars(this.catalog, folders);
  }

  /** The filter as a condition on the catalog's files; a collection that does not exist is refused. */
  condition(filter: OrganizeFilter): FileCondition {
    if (filter.minRating !== undefined) parseRating(filter.minRating);
    for (const tag of filter.tags ?? []) parseTag(tag);
    if (filter.collection !== undefined) this.collectionId(filter.collection);
    return organizeCondition(filter);
  }

  /** How many files pass the filter. */
  countMatching(filter: OrganizeFilter): number {
    const { where, params } = this.condition(filter);
    return (this.catalog.db.prepare(`SELECT count(*) AS n FROM files f WHERE ${where}`).get(...params) as { n: number })
      .n;
  }
}
