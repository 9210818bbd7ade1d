/**
 * Exact nearest-neighbour search over one model's vectors held in memory,
 * updated in place by upserts and deletes. Small libraries are searched this way
 * (it is exact and fast below a few tens of thousands of vectors).
 */
import type { VectorEntry, VectorFilter, VectorHit } from '../vectorStore';
import { topK } from '../../search/topK';

type Meta = Omit<VectorEntry, 'vector'>;

export class ExactIndex {
  private readonly slots = new Map<string, number>();
  private metas: Array<Meta | null> = [];
  private data: Float32Array;
  private used = 0;

  constructor(readonly dim: number) {
    this.data = new Float32Array(dim * 1024);
  }

  get size(): number {
    return this.slots.size;
  }

  upsert(entries: VectorEntry[]): void {
    for (const { vector, ...meta } of entries) {
      let slot = this.slots.get(meta.path);
      if (slot === undefined) {
        slot = this.used++;
        if (slot * this.dim >= this.data.length) {
          const grown = new Float32Array(this.data.length * 2);
          grown.set(this.data);
          this.data = grown;
        }
        this.slots.set(meta.path, slot);
      }
      this.data.set(vector, slot * this.dim);
      this.metas[slot] = meta;
    }
  }

  delete(paths: string[]): void {
    for (const p of paths) {
      const slot = this.slots.get(p);
      if (slot === undefined) continue;
      this.slots.delete(p);
      this.metas[slot] = null;
    }
  }

  search(query: Float32Array, k: number, filter: VectorFilter = {}): VectorHit[] {
    const { dim, data } = this;
    const scores = new Float32Array(this.used);
    for (let r = 0, off = 0; r < this.used; r++, off += dim) {
      let s = 0;
      for (let i = 0; i < dim; i++) s += data[off + i]! * query[i]!;
      scores[r] = s;
    }
    const folders = filter.folders?.length ? filter.folders : null;
    const formats = filter.formats?.length ? new Set(filter.formats) : null;
    const accept = (i: number) => {
      const m = this.metas[i];
      if (!m) return false;
      if (formats && !formats.has(m.format)) return false;
      return !folders || folders.some((f) => m.path.startsWith(f));
    };
    return topK(scores, k, accept).map((i) => {
      const m = this.metas[i]!;
      return { path: m.path, score: scores[i]!, width: m.width, height: m.height, format: m.format };
    });
  }
}
