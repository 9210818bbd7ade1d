/**
 * Video frames in search results. A store holds each frame as its own entry
 * (`clip.mp4#t=12.500`) beside the video's mean vector; a result names the
 * video once, at its best frame, with the other frames that match nearly as
 * well, ranked exactly from the catalog's frame vectors (at most a video's cap).
 */
import type { SearchHit } from '../../../shared/types';
import type { Catalog } from '../catalog/catalog';
import { splitFramePath } from '../catalog/framePaths';
import { VideoRecords } from '../catalog/videoRecords';
import { dot } from '../vectors/embedded/scoring';
import type { VectorHit } from '../vectors/vectorStore';

/** Frames within this cosine of the best one are marked on the timeline too. */
const NEAR_BEST = 0.05;
const MAX_MARKERS = 16;

/** Hits with each frame entry replaced by its video, each video once at its best rank. */
export function foldFrameHits(catalog: Catalog, hits: VectorHit[]): VectorHit[] {
  const seen = new Set<string>();
  const out: VectorHit[] = [];
  for (const hit of hits) {
    const split = splitFramePath(hit.path);
    const path = split && !catalog.fileByPath(hit.path) ? split.video : hit.path;
    if (seen.has(path)) continue;
    seen.add(path);
    out.push({ ...hit, path });
  }
  return out;
}

/** The frame nearest a time in seconds (frames ascending by time). */
export function nearestFrame<F extends { timeMs: number }>(frames: F[], time: number): F {
  return frames.reduce((a, b) => (Math.abs(b.timeMs - time * 1000) < Math.abs(a.timeMs - time * 1000) ? b : a));
}

const seconds = (ms: number) => Number((ms / 1000).toFixed(3));

export class VideoMoments {
  private readonly videos: VideoRecords;

  constructor(
    private readonly catalog: Catalog,
    private readonly modelId: string,
  ) {
    this.videos = new VideoRecords(catalog.db);
  }

  /** Whether any video is indexed (searches then ask the store for more, to fold frames). */
  any(): boolean {
    return this.videos.any();
  }

  /**
   * A hit on a video with its duration and, given the query vector, its best frame's time and
   * cosine and the other frames near it; any other hit as it is.
   */
  annotate<T extends SearchHit>(hit: T, query: Float32Array | null): T & { bestFrameScore?: number } {
    const row = this.catalog.fileByPath(hit.path);
    const video = row && this.videos.get(row.contentKey);
    if (!row || !video) return hit;
    const withDuration = { ...hit, duration: seconds(video.durationMs) };
    const frames = query ? this.videos.frameVectors(row.contentKey, this.modelId) : [];
    if (frames.length === 0) return withDuration;
    const scored = frames.map((f) => ({ timeMs: f.timeMs, score: dot(query!, f.vector) }));
    const best = scored.reduce((a, b) => (b.score > a.score ? b : a));
    const near = scored
      .filter((f) => f.score >= best.score - NEAR_BEST)
      .sort((a, b) => b.score - a.score)
      .slice(0, MAX_MARKERS)
      .map((f) => seconds(f.timeMs))
      .sort((a, b) => a - b);
    return { ...withDuration, time: seconds(best.timeMs), times: near, bestFrameScore: best.score };
  }
}
