/**
 * Decides, for every file found on disk, what the index must do with it, so
 * that unchanged files cost no decode and a renamed file keeps its vector.
 */
import { sep } from 'node:path';
import type { SkippedFile } from '../../../shared/types';
import type { Catalog, KnownFile, RootRow, SkippedRow } from '../catalog/catalog';
import { contentKey, sizeOfKey } from '../files/contentKey';
import { keysInThread } from '../files/keysInThread';
import type { ScannedFile } from './scan';
import { isReadFailure } from './skipReasons';

/** A file whose content must go through the model; the encoder reports the key of what it read. */
export interface EmbedTask {
  file: ScannedFile;
  rootId: number;
}

/**
 * A file with the same bytes as one this index embeds: it takes that file's vector once the
 * vector exists, instead of being decoded and encoded a second time.
 */
export interface CopyTask extends EmbedTask {
  key: string;
  /** The path embedded for this content in this index. */
  of: string;
}

export interface IndexPlan {
  embed: EmbedTask[];
  copies: CopyTask[];
  /** Files read and hashed before embedding: their size matched known content (a move, a copy, a touch). */
  hashed: number;
  reused: number;
  moved: number;
  removed: number;
  skipped: SkippedFile[];
}

export interface PlanInput {
  catalog: Catalog;
  modelId: string;
  /**
   * Per root: the files the scan found there. A scan of part of a root gives the catalog's files
   * in that part (`known`) and says which paths it covers (`covers`): files elsewhere are left alone.
   */
  scans: Array<{
    root: RootRow;
    files: ScannedFile[];
    known?: KnownFile[];
    covers?: (path: string) => boolean;
    /** Folders the scan could not read: the catalog's files under them are kept as they are. */
    unread?: string[];
    /** Paths found but left out of `files` (unchanged ones, say) whose skip entries must be kept. */
    alsoSeen?: Iterable<string>;
  }>;
  onHashed?: (done: number, total: number, current: string) => void;
  /** From how many files to hash they are read on a thread of their own (default 8,192). */
  inThread?: number;
}

/** A skip remembered from an earlier run that still holds: the same file, and a reason reading again cannot change. */
function stillSkipped(skip: SkippedRow, file: ScannedFile): boolean {
  return (
    skip.size === file.size &&
    skip.mtimeMs === file.mtimeMs &&
    skip.ctimeMs === file.ctimeMs &&
    !isReadFailure(skip.reason)
  );
}

/** The catalog's skip entry for a file, but for its root. */
export function skipOf(file: ScannedFile, reason: string): Omit<SkippedRow, 'rootId'> {
  return { path: file.path, reason, size: file.size, mtimeMs: file.mtimeMs, ctimeMs: file.ctimeMs };
}

function hashError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'unreadable: permission denied';
  if (code === 'ENOENT') return 'file vanished during indexing';
  return `unreadable (${code ?? (err as Error).message})`;
}

/**
 * Files read and hashed at once. One at a time, the hashing phase waits on
 * each read in turn; a few at once keep the disk busy (SSDs answer several
 * requests nearly as fast as one), and hashing itself is cheap beside reading.
 */
const HASH_CONCURRENCY = 4;

type Hashed = { key: string } | { error: unknown };

/** Content keys of `items`, in their order, reading a few files at once. */
async function hashAll(items: Array<{ file: ScannedFile }>, onHashed: PlanInput['onHashed']): Promise<Hashed[]> {
  const out: Hashed[] = new Array<Hashed>(items.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      const { file } = items[i]!;
      onHashed?.(done, items.length, file.path);
      out[i] = await contentKey(file.path, file.size).then(
        (key) => ({ key }),
        (error: unknown) => ({ error }),
      );
      done++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(HASH_CONCURRENCY, items.length) }, worker));
  return out;
}

