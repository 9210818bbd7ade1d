/**
 * Vitest globalSetup: starts the real Milvus servers the Milvus suites run
 * against (Milvus 2.3 standalone and milvus-lite), once for the whole run, and
 * stops them at the end. Only when a `milvus*.test.ts` file is going to run,
 * so `vitest run tests/catalog` does not pay for them.
 *
 * Servers not on PATH are installed into the tests' own Python environment
 * (milvusVenv.ts, once). Without Python their suites fail saying what to
 * install: that is no excuse to skip. ATELIER_TEST_NO_MILVUS=1 skips them
 * instead, listed as skipped with the reason.
 */
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { type MilvusKind, missingServer, type RunningMilvus, startMilvus } from '../helpers/milvusProcess';
import { milvusEnvironment } from '../helpers/milvusVenv';

/** What the Milvus suites learn about the servers (see milvusTargets.ts). */
export interface MilvusServers {
  /** Set when the suites are to be skipped, with the reason. */
  skip?: string;
  /** Per server: its URI, or why it could not be started. */
  servers: Array<{ kind: MilvusKind; uri?: string; error?: string }>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    milvus: MilvusServers;
  }
}

const KINDS: MilvusKind[] = ['milvus-2.3', 'milvus-lite'];

/**
 * False only when this run's file filters (`vitest run tests/catalog`) leave
 * out every Milvus suite. Vitest keeps the filters in `filenamePattern`, which
 * its types do not show; without it every file counts, and the servers start.
 */
async function milvusSuitesMayRun(project: TestProject): Promise<boolean> {
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  const { testFiles } = await project.globTestFiles(filters);
  return testFiles.length === 0 || testFiles.some((f) => path.basename(f).startsWith('milvus'));
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const running: RunningMilvus[] = [];
  const teardown = async () => {
    await Promise.all(running.map((s) => s.stop()));
  };
  if (process.env.ATELIER_TEST_NO_MILVUS === '1') {
    const skip = 'ATELIER_TEST_NO_MILVUS=1: the Milvus suites are skipped';
    console.warn(`[milvus] ${skip}`);
    // Every server still listed, so each suite collects its tests and the report shows them skipped.
    project.provide('milvus', { skip, servers: KINDS.map((kind) => ({ kind, error: skip })) });
    return teardown;
  }
  if (!(await milvusSuitesMayRun(project))) {
    // Not started; should a Milvus suite run after all, it fails saying so rather than skipping.
    const error = 'not started: servers.ts saw no milvus*.test.ts in this run';
    project.provide('milvus', { servers: KINDS.map((kind) => ({ kind, error })) });
    return teardown;
  }
  if (KINDS.some((kind) => missingServer(kind))) {
    // Not installed on this machine: the tests' own Python environment provides them (made once).
    try {
      process.env.PATH = `${await milvusEnvironment()}${path.delimiter}${process.env.PATH ?? ''}`;
    } catch (err) {
      const error = (err as Error).message;
      console.warn(`[milvus] ${error}`);
      project.provide('milvus', { servers: KINDS.map((kind) => ({ kind, error })) });
      return teardown;
    }
  }
  const started = Date.now();
  const servers = await Promise.all(
    KINDS.map(async (kind) => {
      try {
        const server = await startMilvus(kind);
        running.push(server);
        console.warn(`[milvus] ${kind} at ${server.uri} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
        return { kind, uri: server.uri };
      } catch (err) {
        return { kind, error: (err as Error).message };
      }
    }),
  );
  project.provide('milvus', { servers });
  return teardown;
}
