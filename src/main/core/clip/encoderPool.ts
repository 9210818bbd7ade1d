/**
 * The encoders of the models in use: the active one, and during a switch the
 * one the library is re-indexed into. Each model's encoder starts on first use
 * and stays loaded; an encoder no longer needed (the switch finished) is closed
 * once the calls it is answering have ended, so a search that began on the old
 * model still gets its answer.
 */
import type { ModelDescriptor } from '../../../shared/types';
import type { ClipEncoder } from './encoderClient';

interface Entry {
  encoder: ClipEncoder;
  busy: number;
  retired: boolean;
}

export class EncoderPool {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly start: (model: ModelDescriptor) => ClipEncoder) {}

  /** The model's encoder (started now if need be), counting the calls in flight on it. */
  get(model: ModelDescriptor): ClipEncoder {
    const key = `${model.id}\0${model.dir}`;
    let entry = this.entries.get(key);
    if (!entry || entry.retired) {
      entry = { encoder: this.start(model), busy: 0, retired: false };
      this.entries.set(key, entry);
    }
    const held = entry;
    const counted =
      <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        held.busy++;
        try {
          return await fn(...args);
        } finally {
          held.busy--;
          if (held.retired && held.busy === 0) void held.encoder.close();
        }
      };
    const { encoder } = held;
    return {
      model: encoder.model,
      ready: counted(() => encoder.ready()),
      batchSize: counted(() => encoder.batchSize()),
      embedTexts: counted((texts: string[]) => encoder.embedTexts(texts)),
      embedImages: counted((paths: string[]) => encoder.embedImages(paths)),
      close: () => Promise.resolve(),
    };
  }

  /** Closes the encoders of every model but these, each once it is idle. */
  keepOnly(ids: Array<string | null | undefined>): void {
    for (const [key, entry] of this.entries) {
      if (ids.includes(entry.encoder.model.id)) continue;
      this.entries.delete(key);
      entry.retired = true;
      if (entry.busy === 0) void entry.encoder.close();
    }
  }

  async close(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(all.map((e) => e.encoder.close()));
  }
}
