/**
 * A Photoshop document saved without a composite (Maximize Compatibility
 * off), flattened from its layers: each visible layer's pixels at its
 * position, with its opacity and fill opacity and its groups' opacity, laid
 * bottom to top with normal blending. Not rendered: blend modes other than
 * normal (each layer is blended as normal), layer and vector masks, clipping
 * masks (a clipped layer is drawn unclipped), layer effects (shadows, strokes,
 * overlays) and adjustment layers (skipped), so the picture can differ from
 * Photoshop's where a document relies on them; for search, the layers'
 * colours and shapes are what matters.
 */
import type { Layer, Psd } from 'ag-psd';
import { FormatError } from './decodedImage';
import { linearToSrgb } from './toneMap';

/** The layers that hold pixels, bottom first, with the opacity their groups add; hidden ones and their groups left out. */
function visibleLayers(children: Layer[] | undefined, opacity = 1, out: { layer: Layer; opacity: number }[] = []) {
  for (const layer of children ?? []) {
    if (layer.hidden) continue;
    const own = opacity * (layer.opacity ?? 1);
    if (layer.children) visibleLayers(layer.children, own, out);
    else if (!layer.adjustment) out.push({ layer, opacity: own * (layer.fillOpacity ?? 1) });
  }
  return out;
}

/** How many layers hold pixels (groups not counted), for `info`. */
export function countLayers(children: Layer[] | undefined): number {
  return (children ?? []).reduce((n, l) => n + (l.children ? countLayers(l.children) : 1), 0);
}

/** Every layer's declared pixel count, hidden ones too (ag-psd decodes them all). */
function declaredPixels(children: Layer[] | undefined): number {
  return (children ?? []).reduce(
    (sum, l) =>
      sum +
      declaredPixels(l.children) +
      Math.max(0, (l.right ?? 0) - (l.left ?? 0)) * Math.max(0, (l.bottom ?? 0) - (l.top ?? 0)),
    0,
  );
}

/**
 * Refuses a document whose layers, as declared, would take more than
 * `maxPixels` pixels together (a hostile file can declare huge empty layers).
 */
export function checkLayerSizes(psd: Psd, maxPixels: number): void {
  const total = declaredPixels(psd.children);
  if (total > maxPixels) throw new FormatError(`image too large (PSD layers of ${total} pixels, limit ${maxPixels})`);
}

/** The visible layers flattened to 8-bit RGBA, transparent where no layer covers the canvas. */
export function flattenLayers(psd: Psd): Buffer {
  const { width, height } = psd;
  const layers = visibleLayers(psd.children).filter(({ layer }) => layer.imageData);
  if (layers.length === 0) throw new FormatError('PSD holds no composite image and no visible layer');
  // Straight (not premultiplied) RGBA in [0, 1], in the document's own encoding (linear for 32 bits).
  const canvas = new Float32Array(width * height * 4);
  let linear = false;
  for (const { layer, opacity } of layers) {
    const px = layer.imageData!;
    const data = px.data;
    const scale = data instanceof Float32Array ? 1 : data instanceof Uint16Array ? 65535 : 255;
    // ag-psd fills a layer's missing alpha with 255 whatever the depth: at 16 bits that means opaque.
    let alphaScale = scale;
    if (data instanceof Uint16Array && data.every((v, i) => i % 4 !== 3 || v === 255)) alphaScale = 255;
    linear ||= data instanceof Float32Array;
    const left = layer.left ?? 0;
    const top = layer.top ?? 0;
    for (let y = Math.max(0, -top); y < px.height && top + y < height; y++) {
      for (let x = Math.max(0, -left); x < px.width && left + x < width; x++) {
        const s = (y * px.width + x) * 4;
        const d = ((top + y) * width + left + x) * 4;
        const a = Math.max(0, Math.min(1, data[s + 3]! / alphaScale)) * opacity;
        if (a === 0) continue;
        const below = canvas[d + 3]! * (1 - a);
        const out = a + below;
        for (let c = 0; c < 3; c++) canvas[d + c] = (data[s + c]! / scale) * (a / out) + canvas[d + c]! * (below / out);
        canvas[d + 3] = out;
      }
    }
  }
  const result = Buffer.allocUnsafe(width * height * 4);
  for (let i = 0; i < canvas.length; i++) {
    const v = linear && i % 4 !== 3 ? linearToSrgb(Math.max(0, Math.min(1, canvas[i]!))) : canvas[i]!;
    result[i] = Math.max(0, Math.min(255, Math.round(v * 255)));
  }
  return result;
}
