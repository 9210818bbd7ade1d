/**
 * Generation's domain types, shared by every process: jobs as the queue keeps
 * them, the references a job was given, and the provenance an output keeps.
 * No Node, no Electron, no DOM.
 */

/**
 * Where a job stands. `queued` also covers a job waiting for the network (its
 * `message` says so); `retrying` waits out a backoff after a failed attempt.
 */
export type GenerationState =
  | 'queued'
  | 'running'
  | 'retrying'
  /** Handed to the Batch API: its results are collected when the batch is done (hours, at half price). */
  | 'batch-submitted'
  | 'succeeded'
  | 'failed'
  | 'cancelled';

/** The states a job does not leave by itself. */
export const FINISHED_STATES: readonly GenerationState[] = ['succeeded', 'failed', 'cancelled'];

/** Every aspect ratio some Gemini image model takes; which model takes which is in imageModels.ts. */
export const ASPECT_RATIOS = [
  '1:1',
  '2:3',
  '3:2',
  '3:4',
  '4:3',
  '4:5',
  '5:4',
  '9:16',
  '16:9',
  '21:9',
  '1:4',
  '4:1',
  '1:8',
  '8:1',
] as const;
export type AspectRatio = (typeof ASPECT_RATIOS)[number];

/** Every output size some model takes, as the API spells them ("512" is 512 px on the long side). */
export const IMAGE_SIZES = ['512', '1K', '2K', '4K'] as const;
export type ImageSize = (typeof IMAGE_SIZES)[number];

/** How much the model thinks before drawing, for the models that let you choose. */
export const THINKING_LEVELS = ['minimal', 'high'] as const;
export type ThinkingLevel = (typeof THINKING_LEVELS)[number];

export interface GenerationParams {
  model: string;
  /** How many images: that many parallel calls, since these models return one image a call. */
  count: number;
  aspectRatio?: AspectRatio;
  imageSize?: ImageSize;
  thinkingLevel?: ThinkingLevel;
  /** The template the prompt was filled from. */
  template?: string;
  /** What one image was estimated to cost (US dollars) when the job was made; absent for unpriced models. */
  pricePerImageUsd?: number;
  /** Sent through the Batch API: half the price, results within a day. */
  batch?: boolean;
}

/** An image identified by its content, with where it was (or is now). */
export interface ImageRef {
  path: string;
  contentKey: string;
}

/** What an edit continues: a turn of a conversation, or (`parentTurnId` null) an image it starts from. */
export interface EditSource {
  conversationId: string;
  /** The turn whose image is edited; null when the conversation starts from `parent`. */
  parentTurnId: string | null;
  /** The image edited. */
  parent: ImageRef;
  /** Why the edit starts a new conversation instead of continuing one, in words for the user. */
  note?: string;
}

/** A Batch API job as Atelier last saw it. */
export interface BatchInfo {
  /** The API's name for it, `batches/…`. */
  name: string;
  /** The API's state: JOB_STATE_PENDING, JOB_STATE_RUNNING, JOB_STATE_SUCCEEDED, … */
  state: string;
}

/** One reference image as it was sent: its identity by content, so it survives renames. */
export interface GenerationReference {
  contentKey: string;
  /** Where the file was when the job was made. */
  path: string;
  name: string;
  /** Picked by the user, or found by searching the library for the prompt. */
  source: 'chosen' | 'auto';
  /** What was sent: the converted, scaled-down image. */
  mimeType: string;
  width: number;
  height: number;
  bytes: number;
}

export interface GenerationJob {
  id: string;
  state: GenerationState;
  prompt: string;
  params: GenerationParams;
  references: GenerationReference[];
  /** The saved images, in the order they came. */
  outputs: string[];
  /** Calls made so far, retries included. */
  attempts: number;
  /** Why the job waits or failed, in words for the user. */
  message?: string;
  /** When a waiting job tries again (ms since the epoch). */
  nextAttemptAt?: number;
  /** What the model said beside its images. */
  responseText?: string;
  /** For an edit: what it continues. */
  edit?: EditSource;
  /** For a job sent through the Batch API, once submitted. */
  batch?: BatchInfo;
  createdAt: number;
  updatedAt: number;
}

/** One image in the generation gallery: where it is now, and what made it. */
export interface GalleryImage {
  path: string;
  /** 0 (and the format from the name) while the image is not yet indexed. */
  width: number;
  height: number;
  format: string;
  prompt: string;
  model: string;
  jobId: string;
  createdAt: number;
}

/** A page of the gallery, newest first, and how many images pass its filter in all. */
export interface GalleryPage {
  total: number;
  images: GalleryImage[];
}

/** How a generated image was made, kept under its content key. */
export interface Provenance {
  path: string;
  contentKey: string;
  jobId: string;
  prompt: string;
  params: GenerationParams;
  /** Each reference with where it is now (by content key), or null when no indexed file holds it. */
  references: Array<GenerationReference & { currentPath: string | null }>;
  responseText?: string;
  /** The image this one was edited from (where it is now), or null for a first image. */
  parent: ImageRef | null;
  /** The conversation and turn (1 for a first image) that made it; null when none was kept. */
  conversation: { id: string; turn: number } | null;
  /** The images from the conversation's start to this one, this one last. */
  lineage: Array<ImageRef & { prompt: string | null }>;
  createdAt: number;
}
