/**
 * The collection Atelier writes, one per model. `vector`, `filepath` and
 * `filename` keep the names of Milvus's multimodal tutorial, so a user's
 * pymilvus code (`search(…, output_fields=["filepath", "filename"])`) works on
 * what Atelier indexed; the other fields are Atelier's own. `text` carries the
 * text read in the image, so a studio's own code can filter on it
 * (`filter='text like "LUNAR%"'`); Atelier's own text search stays in the
 * catalog's full-text index. `tags` (an ARRAY of VARCHAR) carries the file's
 * tags for the same reason (`filter='array_contains(tags, "sunset")'`).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { DataType, type FieldType } from '@zilliz/milvus2-sdk-node';
import type { ModelSpace, VectorEntry } from '../vectorStore';

/** Field names, in one place: expressions and output fields use these. */
export const F = {
  id: 'id',
  vector: 'vector',
  filepath: 'filepath',
  filename: 'filename',
  contentKey: 'content_key',
  model: 'model',
  folder: 'folder',
  format: 'format',
  width: 'width',
  height: 'height',
  size: 'size',
  mtimeMs: 'mtime_ms',
  text: 'text',
  tags: 'tags',
} as const;

/** HNSW build settings: the defaults Milvus documents for ~512-d embeddings. */
export const HNSW_BUILD = { M: 16, efConstruction: 200 } as const;
export const METRIC = 'COSINE';

/** VarChar lengths are in bytes: paths in UTF-8 can be long (Windows allows 32k characters). */
const LONG = 65_535;
/** The most a VarChar holds (bytes of UTF-8) on Milvus 2.3 and up: a longer text is cut to it. */
export const TEXT_MAX_BYTES = 65_535;
/** Tags kept per file: a file with more keeps the first, in alphabetical order. */
export const TAGS_MAX = 1024;
/** A tag is at most 100 characters (labels.ts), at most 400 bytes of UTF-8. */
const TAG_MAX_BYTES = 512;

/** The optional fields a collection has: one made before a field existed is written without it. */
export interface OptionalFields {
  text: boolean;
  tags: boolean;
}

export function collectionFields(dim: number): FieldType[] {
  const text = (name: string, max_length: number): FieldType => ({ name, data_type: DataType.VarChar, max_length });
  return [
    { ...text(F.id, 64), is_primary_key: true, autoID: false, description: 'sha256 of filepath' },
    { name: F.vector, data_type: DataType.FloatVector, dim, description: 'unit-length CLIP image embedding' },
    text(F.filepath, LONG),
    text(F.filename, 4_096),
    text(F.contentKey, 256),
    text(F.model, 512),
    text(F.folder, LONG),
    text(F.format, 64),
    { name: F.width, data_type: DataType.Int32 },
    { name: F.height, data_type: DataType.Int32 },
    { name: F.size, data_type: DataType.Int64 },
    { name: F.mtimeMs, data_type: DataType.Int64 },
    { ...text(F.text, TEXT_MAX_BYTES), description: 'the text read in the image, cut to 65,535 bytes' },
    {
      name: F.tags,
      data_type: DataType.Array,
      element_type: DataType.VarChar,
      max_capacity: TAGS_MAX,
      max_length: TAG_MAX_BYTES,
      description: "the file's tags, as shown in Atelier",
    },
  ];
}

/** The longest start of `text` that fits in `max` bytes of UTF-8, never cutting a character in two. */
export function cutToBytes(text: string, max: number): string {
  if (Buffer.byteLength(text, 'utf8') <= max) return text;
  let bytes = 0;
  let end = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > max) break;
    bytes += size;
    end += ch.length;
  }
  return text.slice(0, end);
}

/**
 * An entry's primary key: derived from the path, so replacing a file's entry
 * is an upsert by key, and the same path indexed from two workstations is one
 * entry. A hash keeps keys short and free of characters expressions must escape.
 */
export function entryId(filepath: string): string {
  return createHash('sha256').update(filepath, 'utf8').digest('hex');
}

export type MilvusRow = Record<string, string | number | number[] | string[]>;

/** `has`: the optional fields the collection has (one made before a field existed has not). */
export function toRow(model: ModelSpace, e: VectorEntry, has: OptionalFields): MilvusRow {
  return {
    ...(has.text ? { [F.text]: cutToBytes(e.text ?? '', TEXT_MAX_BYTES) } : {}),
    ...(has.tags ? { [F.tags]: (e.tags ?? []).slice(0, TAGS_MAX).map((t) => cutToBytes(t, TAG_MAX_BYTES)) } : {}),
    [F.id]: entryId(e.path),
    [F.vector]: Array.from(e.vector),
    [F.filepath]: e.path,
    [F.filename]: e.filename || path.basename(e.path),
    [F.contentKey]: e.contentKey,
    [F.model]: model.id,
    [F.folder]: e.folder,
    [F.format]: e.format,
    [F.width]: e.width,
    [F.height]: e.height,
    [F.size]: e.size,
    [F.mtimeMs]: Math.trunc(e.mtimeMs),
  };
}

/** The SDK returns Int64 fields as strings. */
export function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value ?? 0);
}

export function str(value: unknown): string {
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'bigint' ? String(value) : '';
}
