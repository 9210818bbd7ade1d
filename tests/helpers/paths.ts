import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Read-only shared test material (CLIP fixtures, images), beside the repository. */
export const SHARED = path.resolve(ROOT, '../shared');
export const CLIP_FIXTURES = path.join(SHARED, 'clip');
export const IMAGES = path.join(SHARED, 'images');
export const TINY_MODEL = path.join(CLIP_FIXTURES, 'models', 'tiny-random');
export const COLOR_MODEL = path.join(CLIP_FIXTURES, 'models', 'color');
export const RESOURCES = path.join(ROOT, 'resources');
/** The pinned Milvus servers and client for the Milvus suites: .ci/run and tests/helpers/milvusVenv.ts install from it. */
export const MILVUS_REQUIREMENTS = path.join(ROOT, 'tests', 'vectors', 'milvus-requirements.txt');
