// End-to-end tests: the real server (built web UI, fresh PGlite data dir, demo seed) driven by
// Debian's Chromium through playwright-core. One fork, files in sequence, long timeouts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
