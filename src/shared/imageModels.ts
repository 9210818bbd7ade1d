/**
 * The Gemini image models Atelier knows, in one table: how many references a
 * request may carry, which output sizes, aspect ratios and thinking levels it
 * takes, and what an image costs. The CLI, the service and the UI all read
 * this table, so what one offers the others accept.
 *
 * Where the values come from (checked on IMAGE_MODELS_CHECKED): Google's
 * Gemini API image-generation guide (ai.google.dev/gemini-api/docs/image-generation)
 * for sizes, aspect ratios, reference limits and the thinking level of 3.1
 * Flash Image, and the Gemini API pricing page (ai.google.dev/gemini-api/docs/pricing)
 * for the price of one output image at each size. Prices cover the output
 * image only; the prompt and references add a fraction of a cent in input
 * tokens. The Batch API charges half of every price.
 */
import { ASPECT_RATIOS, type AspectRatio, type ImageSize, type ThinkingLevel } from './generation';
import type { GenerationModel } from './types';

/** When the table was last compared with Google's pages. */
export const IMAGE_MODELS_CHECKED = '2026-03-22';

/** The ten ratios every Gemini image model takes; 3.1 Flash Image adds the tall and wide extremes. */
const STANDARD_RATIOS: readonly AspectRatio[] = ASPECT_RATIOS.slice(0, 10);

export const GENERATION_MODELS: readonly GenerationModel[] = [
  {
    id: 'gemini-2.5-flash-image',
    name: 'Gemini 2.5 Flash Image',
    // The guide says it works best with up to three input images.
    maxReferences: 3,
    takesImageSize: false,
    imageSizes: [],
    aspectRatios: STANDARD_RATIOS,
    thinkingLevels: [],
    pricePerImageUsd: { default: 0.039 },
  },
  {
    id: 'gemini-3.1-flash-image-preview',
    name: 'Gemini 3.1 Flash Image (Nano Banana 2)',
    maxReferences: 14,
    takesImageSize: true,
    imageSizes: ['512', '1K', '2K', '4K'],
    defaultSize: '1K',
    aspectRatios: ASPECT_RATIOS,
    thinkingLevels: ['minimal', 'high'],
    pricePerImageUsd: { '512': 0.045, '1K': 0.067, '2K': 0.101, '4K': 0.151 },
  },
  {
    id: 'gemini-3-pro-image-preview',
    name: 'Gemini 3 Pro Image (preview)',
    maxReferences: 14,
    takesImageSize: true,
    imageSizes: ['1K', '2K', '4K'],
    defaultSize: '1K',
    aspectRatios: STANDARD_RATIOS,
    // It always thinks; the API offers no level to choose.
    thinkingLevels: [],
    pricePerImageUsd: { '1K': 0.134, '2K': 0.134, '4K': 0.24 },
  },
];

/**
 * What Atelier knows of a model; one it does not know (listed by the API, or
 * typed by hand) gets the smallest reference limit, the standard ratios, the
 * sizes of Gemini 3 models if its name says it is one, and no price.
 */
export function modelInfo(id: string, displayName?: string): GenerationModel {
  const known = GENERATION_MODELS.find((m) => m.id === id);
  if (known) return known;
  const sizes: readonly ImageSize[] = /gemini-3/.test(id) ? ['1K', '2K', '4K'] : [];
  return {
    id,
    name: displayName ?? id,
    maxReferences: 3,
    takesImageSize: sizes.length > 0,
    imageSizes: sizes,
    aspectRatios: STANDARD_RATIOS,
    thinkingLevels: [],
    pricePerImageUsd: null,
  };
}

/** What one image costs at a size (the model's default size when none is asked for); null when not known. */
export function pricePerImage(model: GenerationModel, size?: ImageSize): number | null {
  const prices = model.pricePerImageUsd;
  if (!prices) return null;
  const chosen = size ?? model.defaultSize;
  return (chosen ? prices[chosen] : undefined) ?? prices.default ?? null;
}

/** A job's estimated cost, run now and through the Batch API (half price). */
export interface CostEstimate {
  perImageUsd: number;
  normalUsd: number;
  batchUsd: number;
}

export function estimateCost(model: GenerationModel, count: number, size?: ImageSize): CostEstimate | null {
  const perImage = pricePerImage(model, size);
  if (perImage === null) return null;
  return { perImageUsd: perImage, normalUsd: perImage * count, batchUsd: (perImage * count) / 2 };
}

/** Dollars with as many places as the amount needs, two to four: $0.24, $0.039, $0.0195 (never rounded to $0.04). */
export function formatUsd(usd: number): string {
  const places = [2, 3].find((p) => Math.abs(usd * 10 ** p - Math.round(usd * 10 ** p)) < 1e-6) ?? 4;
  return `$${usd.toFixed(places)}`;
}

/** The options a request asks of its model. */
export interface ImageOptions {
  aspectRatio?: AspectRatio | undefined;
  imageSize?: ImageSize | undefined;
  thinkingLevel?: ThinkingLevel | undefined;
}

const list = (values: readonly string[]) => values.join(', ');

/** Why `model` cannot take these options, in words for the user; null when it can. */
export function optionsRefusal(model: GenerationModel, options: ImageOptions): string | null {
  const { aspectRatio, imageSize, thinkingLevel } = options;
  if (imageSize && !model.imageSizes.includes(imageSize)) {
    return model.imageSizes.length === 0
      ? `${model.name} makes one size only; leave the size out (${imageSize} was asked).`
      : `${model.name} makes sizes ${list(model.imageSizes)}, not ${imageSize}.`;
  }
  if (aspectRatio && !model.aspectRatios.includes(aspectRatio)) {
    return `${model.name} takes aspect ratios ${list(model.aspectRatios)}, not ${aspectRatio}.`;
  }
  if (thinkingLevel && !model.thinkingLevels.includes(thinkingLevel)) {
    return model.thinkingLevels.length === 0
      ? `${model.name} takes no thinking level; leave it out (${thinkingLevel} was asked).`
      : `${model.name} takes thinking levels ${list(model.thinkingLevels)}, not ${thinkingLevel}.`;
  }
  return null;
}
