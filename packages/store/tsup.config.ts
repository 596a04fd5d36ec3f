import { defineConfig } from 'tsup';
import { packageBuild } from '../../tools/tsup.base';

export default defineConfig({
  ...packageBuild,
  entry: ['src/index.ts'],
  // DuckDB's Node API (CommonJS, 124 files) is bundled: one file loads in less than half the time
  // (see src/duckdb.ts). Its own `require` of the native bindings needs a `require` in this module.
  noExternal: ['@duckdb/node-api'],
  banner: {
    js: "import { createRequire as __ringCreateRequire } from 'node:module';\nconst require = __ringCreateRequire(import.meta.url);",
  },
});
