import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Unit tests (*.test.ts) and fast-check property tests (*.prop.test.ts) live next to the code.
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // temporary files of the tests live in one directory, removed after the run
    globalSetup: ['../../tools/vitest/tmpdir.ts'],
    // property tests run whole simulations; packages test in parallel on small CI machines
    testTimeout: 120_000,
  },
});
