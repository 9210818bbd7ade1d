/**
 * BC7 (BPTC unorm) blocks to 8-bit RGBA, after the Khronos
 * ARB_texture_compression_bptc specification: 16 bytes per 4×4 block, eight
 * modes told apart by the block's lowest set bit.
 */
import { ANCHOR_2, ANCHOR_3_SECOND, ANCHOR_3_THIRD, PARTITIONS_2, PARTITIONS_3, readBits, WEIGHTS } from './bptc';

interface Mode {
  subsets: number;
  partitionBits: number;
  rotationBits: number;
  indexSelectionBits: number;
  colourBits: number;
  alphaBits: number;
  /** A p-bit per endpoint, or one shared by a subset's two endpoints. */
  pBits: 'endpoint' | 'subset' | 'none';
  indexBits: number;
  /** Mode 4 and 5's second index set (alpha, or colour when the selection bit swaps them). */
  secondIndexBits: number;
}

const mode = (
  subsets: number,
  partitionBits: number,
  rotationBits: number,
  indexSelectionBits: number,
  colourBits: number,
  alphaBits: number,
  pBits: Mode['pBits'],
  indexBits: number,
  secondIndexBits: number,
): Mode => ({
  subsets,
  partitionBits,
  rotationBits,
  indexSelectionBits,
  colourBits,
  alphaBits,
  pBits,
  indexBits,
  secondIndexBits,
});

/** The specification's table of modes 0 to 7. */
const MODES: Mode[] = [
  mode(3, 4, 0, 0, 4, 0, 'endpoint', 3, 0),
  mode(2, 6, 0, 0, 6, 0, 'subset', 3, 0),
  mode(3, 6, 0, 0, 5, 0, 'none', 2, 0),
  mode(2, 6, 0, 0, 7, 0, 'endpoint', 2, 0),
  mode(1, 0, 2, 1, 5, 6, 'none', 2, 3),
  mode(1, 0, 2, 0, 7, 8, 'none', 2, 2),
  mode(1, 0, 0, 0, 7, 7, 'endpoint', 4, 0),
  mode(2, 6, 0, 0, 5, 5, 'endpoint', 2, 0),
];

/** A value of `bits` bits widened to 8 by repeating its high bits. */
function widen(v: number, bits: number): number {
  v <<= 8 - bits;
  return v | (v >> bits);
}

const lerp = (a: number, b: number, w: number) => ((64 - w) * a + w * b + 32) >> 6;

/** Whether pixel `i` stores its index with one bit less (its subset's anchor). */
function isAnchor(m: Mode, partition: number, i: number): boolean {
  if (i === 0) return true;
  if (m.subsets === 2) return i === ANCHOR_2[partition];
  if (m.subsets === 3) return i === ANCHOR_3_SECOND[partition] || i === ANCHOR_3_THIRD[partition];
  return false;
}

/**
 * The block at `p` into `out` (64 bytes, RGBA row by row). The reserved mode
 * (a first byte of zero) decodes to transparent black, as the Direct3D
 * specification requires.
 */
export function decodeBc7Block(src: Uint8Array, p: number, out: Uint8Array): void {
  const first = src[p]!;
  if (first === 0) {
    out.fill(0, 0, 64);
    return;
  }
  let index = 0;
  while (!((first >> index) & 1)) index++;
  const m = MODES[index]!;
  let bit = index + 1;
  const read = (n: number) => {
    const v = readBits(src, p, bit, n);
    bit += n;
    return v;
  };
  const partition = read(m.partitionBits);
  const rotation = read(m.rotationBits);
  const selection = read(m.indexSelectionBits);
  const endpoints = m.subsets * 2;
  // endpoint e's channel c at [e * 4 + c]
  const ep = new Array<number>(endpoints * 4);
  for (let c = 0; c < 4; c++) {
    for (let e = 0; e < endpoints; e++) {
      const bits = c < 3 ? m.colourBits : m.alphaBits;
      ep[e * 4 + c] = bits ? read(bits) : 255;
    }
  }
  let colourBits = m.colourBits;
  let alphaBits = m.alphaBits;
  if (m.pBits !== 'none') {
    const pb: number[] = [];
    if (m.pBits === 'endpoint') for (let e = 0; e < endpoints; e++) pb.push(read(1));
    else {
      for (let s = 0; s < m.subsets; s++) {
        const shared = read(1);
        pb.push(shared, shared);
      }
    }
    for (let e = 0; e < endpoints; e++) {
      for (let c = 0; c < 4; c++) if (c < 3 || alphaBits) ep[e * 4 + c] = (ep[e * 4 + c]! << 1) | pb[e]!;
    }
    colourBits++;
    if (alphaBits) alphaBits++;
  }
  for (let e = 0; e < endpoints; e++) {
    for (let c = 0; c < 3; c++) ep[e * 4 + c] = widen(ep[e * 4 + c]!, colourBits);
    if (alphaBits) ep[e * 4 + 3] = widen(ep[e * 4 + 3]!, alphaBits);
  }
  let firstIndex = bit;
  let secondIndex = bit + 16 * m.indexBits - m.subsets;
  const table = m.subsets === 2 ? PARTITIONS_2 : PARTITIONS_3;
  for (let i = 0; i < 16; i++) {
    const subset = m.subsets === 1 ? 0 : table[partition]![i]!;
    const anchor = isAnchor(m, partition, i);
    const n1 = m.indexBits - (anchor ? 1 : 0);
    const i1 = readBits(src, p, firstIndex, n1);
    firstIndex += n1;
    let colourWeight = WEIGHTS[m.indexBits]![i1]!;
    let alphaWeight = colourWeight;
    if (m.secondIndexBits) {
      const n2 = m.secondIndexBits - (i === 0 ? 1 : 0);
      const i2 = readBits(src, p, secondIndex, n2);
      secondIndex += n2;
      const w2 = WEIGHTS[m.secondIndexBits]![i2]!;
      if (selection) colourWeight = w2;
      else alphaWeight = w2;
    }
    const a = subset * 8;
    const o = i * 4;
    for (let c = 0; c < 4; c++) out[o + c] = lerp(ep[a + c]!, ep[a + 4 + c]!, c < 3 ? colourWeight : alphaWeight);
    if (rotation) {
      const swap = out[o + rotation - 1]!;
      out[o + rotation - 1] = out[o + 3]!;
      out[o + 3] = swap;
    }
  }
}
