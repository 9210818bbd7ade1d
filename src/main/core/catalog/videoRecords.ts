/**
 * Videos in the catalog: per content key, the duration and the frames kept,
 * each with its time. Frames belong to the content, not to a path, so a moved
 * or copied video keeps them and an unchanged one is never decoded again.
 */
import type { Db } from './database';
import { frameKey } from './framePaths';

export interface VideoRecord {
  durationMs: number;
  note: string | null;
  /** Frame times in ms, ascending. */
  frames: number[];
}

function fromBlob(b: Buffer): Float32Array {
  // Copied: a Buffer may share a pool and need not be 4-byte aligned.
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

export class VideoRecords {
  constructor(private readonly db: Db) {}

  /** Records a video's frames (their vectors are stored by the caller under `frameKey`); replaces earlier ones. */
  put(videoKey: string, durationMs: number, note: string | null, framesMs: number[]): void {
    this.db
      .prepare(
        `INSERT INTO videos (content_key, duration_ms, note, made_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(content_key) DO UPDATE SET duration_ms = excluded.duration_ms, note = excluded.note, made_at = excluded.made_at`,
      )
      .run(videoKey, Math.round(durationMs), note, Date.now());
    const keep = new Set(framesMs);
    const old = this.frameTimes(videoKey);
    const drop = this.db.prepare(`DELETE FROM video_frames WHERE video_key = ? AND time_ms = ?`);
    for (const t of old) if (!keep.has(t)) drop.run(videoKey, t);
    const add = this.db.prepare(
      `INSERT INTO video_frames (video_key, time_ms, frame_key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    for (const t of framesMs) add.run(videoKey, t, frameKey(videoKey, t));
  }

  private frameTimes(videoKey: string): number[] {
    return (
      this.db
        .prepare(`SELECT time_ms AS t FROM video_frames WHERE video_key = ? ORDER BY time_ms`)
        .all(videoKey) as Array<{ t: number }>
    ).map((r) => r.t);
  }

  get(videoKey: string): VideoRecord | undefined {
    const row = this.db
      .prepare(`SELECT duration_ms AS durationMs, note FROM videos WHERE content_key = ?`)
      .get(videoKey) as { durationMs: number; note: string | null } | undefined;
    return row && { ...row, frames: this.frameTimes(videoKey) };
  }

  /** Each frame's time and vector for a model, ascending by time. */
  frameVectors(videoKey: string, modelId: string): Array<{ timeMs: number; vector: Float32Array }> {
    const rows = this.db
      .prepare(
        `SELECT vf.time_ms AS timeMs, e.vector FROM video_frames vf
         JOIN embeddings e ON e.content_key = vf.frame_key AND e.model_id = ?
         WHERE vf.video_key = ? ORDER BY vf.time_ms`,
      )
      .all(modelId, videoKey) as Array<{ timeMs: number; vector: Buffer }>;
    return rows.map((r) => ({ timeMs: r.timeMs, vector: fromBlob(r.vector) }));
  }

  /** Whether the catalog holds any video frame (search then folds frame hits into their video). */
  any(): boolean {
    return this.db.prepare(`SELECT 1 FROM video_frames LIMIT 1`).get() !== undefined;
  }

  /**
   * Forgets, of the videos whose keys are `gone` (no file holds them), their frames and records;
   * returns the frames' keys, whose vectors may now be orphans.
   */
  deleteGone(gone: readonly string[]): string[] {
    if (gone.length === 0) return [];
    const keys = JSON.stringify(gone);
    const frames = this.db
      .prepare(`SELECT frame_key FROM video_frames WHERE video_key IN (SELECT value FROM json_each(?))`)
      .pluck()
      .all(keys) as string[];
    this.db.prepare(`DELETE FROM video_frames WHERE video_key IN (SELECT value FROM json_each(?))`).run(keys);
    this.db.prepare(`DELETE FROM videos WHERE content_key IN (SELECT value FROM json_each(?))`).run(keys);
    return frames;
  }

  /** Forgets videos no file holds any more (their frames' vectors go with the orphan embeddings). */
  deleteOrphans(): void {
    this.db.exec(
      `DELETE FROM video_frames WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.content_key = video_frames.video_key);
       DELETE FROM videos WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.content_key = videos.content_key);`,
    );
  }
}
