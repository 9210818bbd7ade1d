/**
 * The shape of a saved usearch index (dense, 32-bit slots), checked before the
 * native code maps it: usearch trusts the counts in a file it maps and reads
 * past its end when they lie, which crashes the process rather than throwing.
 * This reads only the headers and the one level number per node (2 bytes a
 * vector), so it costs milliseconds at a million vectors.
 *
 * The layout: rows and columns of the vector matrix (u32 each), the matrix,
 * a 64-byte head starting "usearch", the graph's header (five u64: size,
 * connectivity, base connectivity, top level, entry slot), one i16 level per
 * node, then the nodes, each a key (u64), its level (i16) and a neighbour list
 * per level (u32 count and u32 slots; the base level holds twice as many).
 */
import fs from 'node:fs';

const MAGIC = 'usearch';
const DENSE_HEAD = 64;
const GRAPH_HEADER = 40;
const NODE_HEAD = 8 + 2;
/** Higher than any graph of a few billion nodes reaches (levels grow with log n). */
const MAX_LEVEL = 64;

export interface ExpectedLayout {
  /** Bytes of one stored vector (the dimension for i8, twice it for f16). */
  vectorBytes: number;
  connectivity: number;
}

function readAt(fd: number, position: number, length: number): Buffer | null {
  const buf = Buffer.alloc(length);
  return fs.readSync(fd, buf, 0, length, position) === length ? buf : null;
}

/** True when the open file is laid out as a usearch index of this shape, to its last byte. */
export function indexLayoutFits(fd: number, expected: ExpectedLayout): boolean {
  const size = fs.fstatSync(fd).size;
  const matrix = readAt(fd, 0, 8);
  if (!matrix) return false;
  const rows = matrix.readUInt32LE(0);
  if (matrix.readUInt32LE(4) !== expected.vectorBytes) return false;
  const headAt = 8 + rows * expected.vectorBytes;
  const head = headAt + DENSE_HEAD + GRAPH_HEADER <= size ? readAt(fd, headAt, DENSE_HEAD + GRAPH_HEADER) : null;
  if (!head || head.toString('latin1', 0, MAGIC.length) !== MAGIC) return false;
  const graph = (i: number) => Number(head.readBigUInt64LE(DENSE_HEAD + 8 * i));
  const [nodes, connectivity, base, top, entry] = [0, 1, 2, 3, 4].map(graph) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (nodes !== rows || connectivity !== expected.connectivity || base !== 2 * connectivity) return false;
  if (nodes === 0) return true;
  if (top > MAX_LEVEL || entry >= nodes) return false;
  const levelsAt = headAt + DENSE_HEAD + GRAPH_HEADER;
  if (levelsAt + 2 * nodes > size) return false;
  const levels = readAt(fd, levelsAt, 2 * nodes);
  if (!levels) return false;
  const baseBytes = NODE_HEAD + 4 + 4 * base;
  const levelBytes = 4 + 4 * connectivity;
  let end = levelsAt + 2 * nodes;
  for (let i = 0; i < nodes; i++) {
    const level = levels.readInt16LE(2 * i);
    if (level < 0 || level > top) return false;
    end += baseBytes + levelBytes * level;
  }
  return end === size;
}
