import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // tests/e2e drives Debian's Chromium (apt-get install -y chromium) against `atelier serve`.
    exclude: ['node_modules/**', 'tests/e2e/fixtures/**'],
    // Real ONNX sessions, SQLite files and HTTP servers: generous but bounded.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores here: run files two at a time so model-heavy suites do not starve each other.
    maxWorkers: 2,
    // Real Milvus servers (2.3 standalone and milvus-lite) for the Milvus suites: see the file.
    globalSetup: ['tests/vectors/servers.ts'],
  },
});
