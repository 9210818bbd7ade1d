/**
 * Takes the keywords, rating and title/description the library's image files carry into the
 * catalog as tags, rating and note marked as coming from the file. Runs after each index: a file
 * is read when it is new or its bytes changed, and a re-read replaces only what came from the file
 * before; what the user set stays. What a read found is kept with it, so a copy of content already
 * read (same bytes, same kind of file) takes that instead of reading its own file again. One
 * transaction per batch, so a pass cut off keeps what it read.
 */
import path from 'node:path';
import type { Catalog } from '../catalog/catalog';
import { idChunks } from '../catalog/idChunks';
import { carriesMetadata, type EmbeddedMetadata, readEmbeddedMetadata } from './embeddedMetadata';
import { type Label, parseNote, parseTag } from './labels';
import { MarkRecords } from './markRecords';
import { TagRecords } from './tagRecords';

interface Task {
  id: number;
  path: string;
  contentKey: string;
}

const NOTHING: EmbeddedMetadata = { keywords: [], rating: 0, note: '' };
/** The problem of a read that failed: it says nothing about the content. */
const NOT_READ = 'Metadata not read: ';

/** Keywords a tag cannot hold (a comma, too long) are left out rather than failing the file. */
function labels(keywords: string[]): Label[] {
  const out = new Map<string, Label>();
  for (const keyword of keywords) {
    try {
      const label = parseTag(keyword);
      if (!out.has(label.folded)) out.set(label.folded, label);
    } catch {
      // Not a tag Atelier can hold.
    }
  }
  return [...out.values()];
}

/** What a read found, `readEmbeddedMetadata`'s result but for the problem, or null when the file was not read. */
interface Read {
  meta: EmbeddedMetadata;
  /** As kept in the catalog: '' for nothing found, else JSON; null when the file could not be read. */
  found: string | null;
}

function foundOf(meta: EmbeddedMetadata): string {
  const { keywords, rating, note } = meta;
  return keywords.length === 0 && rating === 0 && note === '' ? '' : JSON.stringify({ keywords, rating, note });
}

async function metadataOf(task: Task): Promise<Read> {
  if (!carriesMetadata(task.path)) return { meta: NOTHING, found: '' };
  try {
    const meta = await readEmbeddedMetadata(task.path);
    return { meta, found: foundOf(meta) };
  } catch (err) {
    const problem = `${NOT_READ}${err instanceof Error ? err.message : String(err)}`;
    return { meta: { ...NOTHING, problem }, found: null };
  }
}

/** Another file of the same content, with its read of these bytes. */
interface Sibling {
  id: number;
  path: string;
  found: string | null;
  problem: string | null;
}

/** Files of the same kind (extension) read alike: the reader picks its parser by it. */
const sameKind = (a: string, b: string) => path.extname(a).toLowerCase() === path.extname(b).toLowerCase();

/** What was found in a sibling of the same kind, when it was read. */
function takenFrom(sibling: Sibling): Read | null {
  if (sibling.found === null) return null;
  const meta: EmbeddedMetadata =
    sibling.found === '' ? { ...NOTHING } : (JSON.parse(sibling.found) as EmbeddedMetadata);
  return { meta: sibling.problem === null ? meta : { ...meta, problem: sibling.problem }, found: sibling.found };
}

/**
 * Reads the files whose metadata has not been read for their current content (a change of content
 * forgets the read, migration 28); returns how many.
 */
export async function readFileMetadata(
  catalog: Catalog,
  options: { signal?: AbortSignal; only?: number[] } = {},
): Promise<number> {
  const tags = new TagRecords(catalog.db);
  const marks = new MarkRecords(catalog.db);
  // Walked in id order from where the last batch ended: each batch asking from the start again
  // would read every file already done, once per batch of new ones.
  // With `only` (the files written since the last pass), a chunk of them at a time.
  const pending = catalog.db.prepare(
    `SELECT f.id, f.path, f.content_key AS contentKey FROM files f
     LEFT JOIN file_metadata_reads r ON r.file_id = f.id
     WHERE f.id > @after AND r.file_id IS NULL
       ${options.only ? 'AND f.id IN (SELECT value FROM json_each(@among))' : ''}
     ORDER BY f.id LIMIT 64`,
  );
  const chunks = options.only ? idChunks(options.only).map((ids) => JSON.stringify(ids)) : [undefined];
  const record = catalog.db.prepare(
    `INSERT INTO file_metadata_reads (file_id, problem, read_at, found) VALUES (?, ?, ?, ?)
     ON CONFLICT(file_id) DO UPDATE SET problem = excluded.problem, read_at = excluded.read_at, found = excluded.found`,
  );
  // Other files of the same content whose read is of these bytes (a read is forgotten when its file's content changes).
  const siblingsOf = catalog.db.prepare(
    `SELECT f.id, f.path, r.found, r.problem FROM files f JOIN file_metadata_reads r ON r.file_id = f.id
     WHERE f.content_key = ? AND f.id <> ? LIMIT 16`,
  );
  // A sibling read before reads kept what they found learns it from this read of the same bytes.
  const learn = catalog.db.prepare(
    `UPDATE file_metadata_reads SET found = ?
     WHERE file_id = ? AND found IS NULL AND (SELECT content_key FROM files WHERE id = file_id) = ?`,
  );
  const readOf = (task: Task): { siblings: Sibling[]; read: Promise<Read> } => {
    const siblings = (siblingsOf.all(task.contentKey, task.id) as Sibling[]).filter((s) => sameKind(s.path, task.path));
    for (const sibling of siblings) {
      const taken = takenFrom(sibling);
      if (taken) return { siblings: [], read: Promise.resolve(taken) };
    }
    return { siblings, read: metadataOf(task) };
  };
  const current = catalog.db.prepare(`SELECT content_key AS k FROM files WHERE id = ?`);
  let read = 0;
  let after = 0;
  while (!options.signal?.aborted && chunks.length > 0) {
    const among = chunks[0];
    const tasks = pending.all({ after, ...(among ? { among } : {}) }) as Task[];
    if (tasks.length === 0) {
      chunks.shift();
      continue;
    }
    after = tasks[tasks.length - 1]!.id;
    const reads = tasks.map(readOf);
    const found = await Promise.all(reads.map((r) => r.read));
    catalog.transaction(() => {
      tasks.forEach((task, i) => {
        // The file may have gone, or changed again, while it was read: the next pass sees to it.
        const now = current.get(task.id) as { k: string } | undefined;
        if (now?.k !== task.contentKey) return;
        const { meta, found: kept } = found[i]!;
        tags.replaceFromFile(task.id, labels(meta.keywords));
        let note = '';
        try {
          note = parseNote(meta.note);
        } catch {
          // Longer than a note may be: left out.
        }
        marks.setFromFile(task.id, meta.rating, note);
        record.run(task.id, meta.problem ?? null, Date.now(), kept);
        for (const sibling of reads[i]!.siblings) {
          if (kept !== null && !sibling.problem?.startsWith(NOT_READ)) learn.run(kept, sibling.id, task.contentKey);
        }
      });
    });
    read += tasks.length;
  }
  return read;
}

/** Why part of the file's metadata was skipped when it was last read; null when nothing was. */
export function metadataProblem(catalog: Catalog, fileId: number): string | null {
  const row = catalog.db.prepare(`SELECT problem FROM file_metadata_reads WHERE file_id = ?`).get(fileId) as
    { problem: string | null } | undefined;
  return row?.problem ?? null;
}