/**
 * From this many files to hash, they are read on a thread of their own (keysInThread.ts), and the
 * catalog is written for each batch of keys while the next is read; fewer are read here, at once.
 * What it saves is the reading that waits on the disk: in a library whose files the page cache
 * holds (20,000 files to hash in a library of 100,000: about 30 µs a file) it came out even, give
 * or take 0.4 s of 5.5, the thread's hashing slowing the catalog's writes on a busy two-core
 * machine by about what it took off them; at a million files reads took 75 µs each. With 2,000
 * files its start cost about 0.1 s more than it saved.
 */
const IN_THREAD = 8192;
const THREAD_BATCH = 1024;
const FIRST_BATCH = 128;

/** The keys of `items`, in their order, in batches. */
async function* keyBatches(
  items: Array<{ file: ScannedFile }>,
  onHashed: PlanInput['onHashed'],
  inThread: number,
): AsyncGenerator<Hashed[]> {
  if (items.length === 0) return;
  if (items.length < inThread) {
    yield await hashAll(items, onHashed);
    return;
  }
  onHashed?.(0, items.length, items[0]!.file.path);
  yield* keysInThread(
    items.map(({ file }) => file),
    THREAD_BATCH,
    FIRST_BATCH,
  );
}

/**
 * Hashes what is new or changed (where its size could match known content), applies touches,
 * moves and copies to the catalog a transaction per batch of keys and the removals in one at the
 * end (a run cut off in between leaves what it did not do to the next), and returns what is left
 * to embed.
 */
