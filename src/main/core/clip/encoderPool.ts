/**
 * The encoders of the models in use: the active one, and during a switch the
 * one the library is re-indexed into. Each model's encoder starts on first use
 * and stays loaded while its model is in use, so a search that began on the
 * old model still gets its answer after a switch.
 *
 * Once a model is neither active nor being switched to, its encoder is closed
 * as soon as no call is in flight on it, freeing the model's memory. That needs
 * onnxruntime-node's binding pinned in the process (pinOnnxRuntime.ts) where
 * encoders are worker threads: else a closed encoder's thread would take the
 * binding with it and the next encoder could not load.
 */
import type { ModelDescriptor } from '../../../shared/types';
import type { ClipEncoder } from './encoderClient';

interface Entry {
  encoder: ClipEncoder;
  busy: number;
  retiring: boolean;
}

const keyOf = (model: ModelDescriptor) => `${model.id}\0${model.dir}`;

export class EncoderPool {
  private readonly entries = new Map<string, Entry>();
  private readonly closing = new Set<Promise<void>>();

  constructor(private readonly start: (model: ModelDescriptor) => ClipEncoder) {}

  /** The model's encoder, started now if need be. */
  get(model: ModelDescriptor): ClipEncoder {
    const key = keyOf(model);
    const existing = this.entries.get(key);
    if (existing && !existing.retiring) return existing.encoder;
    const inner = this.start(model);
    const entry: Entry = { encoder: inner, busy: 0, retiring: false };
    entry.encoder = this.counted(key, entry, inner);
    this.entries.set(key, entry);
    return entry.encoder;
  }

  /** Closes the encoders of every model not in `inUse` (ids), each once its calls in flight are answered. */
  retire(inUse: ReadonlySet<string>): void {
    for (const [key, entry] of this.entries) {
      if (inUse.has(entry.encoder.model.id)) continue;
      entry.retiring = true;
      if (entry.busy === 0) this.closeEntry(key, entry);
    }
  }

  /** Models whose encoders are open now. */
  loaded(): string[] {
    return [...this.entries.values()].map((e) => e.encoder.model.id);
  }

  async close(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all([...all.map((e) => e.encoder.close()), ...this.closing]);
  }

  private closeEntry(key: string, entry: Entry): void {
    if (this.entries.get(key) !== entry) return;
    this.entries.delete(key);
    const closed = entry.encoder.close().catch(() => undefined);
    this.closing.add(closed);
    void closed.finally(() => this.closing.delete(closed));
  }

  /** The encoder with each call counted, so that retiring waits for the calls in flight. */
  private counted(key: string, entry: Entry, inner: ClipEncoder): ClipEncoder {
    const track = async <T>(call: () => Promise<T>): Promise<T> => {
      entry.busy++;
      try {
        return await call();
      } finally {
        entry.busy--;
        if (entry.retiring && entry.busy === 0) this.closeEntry(key, entry);
      }
    };
    // A caller that kept this encoder past its closing (a search that began before a switch) is
    // served by the pool's encoder for the model, so no worker starts outside the pool.
    const live = (): ClipEncoder | null => (this.entries.get(key) === entry ? null : this.get(inner.model));
    return {
      model: inner.model,
      ready: () => live()?.ready() ?? track(() => inner.ready()),
      batchSize: () => live()?.batchSize() ?? track(() => inner.batchSize()),
      embedTexts: (texts, language) =>
        live()?.embedTexts(texts, language) ?? track(() => inner.embedTexts(texts, language)),
      embedImages: (paths) => live()?.embedImages(paths) ?? track(() => inner.embedImages(paths)),
      close: () => inner.close(),
    };
  }
}
