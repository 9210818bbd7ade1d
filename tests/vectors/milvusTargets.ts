/**
 * The Milvus servers a suite runs against, as started by servers.ts. A server
 * that could not start still appears, with `uri` throwing its reason, so the
 * tests that use it fail with that message instead of being skipped.
 */
import { describe, inject } from 'vitest';
import type { MilvusKind } from '../helpers/milvusProcess';

export interface MilvusTarget {
  kind: MilvusKind;
  /** The server's URI; throws why there is none (e.g. "milvus-server not found: pip install …"). */
  uri(): string;
}

export function milvusTargets(): MilvusTarget[] {
  const { skip, servers } = inject('milvus');
  if (skip) return [];
  return servers.map(({ kind, uri, error }) => ({
    kind,
    uri: () => {
      if (uri) return uri;
      throw new Error(error ?? `${kind} was not started`);
    },
  }));
}

/** `describe` that skips, saying why, when the Milvus suites are switched off for this run. */
export function describeMilvus(name: string, body: () => void): void {
  const { skip } = inject('milvus');
  if (skip) {
    console.warn(`[milvus] skipping "${name}": ${skip}`);
    describe.skip(name, body);
  } else describe(name, body);
}
