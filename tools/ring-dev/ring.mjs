#!/usr/bin/env node
// `pnpm ring …` in a clone of the repository (the root devDependency @ring/dev-cli puts this file
// in node_modules/.bin, and pnpm runs a local bin without printing a script banner): build the
// CLI and the packages it needs with turbo, then run it with the same arguments. stdout carries
// only the CLI's output, so `pnpm ring run --json` prints exactly one JSON object. The build is
// quiet: a note on stderr when packages are built for the first time, turbo's log only if it fails.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const packages = ['engine', 'metrics', 'policy-eval', 'export', 'store', 'explain', 'cli'];
const cli = join(root, 'packages', 'cli', 'dist', 'cli.js');

if (packages.some((p) => !existsSync(join(root, 'packages', p, 'dist', 'index.js')))) {
  process.stderr.write('ring: building the packages (first run, about a minute)…\n');
}
const turbo = createRequire(join(root, 'package.json')).resolve('turbo/bin/turbo');
const build = spawnSync(process.execPath, [turbo, 'run', 'build', '--filter=@ring/cli...', '--output-logs=errors-only'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { TURBO_TELEMETRY_DISABLED: '1', ...process.env },
  maxBuffer: 64 * 1024 * 1024,
});
if (build.status !== 0) {
  process.stderr.write(build.stdout ?? '');
  process.stderr.write(build.stderr ?? '');
  process.stderr.write(`ring: building the CLI failed (${build.error?.message ?? `exit code ${build.status}`})\n`);
  process.exit(build.status || 1);
}
// process.argv is [node, this file, …arguments]: the CLI reads the arguments from there.
await import(pathToFileURL(cli).href);
