/**
 * The encoders of the models in use: the active one, and during a switch the
 * one the library is re-indexed into. Each model's encoder starts on first use
 * and stays loaded, so a search that began on the old model still gets its
 * answer after a switch, and switching back costs no load.
 *
 * An encoder is not closed when its model is switched away from: onnxruntime-node
 * cannot be loaded again in a new worker thread of a process once a thread that
 * loaded it has ended ("Module did not self-register"), so closing one would
 * leave the CLI and `atelier serve` unable to start the next. They end with the
 * process (the pool's `close`).
 */
import type { ModelDescriptor } from '../../../shared/types';
import type { ClipEncoder } from './encoderClient';

export class EncoderPool {
  private readonly encoders = new Map<string, ClipEncoder>();

  constructor(private readonly start: (model: ModelDescriptor) => ClipEncoder) {}

  /** The model's encoder, started now if need be. */
  get(model: ModelDescriptor): ClipEncoder {
    const key = `${model.id}\0${model.dir}`;
    let encoder = this.encoders.get(key);
    if (!encoder) {
      encoder = this.start(model);
      this.encoders.set(key, encoder);
    }
    return encoder;
  }

  async close(): Promise<void> {
    const all = [...this.encoders.values()];
    this.encoders.clear();
    await Promise.all(all.map((e) => e.close()));
  }
}
