import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Unit tests (*.test.ts) and fast-check property tests (*.prop.test.ts) live next to the code.
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // property tests run whole simulations; packages test in parallel on small CI machines
    testTimeout: 120_000,
  },
});
