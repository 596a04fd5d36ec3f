import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The test configuration every package shares: unit tests (*.test.ts) and fast-check property tests
 * (*.prop.test.ts) next to the code, Node, one temporary directory per run removed afterwards.
 */
export const packageTests = defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    globalSetup: [fileURLToPath(new URL('./tmpdir.ts', import.meta.url))],
    // property tests run whole simulations; packages test in parallel on small CI machines
    testTimeout: 120_000,
  },
});
