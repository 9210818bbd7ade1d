/** A real encoder (worker thread, ONNX Runtime on CPU) over a fixture model folder. */
import path from 'node:path';
import { type ClipEncoder, createEncoderClient } from '../../src/main/core/clip/encoderClient';
import { pinOnnxRuntime } from '../../src/main/core/clip/pinOnnxRuntime';
import { nodeWorkerSpawner } from '../../src/main/core/workers/nodeWorker';
import { RESOURCES, ROOT } from './paths';

export function fixtureEncoder(
  modelDir: string,
  id = path.basename(modelDir),
  tuning: { visionThreads?: number } = {},
): ClipEncoder {
  pinOnnxRuntime();
  return createEncoderClient({
    model: { id, name: id, dim: 512, dir: modelDir },
    vocabPath: path.join(RESOURCES, 'clip', 'bpe_simple_vocab_16e6.txt.gz'),
    providers: ['cpu'],
    spawn: nodeWorkerSpawner(new URL(`file://${path.join(ROOT, 'src/main/core/clip/encoderThread.ts')}`)),
    ...tuning,
  });
}
