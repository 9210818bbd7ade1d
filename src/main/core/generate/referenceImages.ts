/**
 * Turns a reference file (any format the library reads) into what the Gemini
 * API takes: PNG, JPEG or WebP, scaled down so that all references together
 * fit the request limit. The prepared copy is kept in the data folder under
 * the file's content key, so a queued job still has its references when the
 * originals are renamed, moved or deleted before it runs.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { GenerationReference } from '../../../shared/generation';
import { decodeBmp, isBmp } from '../clip/bmp';
import { ImageDecodeError, readImageInfo } from '../clip/preprocess';
import { contentKey } from '../files/contentKey';
import { fatal } from './generationFailure';

/** Inline data may make up at most 20 MB of a request; base64 grows bytes by 4/3, and the prompt needs room. */
export const REQUEST_BYTES_LIMIT = 20 * 1024 * 1024;
const INLINE_BUDGET = Math.floor((REQUEST_BYTES_LIMIT - 512 * 1024) * 0.75);
/** The models see far fewer pixels than this; larger only costs upload time. */
const LONG_SIDE = 2048;
const SMALLER_LONG_SIDE = 1024;
const MAX_PIXELS = 100_000_000;
const SENT_AS_IS = new Set(['jpeg', 'png', 'webp']);
const MIME = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const;

export interface PreparedReference extends GenerationReference {
  /** The prepared copy, in the data folder. */
  file: string;
}

export function referencesDir(dataDir: string): string {
  return path.join(dataDir, 'generation', 'references');
}

/** The prepared copy of a reference, by its content key and MIME type. */
export function preparedFile(dataDir: string, ref: Pick<GenerationReference, 'contentKey' | 'mimeType'>): string {
  const ext = ref.mimeType.split('/')[1]!.replace('jpeg', 'jpg');
  return path.join(referencesDir(dataDir), `${ref.contentKey}.${ext}`);
}

async function upright(bytes: Buffer): Promise<{ image: sharp.Sharp; hasAlpha: boolean }> {
  if (isBmp(bytes)) {
    const px = decodeBmp(bytes, MAX_PIXELS);
    const raw = { width: px.width, height: px.height, channels: px.channels };
    return { image: sharp(px.data, { raw }), hasAlpha: px.channels === 4 };
  }
  const image = sharp(bytes, { failOn: 'error', limitInputPixels: MAX_PIXELS, pages: 1 });
  const { hasAlpha = false } = await image.metadata();
  return { image: image.rotate(), hasAlpha };
}

/** Scales down and re-encodes: PNG where there is transparency to keep, JPEG otherwise. */
async function convert(bytes: Buffer, longSide: number) {
  const { image, hasAlpha } = await upright(bytes);
  const resized = image.resize(longSide, longSide, { fit: 'inside', withoutEnlargement: true });
  const encoded = hasAlpha ? resized.png({ compressionLevel: 9 }) : resized.jpeg({ quality: 90 });
  const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, mimeType: hasAlpha ? MIME.png : MIME.jpeg };
}

/** Reads, checks and converts one reference; `smaller` scales harder, for when several together are too large. */
export async function prepareReference(
  dataDir: string,
  file: string,
  source: GenerationReference['source'],
  smaller = false,
): Promise<PreparedReference> {
  const name = path.basename(file);
  let bytes: Buffer;
  let info;
  try {
    bytes = await fs.readFile(file);
    info = await readImageInfo(bytes);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      err instanceof ImageDecodeError ? err.reason : code === 'ENOENT' ? 'file not found' : (err as Error).message;
    throw fatal(`Reference ${file} cannot be used: ${reason}.`);
  }
  const longSide = smaller ? SMALLER_LONG_SIDE : LONG_SIDE;
  const asIs =
    SENT_AS_IS.has(info.format) && Math.max(info.width, info.height) <= longSide && bytes.length <= INLINE_BUDGET / 4;
  let sent: { data: Buffer; width: number; height: number; mimeType: string };
  try {
    sent = asIs
      ? { data: bytes, width: info.width, height: info.height, mimeType: MIME[info.format as keyof typeof MIME] }
      : await convert(bytes, longSide);
  } catch (err) {
    throw fatal(`Reference ${file} cannot be used: corrupt or truncated image (${(err as Error).message}).`);
  }
  const key = await contentKey(file, bytes.length);
  const ref: GenerationReference = {
    contentKey: key,
    path: file,
    name,
    source,
    mimeType: sent.mimeType,
    width: sent.width,
    height: sent.height,
    bytes: sent.data.length,
  };
  const target = preparedFile(dataDir, ref);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.writeFile(target, sent.data);
  return { ...ref, file: target };
}

/**
 * Prepares every reference and keeps them within the request limit together:
 * first at full size, then smaller, and otherwise says how far over they are.
 */
export async function prepareReferences(
  dataDir: string,
  files: Array<{ path: string; source: GenerationReference['source'] }>,
): Promise<PreparedReference[]> {
  const total = (refs: PreparedReference[]) => refs.reduce((n, r) => n + r.bytes, 0);
  let refs: PreparedReference[] = [];
  for (const f of files) refs.push(await prepareReference(dataDir, f.path, f.source));
  if (total(refs) <= INLINE_BUDGET) return refs;
  refs = [];
  for (const f of files) refs.push(await prepareReference(dataDir, f.path, f.source, true));
  if (total(refs) <= INLINE_BUDGET) return refs;
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  throw fatal(
    `The references are too large together (${mb(total(refs))} MB after scaling down, at most ${mb(INLINE_BUDGET)} MB): use fewer.`,
  );
}
