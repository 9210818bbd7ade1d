/**
 * The reading pass of an indexing job: after every image has its vector, the
 * text in the images under the job's folders is read, a batch at a time, each
 * batch committed in its own transaction. Only content keys without text from
 * the current OCR model are read, so a stopped job resumes where it stopped
 * and a new OCR model re-reads lazily.
 */
import type { IndexProgress } from '../../../shared/types';
import { idChunks } from '../catalog/idChunks';
import type { ImageTexts, NewImageText, UnreadImage } from '../catalog/imageTexts';
import type { ReadOutcome, TextReader } from '../ocr/textReader';

export interface ReadTextsOptions {
  jobId: string;
  rootIds: number[];
  stopped: () => boolean;
  onProgress: (progress: IndexProgress, force?: boolean) => void;
  /** Images per request to the reader (and per transaction); default 8. */
  batchSize?: number;
  /** Look only at these files (written since the pass last finished), not the whole library. */
  only?: number[];
}

/** Unread images looked up at once. */
const LOOKAHEAD = 256;

/** Reads a batch; if the reader dies on it, reads image by image to find the one that killed it. */
async function readBatch(reader: TextReader, paths: string[]): Promise<ReadOutcome[]> {
  try {
    return await reader.read(paths);
  } catch (err) {
    if (paths.length === 1) return [{ ok: false, contentKey: null, reason: (err as Error).message }];
    const parts: ReadOutcome[] = [];
    for (const p of paths) parts.push(...(await readBatch(reader, [p])));
    return parts;
  }
}

/** The row to keep for an image read from `unread.path`, or null when its bytes changed since they were indexed. */
function rowOf(unread: UnreadImage, outcome: ReadOutcome, model: string): NewImageText | null {
  if (outcome.contentKey !== null && outcome.contentKey !== unread.contentKey) return null;
  return outcome.ok
    ? { contentKey: unread.contentKey, model, lines: outcome.lines, error: null }
    : { contentKey: unread.contentKey, model, lines: [], error: outcome.reason };
}

/** Reads what is unread under the job's roots; returns how many images were read. */
export async function readTexts(texts: ImageTexts, reader: TextReader, options: ReadTextsOptions): Promise<number> {
  const { jobId, rootIds, stopped, onProgress, only } = options;
  const model = reader.model;
  const batchSize = options.batchSize ?? 8;
  const total = texts.unreadCount(model, rootIds, only);
  let done = 0;
  onProgress({ jobId, phase: 'reading', done, total }, true);
  // Keys whose file changed since it was hashed stay unread; they are not asked for again in this run.
  const tried = new Set<string>();
  // Finding unread keys scans the library's files (a tenth of a second at 100,000): done for many batches at once.
  let queue: UnreadImage[] = [];
  // Told of the files written since the last pass, it asks about them a chunk at a time.
  const chunks = only ? idChunks(only) : [undefined];
  if (chunks.length === 0) return 0;
  while (!stopped()) {
    if (queue.length === 0) {
      queue = texts.unread(model, rootIds, LOOKAHEAD + tried.size, chunks[0]).filter((u) => !tried.has(u.contentKey));
    }
    if (queue.length === 0 && chunks.length > 1) {
      chunks.shift();
      continue;
    }
    const batch = queue.slice(0, batchSize);
    queue = queue.slice(batchSize);
    if (batch.length === 0) break;
    for (const u of batch) tried.add(u.contentKey);
    const outcomes = await readBatch(
      reader,
      batch.map((u) => u.path),
    );
    const rows = batch.flatMap((u, i) => rowOf(u, outcomes[i]!, model) ?? []);
    texts.putAll(rows);
    done += batch.length;
    onProgress({ jobId, phase: 'reading', done, total, current: batch.at(-1)?.path }, done >= total);
  }
  return done;
}
