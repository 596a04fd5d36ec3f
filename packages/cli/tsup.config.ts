import { defineConfig } from 'tsup';

export default defineConfig({
  // src/cli.ts starts with `#!/usr/bin/env node`; tsup keeps the shebang and marks dist/cli.js executable.
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  splitting: false,
});
