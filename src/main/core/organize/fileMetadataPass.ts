/**
 * Takes the keywords, rating and title/description the library's image files carry into the
 * catalog as tags, rating and note marked as coming from the file. Runs after each index: a file
 * is read when it is new or its bytes changed, and a re-read replaces only what came from the file
 * before; what the user set stays. One transaction per batch, so a pass cut off keeps what it read.
 */
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

async function metadataOf(task: Task): Promise<EmbeddedMetadata> {
  if (!carriesMetadata(task.path)) return NOTHING;
  try {
    return await readEmbeddedMetadata(task.path);
  } catch (err) {
    return { ...NOTHING, problem: `Metadata not read: ${err instanceof Error ? err.message : String(err)}` };
  }
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
    `INSERT INTO file_metadata_reads (file_id, problem, read_at) VALUES (?, ?, ?)
     ON CONFLICT(file_id) DO UPDATE SET problem = excluded.problem, read_at = excluded.read_at`,
  );
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
    const found = await Promise.all(tasks.map(metadataOf));
    catalog.transaction(() => {
      tasks.forEach((task, i) => {
        // The file may have gone, or changed again, while it was read: the next pass sees to it.
        const now = current.get(task.id) as { k: string } | undefined;
        if (now?.k !== task.contentKey) return;
        const meta = found[i]!;
        tags.replaceFromFile(task.id, labels(meta.keywords));
        let note = '';
        try {
          note = parseNote(meta.note);
        } catch {
          // Longer than a note may be: left out.
        }
        marks.setFromFile(task.id, meta.rating, note);
        record.run(task.id, meta.problem ?? null, Date.now());
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
