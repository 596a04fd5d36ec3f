/**
 * Benchmark (issue 14): the results database.
 *
 * The detailed 625-pair `paper2025` sweep (docs/experiment-paper2025.md §1; every per-run file, 7,500 files)
 * is run into a directory as `ring sweep --detailed-logging` does, then:
 * 1. loading it into a new database (`writeSweep`: runs, pairs, run-level tables and every per-run
 *    table from the CSV files, open and close included) must take < 5 s;
 * 2. `select bucket, day, count(*) from trades group by all` over all its trades < 0.5 s;
 * 3. `--db` (= step 1) must add at most 30 % to the sweep's wall time.
 *
 * Prints one JSON line per measurement. With BENCH_STRICT=1 a missed budget sets exit code 1.
 *
 *   pnpm --filter @ring/bench bench        (or, after pnpm build: npx tsx bench/store.bench.ts)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSweepWriter, readJournal } from '@ring/export';
import { defaultWorkerCount, runSweep, sweepPreset } from '@ring/policy-eval';
import { openStore, query, writeSweep } from '@ring/store';

const LOAD_BUDGET_MS = 5000;
const QUERY_BUDGET_MS = 500;
const OVERHEAD_BUDGET = 0.3;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const root = mkdtempSync(join(tmpdir(), 'ring-store-bench-'));
let failed = false;

/** CPU time of this process (every thread: workers and DuckDB's included), in ms: robust to a shared machine. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function report(name: string, timesMs: number[], budgetMs: number | null, extra: Record<string, unknown> = {}): void {
  const pass = budgetMs === null ? null : median(timesMs) < budgetMs;
  if (pass === false) failed = true;
  console.log(
    JSON.stringify({
      bench: name,
      wall_ms: timesMs.map(Math.round),
      median_ms: Math.round(median(timesMs)),
      budget_ms: budgetMs,
      pass,
      ...extra,
    }),
  );
}

try {
  const def = sweepPreset('paper2025', { replicates: 1, emulateDisplayAbort: false });
  const out = join(root, 'sweep');
  const workers = defaultWorkerCount();
  let t = performance.now();
  let c = cpuMs();
  const writer = openSweepWriter({ outDir: out, definition: def, detailed: true });
  await runSweep(def, { workers, detailed: true, finished: writer.finished, onPair: (o) => writer.write(o) });
  writer.finish();
  const sweepMs = performance.now() - t;
  const sweepCpu = cpuMs() - c;
  report('sweep paper2025 625 pairs --detailed-logging (files only)', [sweepMs], null, { workers, cpu_ms: Math.round(sweepCpu) });

  const records = readJournal(out).records;
  const loads: number[] = [];
  const loadCpu: number[] = [];
  let trades = 0;
  for (let k = 0; k < REPEATS; k++) {
    const file = join(root, `results-${k}.duckdb`);
    t = performance.now();
    c = cpuMs();
    const store = await openStore(file);
    await writeSweep(store, { definition: def, records, outDir: out });
    store.close();
    loads.push(performance.now() - t);
    loadCpu.push(cpuMs() - c);
    if (k === REPEATS - 1) {
      const s = await openStore(file, { readOnly: true });
      trades = Number((await s.rows('select count(*) as n from trades'))[0]!.n);
      const queries: number[] = [];
      let groups = 0;
      for (let q = 0; q < 5; q++) {
        t = performance.now();
        groups = (await query(s, 'select bucket, day, count(*) as n from trades group by all')).rows.length;
        queries.push(performance.now() - t);
      }
      report('group by over all trades (select bucket, day, count(*) … group by all)', queries, QUERY_BUDGET_MS, { trades, groups });
      s.close();
    }
  }
  report('load the detailed 625-pair sweep into a new database (writeSweep)', loads, LOAD_BUDGET_MS, {
    trades,
    pairs: records.length,
    cpu_ms: loadCpu.map(Math.round),
  });
  const overhead = median(loads) / sweepMs;
  const ok = overhead <= OVERHEAD_BUDGET;
  if (!ok) failed = true;
  console.log(
    JSON.stringify({
      bench: '--db overhead on the sweep wall time',
      sweep_ms: Math.round(sweepMs),
      load_ms: Math.round(median(loads)),
      overhead: Number(overhead.toFixed(3)),
      budget: OVERHEAD_BUDGET,
      pass: ok,
    }),
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
if (failed && process.env.BENCH_STRICT === '1') process.exitCode = 1;
