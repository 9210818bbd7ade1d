/**
 * The EXR compressions decoded through three.js's EXRLoader (PIZ, PXR24,
 * B44, B44A, DWAA, DWAB): maintained, and plain JavaScript over an
 * ArrayBuffer, so it runs in Node without a DOM or a GPU.
 */
import { FloatType } from 'three';
import { EXRLoader } from 'three/examples/jsm/loaders/EXRLoader.js';
import { FormatError } from './decodedImage';

export interface LinearPixels {
  /** Linear RGB, 3 floats per pixel, top row first. */
  linear: Float32Array;
  /** Linear alpha per pixel, when the file has an A channel. */
  alpha: Float32Array | null;
}

/** The file's pixels as linear floats; `hasAlpha` says whether its header names an A channel. */
export function decodeExrWithThree(buf: Buffer, width: number, height: number, hasAlpha: boolean): LinearPixels {
  let rgba: Float32Array;
  try {
    const copy = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length) as ArrayBuffer;
    const parsed = new EXRLoader().setDataType(FloatType).parse(copy);
    if (parsed.width !== width || parsed.height !== height || !(parsed.data instanceof Float32Array)) {
      throw new Error(`EXRLoader answered ${parsed.width}×${parsed.height}`);
    }
    rgba = parsed.data;
  } catch (err) {
    throw new FormatError('corrupt or truncated EXR', err);
  }
  if (rgba.length < width * height * 4) throw new FormatError('corrupt or truncated EXR');
  const linear = new Float32Array(width * height * 3);
  const alpha = hasAlpha ? new Float32Array(width * height) : null;
  // EXRLoader lays rows out bottom first, as WebGL textures are.
  for (let y = 0; y < height; y++) {
    const from = (height - 1 - y) * width;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const s = (from + x) * 4;
      linear[i * 3] = rgba[s]!;
      linear[i * 3 + 1] = rgba[s + 1]!;
      linear[i * 3 + 2] = rgba[s + 2]!;
      if (alpha) alpha[i] = rgba[s + 3]!;
    }
  }
  return { linear, alpha };
}
