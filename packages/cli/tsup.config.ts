import { defineConfig } from 'tsup';
import { packageBuild } from '../../tools/tsup.base';

export default defineConfig({
  ...packageBuild,
  // src/cli.ts starts with `#!/usr/bin/env node`; tsup keeps the shebang and marks dist/cli.js executable.
  entry: ['src/index.ts', 'src/cli.ts'],
});
