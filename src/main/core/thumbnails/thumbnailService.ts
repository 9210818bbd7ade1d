/**
 * Thumbnails: WebP images made with sharp on first request and cached under
 * `<dataDir>/thumbnails/`, keyed by the file's content key and size, so a
 * renamed or moved file keeps its thumbnail and a changed one gets a new one.
 * Only files inside indexed folders, uploads and generated images are served
 * (see readableFiles.ts).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { ThumbnailSize } from '../../../shared/types';
import type { Catalog } from '../catalog/catalog';
import { contentKey } from '../files/contentKey';
import { checkReadable, readableRoots } from '../files/readableFiles';
import { isVideoPath } from '../files/videoFiles';
import { decodeStudioFile, FormatError } from '../formats/decodeImage';
import { videoFrameImage } from './videoFrameImage';

export const THUMBNAIL_PIXELS: Record<ThumbnailSize, number> = { small: 256, preview: 1024, large: 4096 };

/** The size a request's `size` parameter names; small for anything else. */
export function thumbnailSize(value: string | null): ThumbnailSize {
  return value === 'preview' || value === 'large' ? value : 'small';
}

/** The same limit the indexer applies: a decompression bomb is refused, not decoded. */
const MAX_INPUT_PIXELS = 100_000_000;
/** sharp uses its own threads; more than this many at once only queues inside libvips. */
const CONCURRENT_RENDERS = 2;

export type ThumbnailResult =
  { ok: true; file: string; etag: string } | { ok: false; status: 403 | 404 | 422; reason: string };

export class ThumbnailService {
  private readonly rendering = new Map<string, Promise<void>>();
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly dataDir: string,
    private readonly catalog: Catalog,
    /** Reads video frames; without it a video has no thumbnail. */
    private readonly ffmpeg: string | null = null,
  ) {}

  /** The folders whose files may be shown: the catalog's roots, uploaded images and generated ones. */
  roots(): string[] {
    return readableRoots(
      this.dataDir,
      this.catalog.roots().map((r) => r.path),
    );
  }

  /**
   * The cached thumbnail of `file`, made now if needed; refused for a file outside the indexed
   * folders. A video's is its frame at `time` seconds (default its first).
   */
  async thumbnail(file: string, size: ThumbnailSize = 'small', time?: number): Promise<ThumbnailResult> {
    const access = await checkReadable(file, this.roots());
    if (!access.ok) return access;
    const key = await this.keyOf(access.realPath);
    if (!key) return { ok: false, status: 404, reason: 'no such file' };
    const video = isVideoPath(access.realPath);
    const at = video ? `@${Math.round(Math.max(0, time ?? 0) * 1000)}` : '';
    const etag = `${key}${at}-${size}`;
    const target = path.join(this.dataDir, 'thumbnails', size, key.slice(-2), `${key}${at}.webp`);
    try {
      await fs.access(target);
      return { ok: true, file: target, etag };
    } catch {
      // Not cached yet.
    }
    try {
      await this.renderOnce(etag, () =>
        this.render(access.realPath, target, THUMBNAIL_PIXELS[size], video ? Math.max(0, time ?? 0) : undefined),
      );
    } catch (err) {
      return { ok: false, status: 422, reason: `cannot make a thumbnail: ${(err as Error).message}` };
    }
    return { ok: true, file: target, etag };
  }

  /** The catalog's content key while the file is unchanged since indexing; else hashed now. */
  private async keyOf(file: string): Promise<string | null> {
    const stat = await fs.stat(file).catch(() => null);
    if (!stat?.isFile()) return null;
    const row = this.catalog.fileByPath(file);
    if (row && row.size === stat.size && row.mtimeMs === Math.trunc(stat.mtimeMs)) return row.contentKey;
    return contentKey(file, stat.size);
  }

  /** Concurrent requests for one thumbnail share one render. */
  private renderOnce(id: string, render: () => Promise<void>): Promise<void> {
    let pending = this.rendering.get(id);
    if (!pending) {
      pending = this.limited(render).finally(() => this.rendering.delete(id));
      this.rendering.set(id, pending);
    }
    return pending;
  }

  private async limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= CONCURRENT_RENDERS) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  private requireFfmpeg(): string {
    if (!this.ffmpeg) throw new Error('no ffmpeg to read videos with');
    return this.ffmpeg;
  }

  /** sharp over the file, or over the pixels core/formats decoded from it (PSD, TGA, HDR, SVG, Krita, RAW...). */
  private async open(source: string): Promise<sharp.Sharp> {
    let studio;
    try {
      studio = await decodeStudioFile(source, MAX_INPUT_PIXELS);
    } catch (err) {
      throw err instanceof FormatError ? new Error(err.reason, { cause: err }) : err;
    }
    if (!studio) return sharp(source, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' });
    const { data, width, height, channels } = studio;
    return sharp(data, { raw: { width, height, channels }, limitInputPixels: MAX_INPUT_PIXELS });
  }

  private async render(source: string, target: string, pixels: number, time?: number): Promise<void> {
    await fs.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      const image =
        time === undefined
          ? await this.open(source)
          : sharp(await videoFrameImage(this.requireFfmpeg(), source, time, pixels));
      await image
        .rotate()
        .resize(pixels, pixels, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 80, effort: 2 })
        .toFile(tmp);
      await fs.rename(tmp, target);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
  }
}
