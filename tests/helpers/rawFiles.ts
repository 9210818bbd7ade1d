/**
 * Camera RAW files as the decoders meet them: most (NEF, CR2, ARW, DNG…) are
 * TIFF containers whose IFD chain points at embedded JPEG previews.
 */

/** A little-endian TIFF whose IFDs point at each JPEG (JPEGInterchangeFormat) and carry an Orientation, as raw files do. */
export function tiffWithPreviews(jpegs: Buffer[], orientation = 1): Buffer {
  const ifdSize = 2 + 3 * 12 + 4;
  const header = Buffer.alloc(8 + ifdSize * jpegs.length);
  header.write('II', 0, 'latin1');
  header.writeUInt16LE(42, 2);
  header.writeUInt32LE(8, 4);
  let offset = header.length;
  jpegs.forEach((jpeg, n) => {
    const o = 8 + n * ifdSize;
    header.writeUInt16LE(3, o);
    const entries: Array<[number, number, number]> = [
      [0x112, 3, orientation], // SHORT
      [0x201, 4, offset], // LONG
      [0x202, 4, jpeg.length],
    ];
    entries.forEach(([tag, type, value], k) => {
      const e = o + 2 + k * 12;
      header.writeUInt16LE(tag, e);
      header.writeUInt16LE(type, e + 2);
      header.writeUInt32LE(1, e + 4);
      if (type === 3) header.writeUInt16LE(value, e + 8);
      else header.writeUInt32LE(value, e + 8);
    });
    header.writeUInt32LE(n + 1 < jpegs.length ? 8 + (n + 1) * ifdSize : 0, o + 2 + 3 * 12);
    offset += jpeg.length;
  });
  return Buffer.concat([header, ...jpegs]);
}
