/**
 * A long list of file ids in pieces a query can take as one JSON parameter:
 * a pass told of twenty thousand written files asks about them a thousand at
 * a time, rather than sending all of them with every batch it reads.
 */
const CHUNK = 1000;

export function idChunks(ids: readonly number[]): number[][] {
  const sorted = [...ids].sort((a, b) => a - b);
  const out: number[][] = [];
  for (let i = 0; i < sorted.length; i += CHUNK) out.push(sorted.slice(i, i + CHUNK));
  return out;
}
