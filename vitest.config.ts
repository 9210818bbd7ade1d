import os from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Test files run side by side, one per worker. The model-heavy suites each start ONNX sessions that
 * use every core they see, so a worker per core would leave each model a sliver of a core behind
 * N-1 others: half the cores gives every file about two cores' worth from 4 cores up. Never fewer
 * than 2, so a 2-core machine keeps the pace the timeouts below were set for (a core per file), and
 * one slow suite does not hold up all the rest. `vitest run --maxWorkers N` overrides it.
 */
const workers = Math.max(2, Math.floor(os.availableParallelism() / 2));

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // tests/e2e drives the desktop app where Electron can run, else Chromium on `atelier serve`.
    exclude: ['node_modules/**', 'tests/e2e/fixtures/**'],
    // Real ONNX sessions, SQLite files and HTTP servers: generous but bounded.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll waits 1 s by default: a UI answer that takes longer on a loaded 2-core machine is
    // slow, not wrong. A condition that never holds still fails, after 10 s.
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
    maxWorkers: workers,
    // Reading text in images adds about half again to each `atelier index` of a dozen photos on 2 cores;
    // suites that do not test it turn it off, and tests/ocr turns it on for the commands it runs.
    env: { ATELIER_OCR: 'off' },
    // Real Milvus servers (2.3 standalone and milvus-lite) for the Milvus suites: see the file.
    globalSetup: ['tests/vectors/servers.ts'],
  },
});
