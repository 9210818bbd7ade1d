/**
 * Camera RAW (CR2, CR3, NEF, ARW, RAF, ORF, RW2, DNG...): the largest JPEG
 * preview the camera embedded, as rclip does; search needs no demosaicing.
 * Every maker stores its previews as whole JPEG streams, but in a different
 * container (TIFF IFDs, ISO boxes, Fuji's own header), so the file is scanned
 * for JPEG starts and each candidate's header is read by libvips; the largest
 * that decodes wins. Sensor data coded as lossless JPEG (CR2) is refused by
 * libjpeg and so never chosen.
 */
import sharp from 'sharp';
import { FormatError } from './decodedImage';

/** Raw containers TIFF's and ISO media's signatures do not cover. */
export function isRawContainer(head: Uint8Array): boolean {
  const t = Buffer.from(head.buffer, head.byteOffset, head.length).toString('latin1', 0, 16);
  return (
    t.startsWith('FUJIFILMCCD-RAW') || // RAF
    t.startsWith('IIRO') ||
    t.startsWith('IIRS') ||
    t.startsWith('MMOR') || // ORF
    t.startsWith('IIU\0') // RW2
  );
}

/** Bounds the work on a file full of false starts. */
const MAX_CANDIDATES = 64;

/** The largest embedded preview's JPEG bytes (from its start to the file's end; libjpeg stops at its end). */
export async function largestPreview(buf: Buffer, maxPixels: number): Promise<Buffer> {
  const found: Array<{ at: number; area: number }> = [];
  for (let at = buf.indexOf(SOI); at >= 0 && found.length < MAX_CANDIDATES; at = buf.indexOf(SOI, at + 3)) {
    const meta = await sharp(buf.subarray(at), { limitInputPixels: false })
      .metadata()
      .catch(() => null);
    if (meta?.format === 'jpeg' && meta.width && meta.height) found.push({ at, area: meta.width * meta.height });
  }
  found.sort((a, b) => b.area - a.area);
  for (const { at, area } of found) {
    if (area > maxPixels) continue;
    const jpeg = buf.subarray(at);
    const ok = await sharp(jpeg, { failOn: 'error' })
      .resize(8, 8)
      .raw()
      .toBuffer()
      .then(
        () => true,
        () => false,
      );
    if (ok) return jpeg;
  }
  throw new FormatError('camera RAW file with no usable embedded preview');
}

const SOI = Buffer.from([0xff, 0xd8, 0xff]);

/**
 * The Orientation tag (0x112) of a TIFF-based raw file's first IFD, 1 when
 * absent: cameras record it there, and most leave it out of the previews.
 */
export function rawOrientation(buf: Buffer): number {
  if (buf.length < 8) return 1;
  const order = buf.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return 1;
  const le = order === 'II';
  const u16 = (at: number) => (le ? buf.readUInt16LE(at) : buf.readUInt16BE(at));
  const u32 = (at: number) => (le ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
  const ifd = u32(4);
  if (ifd + 2 > buf.length) return 1;
  const count = u16(ifd);
  for (let i = 0; i < count && ifd + 2 + i * 12 + 12 <= buf.length; i++) {
    const entry = ifd + 2 + i * 12;
    if (u16(entry) === 0x112) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}
