/** Messages between the text reader (main side) and the OCR worker thread. */
import type { TextLine } from './ocrEngine';

export type OcrCommand = { type: 'load'; providers: string[]; threads?: number } | { type: 'read'; paths: string[] };

export type OcrRequest = OcrCommand & { id: number };

/**
 * Per image: the content key of the bytes that were read and the lines found
 * (none for an image without text), or why it could not be read.
 */
export type ReadOutcome =
  { ok: true; contentKey: string; lines: TextLine[] } | { ok: false; contentKey: string | null; reason: string };

export interface LoadResult {
  provider: string;
}

export type OcrResponse =
  { id: number; ok: true; result: LoadResult | ReadOutcome[] } | { id: number; ok: false; message: string };
