/** Studio-format files written by ImageMagick, and its own decoding of them as the pixel reference. */
import { execFileSync } from 'node:child_process';

/** Runs ImageMagick's `convert` with the given arguments. */
export function convert(...args: string[]): Buffer {
  return execFileSync('convert', args, { maxBuffer: 256 * 1024 * 1024 });
}

/** ImageMagick's 8-bit pixels of a file, `map` naming the channels (rgb, rgba, gray). */
export function referencePixels(file: string, map: 'rgb' | 'rgba' = 'rgba'): Buffer {
  // [0]: the first image, which for a PSD is its composite (the layers follow).
  return convert(`${file}[0]`, '-depth', '8', `${map}:-`);
}

/** The largest difference between two equally long sample buffers. */
export function maxDiff(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/** Pillow's 8-bit RGBA pixels of a file: the reference for TGA, which ImageMagick 6 writes and reads upside down. */
export function pillowPixels(file: string): Buffer {
  const script =
    'import sys; from PIL import Image; sys.stdout.buffer.write(Image.open(sys.argv[1]).convert("RGBA").tobytes())';
  return execFileSync('python3', ['-c', script, file], { maxBuffer: 256 * 1024 * 1024 });
}

/** Writes a TGA with Pillow (RLE when asked): ImageMagick 6 writes its rows in the wrong order. */
export function pillowTga(source: string, target: string, rle: boolean): void {
  const script =
    'import sys; from PIL import Image; Image.open(sys.argv[1]).save(sys.argv[2], compression=sys.argv[3] or None)';
  execFileSync('python3', ['-c', script, source, target, rle ? 'tga_rle' : '']);
}

/**
 * Writes a scanline EXR with the OpenEXR library's Python binding (PyPI `OpenEXR`, pinned in .ci/run):
 * ImageMagick 6 writes neither B44 nor DWA. Half-float RGBA, a seeded noise within [0, 1) over a
 * gradient, so that every pixel differs and the tone mapping is the sRGB curve alone.
 */
export function openExrWrite(file: string, compression: string, width: number, height: number): void {
  const script = `
import sys, numpy as np, OpenEXR
w, h = int(sys.argv[3]), int(sys.argv[4])
rng = np.random.default_rng(5)
ramp = np.linspace(0, 0.6, w, dtype=np.float32)[None, :, None]
rgba = np.clip(ramp + 0.4 * rng.random((h, w, 4), dtype=np.float32), 0, 0.999).astype(np.float16)
header = {"compression": getattr(OpenEXR, sys.argv[2] + "_COMPRESSION"), "type": OpenEXR.scanlineimage}
with OpenEXR.File(header, {"RGBA": rgba}) as f:
    f.write(sys.argv[1])`;
  execFileSync('python3', ['-c', script, file, compression, String(width), String(height)]);
}

/** The OpenEXR library's own decoding of a file's RGBA, as little-endian 32-bit floats. */
export function openExrPixels(file: string): Float32Array {
  const script = `
import sys, numpy as np, OpenEXR
with OpenEXR.File(sys.argv[1]) as f:
    sys.stdout.buffer.write(f.channels()["RGBA"].pixels.astype("<f4").tobytes())`;
  const bytes = execFileSync('python3', ['-c', script, file], { maxBuffer: 256 * 1024 * 1024 });
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
}
