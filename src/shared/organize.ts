/** What a person attaches to an image (tags, a rating, a note, collections), as the API returns it. */

/** Where a tag on an image came from: typed by the user, read from the file's metadata, or an auto-tag. */
export type TagSource = 'user' | 'file' | 'auto';

export interface ImageTag {
  tag: string;
  source: TagSource;
}

/** An image's tags, rating (0: none), note (null: none) and the collections it is in. */
export interface ImageMarks {
  tags: ImageTag[];
  rating: number;
  note: string | null;
  collections: string[];
  /** Where the rating and the note came from, when there is one. */
  ratingSource?: 'user' | 'file';
  noteSource?: 'user' | 'file';
  /** Why part of the metadata in the file itself was skipped (a malformed XMP packet, say). */
  metadataProblem?: string;
}

/** A tag in use: on how many images, and whether any of them got it from an auto-tag. */
export interface TagCount {
  tag: string;
  count: number;
  auto: boolean;
}

export interface CollectionSummary {
  name: string;
  count: number;
}

/** A collection's images, in the collection's order. */
export interface CollectionView {
  name: string;
  paths: string[];
}

/** Which images a search or a view keeps, by what was attached to them; every part given must hold. */
export interface OrganizeFilter {
  /** Images with all of these tags (compared case-insensitively). */
  tags?: string[];
  /** Images rated at least this. */
  minRating?: number;
  /** Images in this collection. */
  collection?: string;
  /** Images with no tag at all. */
  untagged?: boolean;
}

/**
 * The lowest similarity the duplicate review offers: each image's neighbours at or above it are
 * found once and kept, so moving the threshold anywhere above it regroups without comparing again.
 */
export const NEAR_SIMILARITY_FLOOR = 0.9;

/** Images that are the same bytes (`copy`) or look alike (`similar`). */
export interface DuplicateGroup {
  kind: 'copy' | 'similar';
  /** 1 for copies; for a similar group, the weakest link that joined it. */
  similarity: number;
  paths: string[];
  /** Present when the whole group is one stack already: its cover. */
  stack?: GroupStack;
}

/** A duplicate group already stacked, under this cover. */
export interface GroupStack {
  cover: string;
}

/** A stack: its cover (shown in browse and search) and every member, the cover first. */
export interface StackView {
  cover: string;
  members: string[];
}

/** An image as the duplicate review shows it: what a person picks the one to keep by. */
export interface ReviewImage {
  path: string;
  width: number;
  height: number;
  format: string;
  bytes: number;
  modifiedMs: number;
  folder: string;
}

/** A duplicate group for review: its images with their facts. */
export interface ReviewGroup {
  kind: 'copy' | 'similar';
  similarity: number;
  images: ReviewImage[];
  /** Present when the whole group is one stack already: its cover. */
  stack?: GroupStack;
}

/** A tag Atelier puts on every image whose similarity to its description (and examples) passes its threshold. */
export interface AutoTagView {
  tag: string;
  prompt: string;
  /** Example images whose look joins the description's. */
  examples: string[];
  /** Cosine similarity an image needs. */
  threshold: number;
  /** The model whose vectors the last run scored; null before the first run. */
  model: string | null;
  ranAt: number | null;
  /** Images it tags now. */
  count: number;
}

/** What a definition would tag at a threshold: how many, and the best matches with their scores. */
export interface AutoTagPreview {
  count: number;
  matches: Array<{ path: string; score: number }>;
}
