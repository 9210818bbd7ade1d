/**
 * The limit on an image dropped or pasted to search by (`search.uploadImage`),
 * shared so the renderer refuses a file the core would refuse, in the same words.
 */

/** The largest image an upload takes, in bytes (50 MB). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

const MB = 1024 * 1024;

/** "Image too large: scan.tif is 61.2 MB (limit 50 MB)". */
export function uploadTooLarge(name: string, bytes: number): string {
  return `Image too large: ${name} is ${(bytes / MB).toFixed(1)} MB (limit ${MAX_UPLOAD_BYTES / MB} MB)`;
}
