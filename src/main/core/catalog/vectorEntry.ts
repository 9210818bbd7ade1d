/**
 * What the catalog hands a vector store for one file: produced by the change
 * log, consumed by every store. It lives beside the catalog so the catalog
 * needs nothing from the stores.
 */

/** One file's vector and what a store keeps beside it. */
export interface VectorEntry {
  /** Absolute path: the identity of an entry within a store. */
  path: string;
  filename: string;
  /** The library folder the file is in. */
  folder: string;
  contentKey: string;
  size: number;
  mtimeMs: number;
  width: number;
  height: number;
  format: string;
  /** Unit length, the model's dimension. */
  vector: Float32Array;
  /** The text read in the image ('' when none was found or it is not read yet); a store may keep it. */
  text?: string;
  /** The file's tags, each once whatever its sources, as shown (first typed case); a store may keep them. */
  tags?: string[];
}
