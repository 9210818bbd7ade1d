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
