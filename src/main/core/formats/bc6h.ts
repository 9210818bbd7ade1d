/**
 * BC6H (BPTC float) blocks to linear-light RGB floats, signed or unsigned,
 * after the Khronos ARB_texture_compression_bptc and Direct3D 11
 * specifications: 16 bytes per 4×4 block, fourteen modes of one or two
 * subsets whose endpoints are packed bit by bit in each mode's own order.
 */
import { ANCHOR_2, PARTITIONS_2, readBits, WEIGHTS } from './bptc';
import { halfToFloat } from './halfFloat';

/**
 * Each mode's endpoint bits in stream order, in the specifications' notation:
 * `g2.4` is bit 4 of endpoint 2's green, `r0.0-9` bits 0 to 9 of endpoint 0's
 * red, `b3.5-4` bits 5 then 4. Endpoints 0 and 1 belong to the first subset,
 * 2 and 3 to the second.
 */
const LAYOUTS = [
  'g2.4 b2.4 b3.4 r0.0-9 g0.0-9 b0.0-9 r1.0-4 g3.4 g2.0-3 g1.0-4 b3.0 g3.0-3 b1.0-4 b3.1 b2.0-3 r2.0-4 b3.2 r3.0-4 b3.3',
  'g2.5 g3.4-5 r0.0-6 b3.0-1 b2.4 g0.0-6 b2.5 b3.2 g2.4 b0.0-6 b3.3 b3.5-4 r1.0-5 g2.0-3 g1.0-5 g3.0-3 b1.0-5 b2.0-3 r2.0-5 r3.0-5',
  'r0.0-9 g0.0-9 b0.0-9 r1.0-4 r0.10 g2.0-3 g1.0-3 g0.10 b3.0 g3.0-3 b1.0-3 b0.10 b3.1 b2.0-3 r2.0-4 b3.2 r3.0-4 b3.3',
  'r0.0-9 g0.0-9 b0.0-9 r1.0-3 r0.10 g3.4 g2.0-3 g1.0-4 g0.10 g3.0-3 b1.0-3 b0.10 b3.1 b2.0-3 r2.0-3 b3.0 b3.2 r3.0-3 g2.4 b3.3',
  'r0.0-9 g0.0-9 b0.0-9 r1.0-3 r0.10 b2.4 g2.0-3 g1.0-3 g0.10 b3.0 g3.0-3 b1.0-4 b0.10 b2.0-3 r2.0-3 b3.1-2 r3.0-3 b3.4-3',
  'r0.0-8 b2.4 g0.0-8 g2.4 b0.0-8 b3.4 r1.0-4 g3.4 g2.0-3 g1.0-4 b3.0 g3.0-3 b1.0-4 b3.1 b2.0-3 r2.0-4 b3.2 r3.0-4 b3.3',
  'r0.0-7 g3.4 b2.4 g0.0-7 b3.2 g2.4 b0.0-7 b3.3-4 r1.0-5 g2.0-3 g1.0-4 b3.0 g3.0-3 b1.0-4 b3.1 b2.0-3 r2.0-5 r3.0-5',
  'r0.0-7 b3.0 b2.4 g0.0-7 g2.5-4 b0.0-7 g3.5 b3.4 r1.0-4 g3.4 g2.0-3 g1.0-5 g3.0-3 b1.0-4 b3.1 b2.0-3 r2.0-4 b3.2 r3.0-4 b3.3',
  'r0.0-7 b3.1 b2.4 g0.0-7 b2.5 g2.4 b0.0-7 b3.5-4 r1.0-4 g3.4 g2.0-3 g1.0-4 b3.0 g3.0-3 b1.0-5 b2.0-3 r2.0-4 b3.2 r3.0-4 b3.3',
  'r0.0-5 g3.4 b3.0-1 b2.4 g0.0-5 g2.5 b2.5 b3.2 g2.4 b0.0-5 g3.5 b3.3 b3.5-4 r1.0-5 g2.0-3 g1.0-5 g3.0-3 b1.0-5 b2.0-3 r2.0-5 r3.0-5',
  'r0.0-9 g0.0-9 b0.0-9 r1.0-9 g1.0-9 b1.0-9',
  'r0.0-9 g0.0-9 b0.0-9 r1.0-8 r0.10 g1.0-8 g0.10 b1.0-8 b0.10',
  'r0.0-9 g0.0-9 b0.0-9 r1.0-7 r0.11-10 g1.0-7 g0.11-10 b1.0-7 b0.11-10',
  'r0.0-9 g0.0-9 b0.0-9 r1.0-3 r0.15-10 g1.0-3 g0.15-10 b1.0-3 b0.15-10',
];

/** Each layout as [endpoint * 3 + channel, bit] per stream bit. */
const PACKINGS = LAYOUTS.map((layout) =>
  layout.split(' ').flatMap((field) => {
    const [, channel, endpoint, from, to] = /^([rgb])(\d)\.(\d+)(?:-(\d+))?$/.exec(field)!;
    const slot = Number(endpoint) * 3 + 'rgb'.indexOf(channel!);
    const a = Number(from);
    const b = to === undefined ? a : Number(to);
    const step = b >= a ? 1 : -1;
    const bits: [number, number][] = [];
    for (let i = a; i !== b + step; i += step) bits.push([slot, i]);
    return bits;
  }),
);

