/**
 * The Milvus servers a suite runs against, as started by servers.ts. A server
 * that could not start still appears, with `uri` throwing its reason, so the
 * tests that use it fail with that message instead of being skipped.
 */
import { describe, inject } from 'vitest';
import type { MilvusKind } from '../helpers/milvusProcess';
import { setupError } from '../helpers/setupError';

export interface MilvusTarget {
  kind: MilvusKind;
  /** The server's URI; throws why there is none (e.g. "milvus-server not found: pip install …"). */
  uri(): string;
}

export function milvusTargets(): MilvusTarget[] {
  return inject('milvus').servers.map(({ kind, uri, error }) => ({
    kind,
    uri: () => {
      if (uri) return uri;
      throw setupError(error ?? `${kind} was not started`);
    },
  }));
}

/**
 * `describe`, or when the Milvus suites are switched off for this run, `describe.skip` with the
 * reason in its name: its tests are still collected and listed as skipped, not left out unseen.
 */
export function describeMilvus(name: string, body: () => void): void {
  const { skip } = inject('milvus');
  if (skip) describe.skip(`${name} (skipped: ${skip})`, body);
  else describe(name, body);
}
