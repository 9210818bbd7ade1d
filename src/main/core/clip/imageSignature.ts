/**
 * Recognises an image file by its first bytes, before it is read whole: a
 * video or an archive named `.png` costs one small read, not its whole size in
 * memory. The list holds every format the decoder reads (sharp's, BMP, and the
 * studio formats of core/formats).
 */
import { looksLikeStudioImage, STUDIO_SIGNATURE_BYTES } from '../formats/decodeImage';

/** How many leading bytes `looksLikeImage` needs at most. */
export const SIGNATURE_BYTES = Math.max(32, STUDIO_SIGNATURE_BYTES);

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** Bytes at an offset; `null` in a pattern matches any byte. */
const SIGNATURES: Array<{ at: number; bytes: Array<number | null> }> = [
  { at: 0, bytes: [0xff, 0xd8, 0xff] }, // JPEG
  { at: 0, bytes: [0x89, ...ascii('PNG'), 0x0d, 0x0a, 0x1a, 0x0a] },
  { at: 0, bytes: ascii('GIF87a') },
  { at: 0, bytes: ascii('GIF89a') },
  { at: 0, bytes: [...ascii('RIFF'), null, null, null, null, ...ascii('WEBP')] },
  { at: 0, bytes: [...ascii('II'), 0x2a, 0x00] }, // TIFF, little-endian
  { at: 0, bytes: [...ascii('MM'), 0x00, 0x2a] },
  { at: 0, bytes: [...ascii('II'), 0x2b, 0x00] }, // BigTIFF
  { at: 0, bytes: [...ascii('MM'), 0x00, 0x2b] },
  { at: 0, bytes: ascii('BM') },
  { at: 4, bytes: ascii('ftyp') }, // ISO media: AVIF, HEIF, HEIC
  { at: 0, bytes: [0xff, 0x0a] }, // JPEG XL codestream
  { at: 0, bytes: [0, 0, 0, 0x0c, ...ascii('JXL '), 0x0d, 0x0a, 0x87, 0x0a] },
  { at: 0, bytes: [0, 0, 0, 0x0c, ...ascii('jP  '), 0x0d, 0x0a, 0x87, 0x0a] }, // JPEG 2000
  { at: 0, bytes: [0xff, 0x4f, 0xff, 0x51] }, // JPEG 2000 codestream
];

function matches(head: Uint8Array, at: number, bytes: Array<number | null>): boolean {
  return head.length >= at + bytes.length && bytes.every((b, i) => b === null || head[at + i] === b);
}

/** SVG is text: markup after an optional byte-order mark and white space. */
function looksLikeMarkup(head: Uint8Array): boolean {
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  return head[i] === 0x3c; // '<'
}

/** Whether the leading bytes of a file are those of an image format Atelier decodes. */
export function looksLikeImage(head: Uint8Array): boolean {
  return SIGNATURES.some((s) => matches(head, s.at, s.bytes)) || looksLikeMarkup(head) || looksLikeStudioImage(head);
}
