/** DDS files written by the tests themselves, for the formats no tool here writes (BC6H, BC7). */

/** A DDS file with a DX10 header of `dxgi` format around `blocks`. */
export function dds(dxgi: number, width: number, height: number, blocks: Buffer): Buffer {
  const header = Buffer.alloc(148);
  header.write('DDS ', 0, 'latin1');
  header.writeUInt32LE(124, 4);
  header.writeUInt32LE(0x1 | 0x2 | 0x4 | 0x1000 | 0x80000, 8); // caps, height, width, pixel format, linear size
  header.writeUInt32LE(height, 12);
  header.writeUInt32LE(width, 16);
  header.writeUInt32LE(blocks.length, 20);
  header.writeUInt32LE(1, 28); // one mip level
  header.writeUInt32LE(32, 76);
  header.writeUInt32LE(0x4, 80); // DDPF_FOURCC
  header.write('DX10', 84, 'latin1');
  header.writeUInt32LE(0x1000, 108); // DDSCAPS_TEXTURE
  header.writeUInt32LE(dxgi, 128);
  header.writeUInt32LE(3, 132); // a 2D texture
  header.writeUInt32LE(1, 140); // one array element
  return Buffer.concat([header, blocks]);
}

/** `bits` (a 128-bit block, bit 0 first) as its 16 bytes. */
export function blockBytes(bits: bigint): Buffer {
  const out = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) out[i] = Number((bits >> BigInt(i * 8)) & 0xffn);
  return out;
}