interface Mode {
  subsets: 1 | 2;
  /** Whether endpoints after the first are stored as differences from it. */
  transformed: boolean;
  endpointBits: number;
  deltaBits: [number, number, number];
}

const mode = (subsets: 1 | 2, transformed: boolean, endpointBits: number, r: number, g: number, b: number): Mode => ({
  subsets,
  transformed,
  endpointBits,
  deltaBits: [r, g, b],
});

/** The specifications' modes 1 to 14, in the order of LAYOUTS. */
const MODES: Mode[] = [
  mode(2, true, 10, 5, 5, 5),
  mode(2, true, 7, 6, 6, 6),
  mode(2, true, 11, 5, 4, 4),
  mode(2, true, 11, 4, 5, 4),
  mode(2, true, 11, 4, 4, 5),
  mode(2, true, 9, 5, 5, 5),
  mode(2, true, 8, 6, 5, 5),
  mode(2, true, 8, 5, 6, 5),
  mode(2, true, 8, 5, 5, 6),
  mode(2, false, 6, 6, 6, 6),
  mode(1, false, 10, 10, 10, 10),
  mode(1, true, 11, 9, 9, 9),
  mode(1, true, 12, 8, 8, 8),
  mode(1, true, 16, 4, 4, 4),
];

let halves: Float32Array | undefined;
/** Every half float's value, made on first use: a texture looks up millions. */
function halfTable(): Float32Array {
  if (!halves) {
    halves = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) halves[h] = halfToFloat(h);
  }
  return halves;
}

const signExtend = (v: number, bits: number) => (v << (32 - bits)) >> (32 - bits);

function unquantize(v: number, bits: number, signed: boolean): number {
  if (!signed) {
    if (bits >= 15 || v === 0) return v;
    if (v === (1 << bits) - 1) return 0xffff;
    return ((v << 15) + 0x4000) >> (bits - 1);
  }
  if (bits >= 16) return v;
  const magnitude = Math.abs(v);
  let q = 0;
  if (magnitude >= (1 << (bits - 1)) - 1) q = 0x7fff;
  else if (magnitude !== 0) q = ((magnitude << 15) + 0x4000) >> (bits - 1);
  return v < 0 ? -q : q;
}

/** An interpolated value scaled into half-float bits, as the specifications' finish_unquantize. */
function toHalf(v: number, signed: boolean): number {
  if (!signed) return (v * 31) >> 6;
  return v < 0 ? 0x8000 | ((-v * 31) >> 5) : (v * 31) >> 5;
}

/** Which of MODES a block uses, or -1 for the four reserved mode numbers. */
function modeOf(first: number): number {
  const low = first & 3;
  if (low < 2) return low;
  const high = (first & 0x1f) >> 2;
  if (low === 2) return 2 + high;
  return high < 4 ? 10 + high : -1;
}

/**
 * The block at `p` into `out` (48 floats, RGB row by row). A reserved mode
 * decodes to black, as the specifications require.
 */
export function decodeBc6hBlock(src: Uint8Array, p: number, signed: boolean, out: Float32Array): void {
  const index = modeOf(src[p]!);
  if (index < 0) {
    out.fill(0, 0, 48);
    return;
  }
  const m = MODES[index]!;
  const packing = PACKINGS[index]!;
  let bit = index < 2 ? 2 : 5;
  const ep = new Array<number>(12).fill(0);
  const words = [0, 4, 8, 12].map(
    (o) => src[p + o]! | (src[p + o + 1]! << 8) | (src[p + o + 2]! << 16) | (src[p + o + 3]! << 24),
  );
  for (const [slot, b] of packing) {
    ep[slot]! |= ((words[bit >> 5]! >>> (bit & 31)) & 1) << b;
    bit++;
  }
  const partition = m.subsets === 2 ? readBits(src, p, bit, 5) : 0;
  if (m.subsets === 2) bit += 5;
  const endpoints = m.subsets * 2;
  const bits = m.endpointBits;
  const mask = (1 << bits) - 1;
  for (let c = 0; c < 3; c++) {
    if (signed) ep[c] = signExtend(ep[c]!, bits);
    for (let e = 1; e < endpoints; e++) {
      const i = e * 3 + c;
      if (m.transformed) {
        ep[i] = (ep[c]! + signExtend(ep[i]!, m.deltaBits[c]!)) & mask;
        if (signed) ep[i] = signExtend(ep[i], bits);
      } else if (signed) ep[i] = signExtend(ep[i]!, bits);
    }
  }
  for (let i = 0; i < endpoints * 3; i++) ep[i] = unquantize(ep[i]!, bits, signed);
  const indexBits = m.subsets === 2 ? 3 : 4;
  const weights = WEIGHTS[indexBits]!;
  for (let i = 0; i < 16; i++) {
    const subset = m.subsets === 2 ? PARTITIONS_2[partition]![i]! : 0;
    const anchor = i === 0 || (m.subsets === 2 && i === ANCHOR_2[partition]);
    const n = indexBits - (anchor ? 1 : 0);
    const w = weights[readBits(src, p, bit, n)]!;
    bit += n;
    for (let c = 0; c < 3; c++) {
      const a = ep[subset * 6 + c]!;
      const b = ep[subset * 6 + 3 + c]!;
      out[i * 3 + c] = halfTable()[toHalf((a * (64 - w) + b * w + 32) >> 6, signed)]!;
    }
  }
}
