import { MAX_UPLOAD_BYTES, uploadTooLarge } from '../../../shared/uploads';

/** A dropped or picked File as base64, for `search.uploadImage`; one over the limit is refused unread. */
export async function fileToBase64(file: Blob): Promise<string> {
  if (file.size > MAX_UPLOAD_BYTES)
    throw new Error(uploadTooLarge(file instanceof File ? file.name : 'image', file.size));
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/** The first image file in a drop or a paste, if any; a video counts (its frames are the example). */
export function firstImage(files: FileList | null | undefined): File | null {
  for (const file of Array.from(files ?? [])) {
    if (file.type.startsWith('image/') || file.type.startsWith('video/')) return file;
  }
  return null;
}