export async function planIndex(input: PlanInput): Promise<IndexPlan> {
  const { catalog, modelId, scans, onHashed, inThread = IN_THREAD } = input;
  const plan: IndexPlan = { embed: [], copies: [], hashed: 0, reused: 0, moved: 0, removed: 0, skipped: [] };
  const known = new Map<string, KnownFile>();
  const seen = new Set<string>();
  const toHash: Array<{ file: ScannedFile; rootId: number }> = [];
  // Content embedded by this index, by key: the path it is embedded from.
  const queued = new Map<string, string>();
  const embedOnce = (task: EmbedTask, key: string) => {
    const of = queued.get(key);
    if (of) plan.copies.push({ ...task, key, of });
    else {
      queued.set(key, task.file.path);
      plan.embed.push(task);
    }
  };

  // Under a folder the scan could not read, nothing is known to be gone.
  const unreadPrefixes: string[] = [];
  const underUnread = (file: string) => unreadPrefixes.some((dir) => file.startsWith(dir));
  for (const { root, files, known: knownHere, covers, unread = [], alsoSeen = [] } of scans) {
    unreadPrefixes.push(...unread.map((dir) => (dir.endsWith(sep) ? dir : dir + sep)));
    for (const path of alsoSeen) seen.add(path);
    for (const row of knownHere ?? catalog.filesWithEmbeddingUnder(root.id, modelId)) known.set(row.path, row);
    const skips = catalog.skippedUnder(root.id).filter((s) => !covers || covers(s.path));
    const skipped = new Map(skips.map((s) => [s.path, s]));
    for (const file of files) {
      seen.add(file.path);
      const row = known.get(file.path);
      const wasSkipped = skipped.get(file.path);
      if (row && row.size === file.size && row.mtimeMs === file.mtimeMs) {
        // Known and unchanged, with no vector of this model yet (a new model, say).
        if (!row.embedded) embedOnce({ file, rootId: root.id }, row.contentKey);
      } else if (wasSkipped && stillSkipped(wasSkipped, file)) {
        plan.skipped.push({ path: file.path, reason: wasSkipped.reason });
      } else if (file.size === 0) {
        catalog.putSkipped({ ...skipOf(file, 'empty file'), rootId: root.id });
        plan.skipped.push({ path: file.path, reason: 'empty file' });
      } else {
        toHash.push({ file, rootId: root.id });
      }
    }
    // Skipped entries for files that are gone: forget them.
    for (const s of skipped.keys()) if (!seen.has(s) && !underUnread(s)) catalog.deleteSkipped(s);
  }

  // Paths the catalog knows under these roots that the scan did not find: moved away or deleted.
  const vanishedByKey = new Map<string, string[]>();
  for (const row of known.values()) {
    if (seen.has(row.path) || underUnread(row.path)) continue;
    const list = vanishedByKey.get(row.contentKey) ?? [];
    list.push(row.path);
    vanishedByKey.set(row.contentKey, list);
  }

  // A changed or new file's key serves only to recognise content already known (a touched file, a
  // move, a copy of something embedded) or content twice in this index (copies of each other). A
  // key starts with the file's size, so a file whose size no vanished or embedded content has and
  // no other file here shares is none of these: it goes straight to the encoder, which keys the
  // bytes it reads. Each such file is read once, not twice, and the first images are searchable
  // without waiting for the rest to be read: on a first index that is nearly every file.
  const vanishedSizes = new Set([...vanishedByKey.keys()].map(sizeOfKey));
  const sizes = new Map<number, number>();
  for (const { file } of toHash) sizes.set(file.size, (sizes.get(file.size) ?? 0) + 1);
  const embeddedSizes = new Map<number, boolean>();
  const hasEmbeddingOfSize = (size: number) => {
    if (!embeddedSizes.has(size)) embeddedSizes.set(size, catalog.hasEmbeddingOfSize(size, modelId));
    return embeddedSizes.get(size)!;
  };
  const couldMatch = (size: number) => sizes.get(size)! > 1 || vanishedSizes.has(size) || hasEmbeddingOfSize(size);
  const mustHash: typeof toHash = [];
  for (const item of toHash) (couldMatch(item.file.size) ? mustHash : plan.embed).push(item);

  // Each batch of keys is written in its own transaction, while the thread reads the next files.
  const apply = ({ file, rootId }: { file: ScannedFile; rootId: number }, key: string) => {
    const row = known.get(file.path);
    const vanished = vanishedByKey.get(key);
    // Whether the content has a vector was read with the catalog's rows: a touched or moved
    // file asks nothing more of the catalog.
    let embedded: boolean;
    if (row && row.contentKey === key) {
      catalog.touchFile(file.path, file.mtimeMs);
      embedded = row.embedded;
    } else if (!row && vanished?.length) {
      const from = vanished.shift()!;
      catalog.moveFile(from, { path: file.path, rootId, size: file.size, mtimeMs: file.mtimeMs });
      embedded = known.get(from)!.embedded;
      plan.moved++;
    } else {
      const twin = catalog.embeddedFileByContentKey(key, modelId);
      if (twin) {
        catalog.putFile({ ...twin, rootId, path: file.path, size: file.size, mtimeMs: file.mtimeMs });
        plan.reused++;
        return;
      }
      embedOnce({ file, rootId }, key);
      return;
    }
    if (!embedded) embedOnce({ file, rootId }, key);
  };
  let at = 0;
  for await (const keys of keyBatches(mustHash, onHashed, inThread)) {
    const items = mustHash.slice(at, at + keys.length);
    at += keys.length;
    catalog.transaction(() => {
      items.forEach((item, i) => {
        const result = keys[i]!;
        if ('key' in result) return apply(item, result.key);
        const reason = hashError(result.error);
        catalog.putSkipped({ ...skipOf(item.file, reason), rootId: item.rootId });
        plan.skipped.push({ path: item.file.path, reason });
      });
    });
    if (mustHash.length >= inThread) onHashed?.(at, mustHash.length, items.at(-1)?.file.path ?? '');
  }
  plan.hashed = mustHash.length;
  onHashed?.(mustHash.length, mustHash.length, '');

  catalog.transaction(() => {
    for (const paths of vanishedByKey.values()) {
      for (const path of paths) {
        catalog.deleteFile(path);
        plan.removed++;
      }
    }
  });
  return plan;
}
