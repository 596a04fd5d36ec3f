/**
 * A sweep split across machines and merged back. Each shard is an independent `ring sweep
 * --shard k/n` process, exactly what one task of a batch scheduler (Kubernetes Indexed Job, Slurm
 * array, CI matrix) would run; `ring merge` then combines them. The claim worth checking before
 * spending a cluster's hours is that the merge is lossless: we also run the whole sweep in this
 * process through the library API and require every merged file to equal it byte for byte.
 *
 *   pnpm --filter @ring/examples exec tsx sharded-sweep.ts [OUT_DIR]
 *
 * OUT_DIR (default: a fresh temporary directory; if given, it must be empty) receives
 * shard-<k>-of-<n>/, merged/ and unsharded/.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { SweepOutputError, mergeSweepShards, openSweepWriter, readSweepAggregate } from '@ring/export';
import { pairCount, runSweep, shardIndices, sweepPreset } from '@ring/policy-eval';

const SHARDS = 3;
// 6 cells × 3 replicates = 18 pairs of the paper2025 preset: small, but with pairs that differ.
const GRID = { kappa: ['0.5', '1', '2'], concentration: ['1', '5'], mu: ['1'], outsideMidRatio: ['1'] };
const REPLICATES = 3;

function check(ok: boolean, what: string): void {
  if (!ok) {
    console.error(`sharded-sweep: FAIL: ${what}`);
    process.exit(1);
  }
}

const outDir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'ring-sharded-sweep-'));
mkdirSync(outDir, { recursive: true });
// A sweep directory resumes whatever it already holds; a stale one would make the check meaningless.
check(readdirSync(outDir).length === 0, `${outDir} must be empty`);

// The installed CLI, found the way Node finds any dependency (works in the workspace and outside it).
const require = createRequire(import.meta.url);
const cliPackage = require.resolve('@ring/cli/package.json');
const ringBin = join(dirname(cliPackage), (JSON.parse(readFileSync(cliPackage, 'utf8')) as { bin: { ring: string } }).bin.ring);

function ring(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ringBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d; });
    child.stderr.on('data', (d: Buffer) => { err += d; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`ring ${args.join(' ')} exited ${code}\n${err}`))));
  });
}

const gridFlags = [
  '--kappas', GRID.kappa.join(','), '--concentrations', GRID.concentration.join(','),
  '--mus', GRID.mu.join(','), '--outside-mid-ratios', GRID.outsideMidRatio.join(','),
];
const shardDirs = Array.from({ length: SHARDS }, (_, i) => join(outDir, `shard-${i + 1}-of-${SHARDS}`));

// ---- the cluster's part: n shard processes at once, one CPU each (--workers 1) ----
const t0 = performance.now();
await Promise.all(shardDirs.map((dir, i) => ring([
  'sweep', '--preset', 'paper2025', ...gridFlags, '--replicates', String(REPLICATES), '--detailed-logging',
  '--workers', '1', '--no-progress', '--json', '--shard', `${i + 1}/${SHARDS}`, '--out', dir,
])));
const shardSeconds = (performance.now() - t0) / 1000;

// A merge over an incomplete set of shards must be refused, not silently produce a smaller sweep.
try {
  mergeSweepShards(shardDirs.slice(0, -1), join(outDir, 'merge-with-a-shard-missing'));
  check(false, 'merging without the last shard should have failed');
} catch (e) {
  check(e instanceof SweepOutputError && e.code === 'MERGE_INVALID', `unexpected error from an incomplete merge: ${String(e)}`);
}
const merged = join(outDir, 'merged');
const mergeJson = JSON.parse(await ring(['merge', '--json', '--out', merged, ...shardDirs])) as { pairs: number; run_directories: number };

// ---- the reference: the same sweep, unsharded, in this process through the library ----
const def = sweepPreset('paper2025', { replicates: REPLICATES, grid: GRID });
const unsharded = join(outDir, 'unsharded');
const writer = openSweepWriter({ outDir: unsharded, definition: def, detailed: true });
await runSweep(def, { detailed: true, finished: writer.finished, onPair: (o) => writer.write(o) });
const { summary } = writer.finish();

// ---- the check: same file tree, same bytes ----
const files = (root: string, dir = root): string[] => readdirSync(dir, { withFileTypes: true })
  .flatMap((d) => (d.isDirectory() ? files(root, join(dir, d.name)) : [relative(root, join(dir, d.name))])).sort();
const mergedFiles = files(merged);
const referenceFiles = files(unsharded);
check(JSON.stringify(mergedFiles) === JSON.stringify(referenceFiles),
  `merged and unsharded hold different files: ${mergedFiles.filter((f) => !referenceFiles.includes(f)).concat(referenceFiles.filter((f) => !mergedFiles.includes(f))).slice(0, 5).join(', ')}`);
const differing = referenceFiles.filter((f) => !readFileSync(join(merged, f)).equals(readFileSync(join(unsharded, f))));
check(differing.length === 0, `merged files differ from the unsharded sweep: ${differing.slice(0, 5).join(', ')}`);
check(mergeJson.pairs === pairCount(def) && mergeJson.run_directories === 2 * pairCount(def), 'merge: pair or run-directory count');
check(existsSync(join(merged, 'aggregate', 'comparison.csv')), 'merged/aggregate/comparison.csv');

// ---- what a researcher wants to see ----
const rows = readSweepAggregate(merged).comparison;
console.log(`paper2025, ${pairCount(def)} pairs (κ ${GRID.kappa.join('/')} × c ${GRID.concentration.join('/')}, μ 1, ρ 1, R = ${REPLICATES}), ${SHARDS} shards in ${shardSeconds.toFixed(2)} s`);
for (const [k, dir] of shardDirs.entries()) {
  console.log(`  shard ${k + 1}/${SHARDS}: pairs ${shardIndices(def, { index: k + 1, count: SHARDS }).join(',')} → ${relative(outDir, dir)}/`);
}
console.log(`merged: ${mergeJson.pairs} pairs, ${mergeJson.run_directories} run directories, ${mergedFiles.length} files, ` +
  `byte-identical to the unsharded sweep`);
console.log(`  mean Δ ${summary.mean_trading_effect?.toFixed(4)}   improved / unchanged / worsened: ${summary.pairs_with_improvement} / ${summary.pairs_unchanged} / ${summary.pairs_worsened}`);
console.log('  mean Δ by cell:');
for (const kappa of GRID.kappa) {
  for (const c of GRID.concentration) {
    const cell = rows.filter((r) => r.kappa === kappa && r.concentration === c).map((r) => Number(r.trading_effect));
    console.log(`    κ=${kappa.padEnd(4)} c=${c}  ${(cell.reduce((a, b) => a + b, 0) / cell.length).toFixed(4)}  (${cell.map((x) => x.toFixed(3)).join(' ')})`);
  }
}
console.log(`outputs in ${outDir}`);
