/**
 * Runs every example as its own process (as a user would run it), each with a fresh output
 * directory, and fails if any exits non-zero, takes too long, or writes outside that directory.
 * `pnpm test` runs this through turbo after the packages are built.
 *
 *   pnpm --filter @ring/examples test            # all examples
 *   pnpm --filter @ring/examples test -- sharded  # only those whose file name contains "sharded"
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const EXAMPLES = ['custom-experiment.ts', 'instrumented-run.ts', 'policy-comparison.ts', 'sharded-sweep.ts'];
// Generous next to the ~1–3 s each takes on two cores: this catches a hang, not a slow machine.
const TIMEOUT_MS = 60_000;

// pnpm passes a literal `--` through to the script; skip it.
const filter = process.argv.slice(2).find((a) => a !== '--');
const selected = EXAMPLES.filter((f) => !filter || f.includes(filter));
if (selected.length === 0) {
  console.error(`run-all: no example matches ${JSON.stringify(filter)}`);
  process.exit(1);
}
const listing = () => readdirSync(HERE).sort().join('\n');
const before = listing();
const failed: string[] = [];

for (const file of selected) {
  const out = mkdtempSync(join(tmpdir(), `ring-example-${file.replace(/\.ts$/, '')}-`));
  console.log(`\n▶ ${file}`);
  const t0 = performance.now();
  // `--import tsx`: the same TypeScript loader as `pnpm exec tsx FILE`, without a shell.
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(HERE, file), out], { cwd: HERE, stdio: 'inherit', timeout: TIMEOUT_MS });
  const seconds = ((performance.now() - t0) / 1000).toFixed(2);
  if (r.status === 0) {
    console.log(`✔ ${file} (${seconds} s)`);
    rmSync(out, { recursive: true, force: true });
  } else {
    console.error(
      `✘ ${file} ${r.signal ? `killed by ${r.signal} (timeout ${TIMEOUT_MS / 1000} s?)` : `exited ${r.status}`} after ${seconds} s; its output is in ${out}`,
    );
    failed.push(file);
  }
}
if (listing() !== before) {
  console.error('run-all: an example wrote into examples/ instead of its output directory');
  failed.push('(stray files)');
}
if (failed.length > 0) {
  console.error(`\nrun-all: ${failed.length} of ${selected.length} failed: ${failed.join(', ')}`);
  process.exit(1);
}
console.log(`\nrun-all: ${selected.length} examples passed`);
