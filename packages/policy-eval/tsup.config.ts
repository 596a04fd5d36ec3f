import { defineConfig } from 'tsup';

export default defineConfig({
  // `worker` is the tinypool worker entry of the sweep pool (src/pool/pool.ts loads dist/worker.js).
  entry: { index: 'src/index.ts', worker: 'src/pool/worker.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  splitting: false,
});
