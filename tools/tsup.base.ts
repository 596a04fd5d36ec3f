import type { Options } from 'tsup';

/**
 * The build every package shares: ES modules for Node 20 with type declarations and source maps, one
 * file per entry (no shared chunks, so each worker entry loads on its own). A package adds its entries.
 */
export const packageBuild: Options = {
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  splitting: false,
};
