import { defineConfig } from 'tsup';
import { packageBuild } from '../../tools/tsup.base';

export default defineConfig({
  ...packageBuild,
  entry: ['src/index.ts'],
});
