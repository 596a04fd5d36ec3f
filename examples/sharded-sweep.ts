/**
 * A sweep split across machines and merged back. Each shard runs in its own process with nothing
 * shared but the sweep definition and its shard number k/n, as one task of a batch scheduler
 * (Kubernetes Indexed Job, Slurm array, CI matrix) would; the shards are then merged. The claim
 * worth checking before spending a cluster's hours is that the merge is lossless: we also run the
 * whole sweep unsharded and require every merged file to equal it byte for byte.
 *
 *   pnpm --filter @ring/examples exec tsx sharded-sweep.ts [OUT_DIR]
 *
 * OUT_DIR (default: a fresh temporary directory; if given, it must be empty) receives
 * shard-<k>-of-<n>/, merged/ and unsharded/. The CLI does the same with `ring sweep --shard k/n`
 * and `ring merge` (see sharded-sweep.sh); `ring report OUT_DIR/merged` charts the result.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SweepOutputError, mergeSweepShards, openSweepWriter, readSweepAggregate } from '@ring/export';
import { formatShard, pairCount, parseShard, runSweep, shardIndices, sweepPreset, WHOLE } from '@ring/policy-eval';
import type { ShardSpec } from '@ring/policy-eval';

const SHARDS = 3;
// 6 cells × 3 replicates = 18 pairs of the paper2025 preset: small, but with pairs that differ.
const GRID = { kappa: ['0.5', '1', '2'], concentration: ['1', '5'], mu: ['1'], outsideMidRatio: ['1'] };
const def = sweepPreset('paper2025', { replicates: 3, grid: GRID });

function check(ok: boolean, what: string): void {
  if (!ok) {
    console.error(`sharded-sweep: FAIL: ${what}`);
    process.exit(1);
  }
}

/** One shard (or, with WHOLE, the whole sweep) into its own directory: what each array task runs. */
async function runShard(shard: ShardSpec, outDir: string): Promise<void> {
  // The writer journals every finished pair, so a task killed by the scheduler resumes where it stopped.
  const writer = openSweepWriter({ outDir, definition: def, shard, detailed: true });
  await runSweep(def, { shard, workers: 1, detailed: true, finished: writer.finished, onPair: (o) => writer.write(o) });
  writer.finish();
}

// ---- a shard task: `sharded-sweep.ts --shard k/n DIR` (started by the coordinator below) ----
if (process.argv[2] === '--shard') {
  await runShard(parseShard(process.argv[3]!), process.argv[4]!);
  process.exit(0);
}

// ---- the coordinator ----
const outDir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'ring-sharded-sweep-'));
mkdirSync(outDir, { recursive: true });
// A sweep directory resumes whatever it already holds; a stale one would make the check meaningless.
check(readdirSync(outDir).length === 0, `${outDir} must be empty`);

const shards = Array.from({ length: SHARDS }, (_, i): ShardSpec => ({ index: i + 1, count: SHARDS }));
const shardDirs = shards.map((s) => join(outDir, `shard-${s.index}-of-${s.count}`));

function task(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    // Re-run this file in a fresh Node process with the same TypeScript loader (tsx's flags).
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...args], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`shard task ${args.join(' ')} exited ${code}`))));
  });
}

const t0 = performance.now();
await Promise.all(shards.map((s, i) => task(['--shard', formatShard(s), shardDirs[i]!])));
const shardSeconds = (performance.now() - t0) / 1000;

// A merge over an incomplete set of shards must be refused, not silently produce a smaller sweep.
try {
  mergeSweepShards(shardDirs.slice(0, -1), join(outDir, 'merge-with-a-shard-missing'));
  check(false, 'merging without the last shard should have failed');
} catch (e) {
  check(e instanceof SweepOutputError && e.code === 'MERGE_INVALID', `unexpected error from an incomplete merge: ${String(e)}`);
}
const merged = join(outDir, 'merged');
const result = mergeSweepShards(shardDirs, merged);

// The reference: the same sweep in one piece.
const unsharded = join(outDir, 'unsharded');
await runShard(WHOLE, unsharded);

// ---- the check: same file tree, same bytes ----
const files = (root: string, dir = root): string[] =>
  readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? files(root, join(dir, d.name)) : [relative(root, join(dir, d.name))]))
    .sort();
const mergedFiles = files(merged);
const referenceFiles = files(unsharded);
const onlyInOne = mergedFiles.filter((f) => !referenceFiles.includes(f)).concat(referenceFiles.filter((f) => !mergedFiles.includes(f)));
check(onlyInOne.length === 0, `merged and unsharded hold different files: ${onlyInOne.slice(0, 5).join(', ')}`);
const differing = referenceFiles.filter((f) => !readFileSync(join(merged, f)).equals(readFileSync(join(unsharded, f))));
check(differing.length === 0, `merged files differ from the unsharded sweep: ${differing.slice(0, 5).join(', ')}`);
check(result.pairs === pairCount(def) && result.runDirectories === 2 * pairCount(def), 'merge: pair or run-directory count');

// ---- what a researcher wants to see ----
const { summary } = result;
const rows = readSweepAggregate(merged).comparison;
console.log(
  `paper2025, ${pairCount(def)} pairs (κ ${GRID.kappa.join('/')} × c ${GRID.concentration.join('/')}, μ 1, ρ 1, R = ${def.replicates}), ` +
    `${SHARDS} shard processes in ${shardSeconds.toFixed(2)} s`,
);
for (const [i, s] of shards.entries()) {
  console.log(`  shard ${formatShard(s)}: pairs ${shardIndices(def, s).join(',')} → ${relative(outDir, shardDirs[i]!)}/`);
}
console.log(
  `merged: ${result.pairs} pairs, ${result.runDirectories} run directories, ${mergedFiles.length} files — ` +
    'byte-identical to the unsharded sweep',
);
console.log(
  `  mean Δ ${summary.mean_trading_effect?.toFixed(4)}   improved / unchanged / worsened: ` +
    `${summary.pairs_with_improvement} / ${summary.pairs_unchanged} / ${summary.pairs_worsened}`,
);
console.log("  mean Δ by cell (the replicates' Δ in brackets):");
for (const kappa of GRID.kappa) {
  for (const c of GRID.concentration) {
    const cell = rows.filter((r) => r.kappa === kappa && r.concentration === c).map((r) => Number(r.trading_effect));
    console.log(
      `    κ=${kappa.padEnd(4)} c=${c}  ${(cell.reduce((a, b) => a + b, 0) / cell.length).toFixed(4).padStart(7)}  ` +
        `[${cell.map((x) => x.toFixed(3)).join(' ')}]`,
    );
  }
}
console.log(`outputs in ${outDir}`);
