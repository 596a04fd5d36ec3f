import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // property tests run whole simulations; packages test in parallel on small CI machines
    testTimeout: 120_000,
  },
});
