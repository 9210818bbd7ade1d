import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    // Real ONNX sessions, SQLite files and HTTP servers: generous but bounded.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores here: run files two at a time so model-heavy suites do not starve each other.
    maxWorkers: 2,
  },
});
