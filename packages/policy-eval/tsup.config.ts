import { defineConfig } from 'tsup';
import { packageBuild } from '../../tools/tsup.base';

export default defineConfig({
  ...packageBuild,
  // `worker` and `arm-worker` are the tinypool worker entries of the sweep pool (src/pool/pool.ts loads
  // dist/worker.js) and of the comparison pool (src/compare/pool.ts loads dist/arm-worker.js).
  entry: { index: 'src/index.ts', worker: 'src/pool/worker.ts', 'arm-worker': 'src/compare/arm-worker.ts' },
});
