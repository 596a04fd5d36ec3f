/**
 * Benchmark (issue 14): the results database.
 *
 * The 625-pair `paper2025` sweep (docs/experiment-paper2025.md §1) is run as `ring sweep` runs it —
 * with its default worker count (CPUs − 1) and with one per core — without and with detailed
 * logging (every per-run file: 7,500 files), each alternately without and with `--db` (the pairs'
 * rows gathered into a new database's writer as the sweep runs, `createSweepStoreWriter`: the
 * per-run tables from the files' texts, moved once the last pair is in), then:
 * 1. `--db` must add at most 30 % to either sweep's wall time (median over pairs of alternating runs);
 *    the same is measured on `ring sweep` itself, a fresh process per sweep (what a user times:
 *    Node's start, the imports, a JIT that has seen nothing), once the CLI is built — and, with
 *    BENCH_STORE_LARGER=1, also on a sweep four times as long (`--replicates 4`) and on the
 *    `bilancio2026` preset's detailed sweep (a few minutes more);
 * 2. loading the finished sweep's directory into a new database (`writeSweep`: runs, pairs,
 *    run-level tables and every per-run table from the CSV files, open and close included) < 5 s;
 * 3. `select bucket, day, count(*) from trades group by all` over all its trades < 0.5 s.
 *
 * Prints one JSON line per measurement, with the CPU time of this process (every thread) beside
 * the wall time: on a shared machine the CPU time is the steadier measure. The sweeps run in
 * pairs (BENCH_REPEATS pairs, default 5), the order within a pair alternating (files first, then
 * --db first) so that a machine getting busier or quieter weighs on both alike; the overhead
 * judged is the median of the pairs' own ratios (the ratio of the medians is printed beside it).
 * With BENCH_STRICT=1 a missed budget sets exit code 1.
 *
 *   pnpm --filter @ring/bench bench        (or, after pnpm build: npx tsx bench/store.bench.ts)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSweepWriter, readJournal } from '@ring/export';
import { defaultWorkerCount, runSweep, sweepPreset } from '@ring/policy-eval';
import { createSweepStoreWriter, openStore, query, writeSweep } from '@ring/store';

const LOAD_BUDGET_MS = 5000;
const QUERY_BUDGET_MS = 500;
const OVERHEAD_BUDGET = 0.3;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
/** The CLI as built (`pnpm build`): `ring sweep` is also measured as a user runs it. */
const CLI = fileURLToPath(new URL('../packages/cli/dist/cli.js', import.meta.url));
/** One sweep's wall time and, when it ran in this process, CPU time (every thread), in ms. */
type Sample = { wall: number; cpu: number | null };
const root = mkdtempSync(join(tmpdir(), 'ring-store-bench-'));
let failed = false;

/** CPU time of this process (every thread: workers and DuckDB's included), in ms: robust to a shared machine. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/**
 * Start each measured sweep from a settled disk: the files an earlier sweep wrote or deleted are
 * flushed first (`sync`, where there is one). Otherwise a sweep pays for the write-back of the one
 * before — the database's own flush at its checkpoint waits for all of it — and the order of the
 * sweeps, not `--db`, decides the measured overhead.
 */
function settleDisk(): void {
  if (process.platform === 'win32') return;
  try {
    execFileSync('sync', { stdio: 'ignore' });
  } catch {
    // no sync command: the alternating order still spreads the write-back over both kinds
  }
}
/** The median (the mean of the middle two of an even count). */
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
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
  const def = sweepPreset('paper2025', { replicates: 1, emulateDisplayAbort: true });
  /**
   * Worker counts measured: `ring sweep`'s default (CPUs − 1; on 2 cores one, in the main thread,
   * leaving a core idle) and every core (the machine saturated).
   */
  const workerCounts = [...new Set([Math.max(1, defaultWorkerCount() - 1), defaultWorkerCount()])];
  /** The sweep as `ring sweep [--detailed-logging] [--db FILE] --workers N` runs it: files, and the database when given. */
  const sweep = async (out: string, dbFile: string | null, detailed: boolean, workers: number) => {
    settleDisk();
    const t = performance.now();
    const c = cpuMs();
    const writer = openSweepWriter({ outDir: out, definition: def, detailed });
    const store = dbFile ? openStore(dbFile, { logCommits: false }) : null;
    const db = store ? createSweepStoreWriter(store, { definition: def, detailed }) : null;
    await runSweep(def, {
      workers,
      detailed,
      finished: writer.finished,
      onPair: async (o) => {
        const files = writer.writeRuns(o);
        await db?.write(o, files);
      },
    });
    // as ring sweep: aggregate/ is written while DuckDB checkpoints the committed rows
    await db?.commit();
    writer.finish();
    await db?.finish();
    (await store)?.close();
    return { wall: performance.now() - t, cpu: cpuMs() - c };
  };
  /**
   * Sweeps without and with --db, in alternating pairs (`run(k, withDb)`: the k-th pair's sweep of
   * that kind); the overhead judged. `cpu` is null where it cannot be measured (another process).
   */
  const overheadOf = async (name: string, run: (k: number, withDb: boolean) => Promise<Sample>, extra: Record<string, unknown>) => {
    const plain: Sample[] = [];
    const withDb: Sample[] = [];
    for (let k = 0; k < REPEATS; k++) {
      if (k % 2 === 0) {
        plain.push(await run(k, false));
        withDb.push(await run(k, true));
      } else {
        withDb.push(await run(k, true));
        plain.push(await run(k, false));
      }
      // Nothing is deleted until every sweep has run: a sweep that follows the deletion of 15,000
      // files runs a second or more slower on some disks (the first of each pair, whichever kind).
    }
    const cpus = (xs: Sample[]) => xs.flatMap((x) => (x.cpu === null ? [] : [x.cpu]));
    const stats = (xs: Sample[]) =>
      cpus(xs).length === 0 ? extra : { ...extra, cpu_ms: cpus(xs).map(Math.round), cpu_median_ms: Math.round(median(cpus(xs))) };
    report(
      `${name} (files only)`,
      plain.map((x) => x.wall),
      null,
      stats(plain),
    );
    report(
      `${name} --db (rows gathered as pairs finish, stored at the end)`,
      withDb.map((x) => x.wall),
      null,
      stats(withDb),
    );
    const overhead = median(withDb.map((x) => x.wall)) / median(plain.map((x) => x.wall)) - 1;
    const paired = (f: (x: Sample) => number) => median(withDb.map((x, k) => f(x) / f(plain[k]!) - 1));
    const hasCpu = cpus(plain).length === plain.length;
    // Judged on the pairs' own ratios: each pair's two sweeps ran back to back, under the same load.
    const ok = paired((x) => x.wall) <= OVERHEAD_BUDGET;
    if (!ok) failed = true;
    console.log(
      JSON.stringify({
        bench: `--db overhead on ${name}: wall time`,
        overhead: Number(overhead.toFixed(3)),
        paired_overhead: Number(paired((x) => x.wall).toFixed(3)),
        ...(hasCpu
          ? {
              cpu_overhead: Number((median(cpus(withDb)) / median(cpus(plain)) - 1).toFixed(3)),
              paired_cpu_overhead: Number(paired((x) => x.cpu!).toFixed(3)),
            }
          : {}),
        repeats: REPEATS,
        budget: OVERHEAD_BUDGET,
        pass: ok,
      }),
    );
  };
  /**
   * `ring sweep [--detailed-logging] [--db FILE]` as a user runs it: a fresh process per sweep
   * (Node's start, the imports — @ring/store and DuckDB's only with --db — and code the JIT has not
   * seen yet), `ring sweep`'s own default worker count.
   */
  const cliSweep = (out: string, dbFile: string | null, sweepArgs: readonly string[]): Sample => {
    settleDisk();
    const args = [CLI, 'sweep', ...sweepArgs, '--out', out, '--no-progress'];
    if (dbFile) args.push('--db', dbFile);
    const t = performance.now();
    execFileSync(process.execPath, args, { stdio: 'ignore' });
    return { wall: performance.now() - t, cpu: null };
  };
  const out = join(root, 'detailed-0');
  for (const workers of workerCounts) {
    for (const detailed of [false, true]) {
      const kind = `${detailed ? 'detailed' : 'plain'}-w${workers}`;
      // the first detailed sweep's directory (default worker count) is the one loaded below
      const keep = detailed && workers === workerCounts[0] ? out : join(root, `${kind}-0`);
      await overheadOf(
        `sweep paper2025 625 pairs${detailed ? ' --detailed-logging' : ''} --workers ${workers}`,
        (k, withDb) =>
          withDb
            ? sweep(join(root, `${kind}-db-${k}`), join(root, `${kind}-${k}.duckdb`), detailed, workers)
            : sweep(k === 0 ? keep : join(root, `${kind}-${k}`), null, detailed, workers),
        { workers },
      );
    }
  }
  if (existsSync(CLI)) {
    const cliSweeps = [
      ['--preset', 'paper2025'],
      ['--preset', 'paper2025', '--detailed-logging'],
    ];
    // Opt in (minutes): whether the overhead is a fixed cost that a longer sweep spreads thin.
    if (process.env.BENCH_STORE_LARGER === '1') {
      cliSweeps.push(
        ['--preset', 'paper2025', '--detailed-logging', '--replicates', '4'],
        ['--preset', 'bilancio2026', '--detailed-logging'],
      );
    }
    for (const [i, sweepArgs] of cliSweeps.entries()) {
      await overheadOf(
        `ring sweep ${sweepArgs.join(' ')} (a fresh process each, default workers)`,
        async (k, withDb) =>
          cliSweep(join(root, `cli-${i}${withDb ? '-db' : ''}-${k}`), withDb ? join(root, `cli-${i}-${k}.duckdb`) : null, sweepArgs),
        { workers: 'default' },
      );
    }
  }

  const records = readJournal(out).records;
  const loads: number[] = [];
  const loadCpu: number[] = [];
  let trades = 0;
  for (let k = 0; k < REPEATS; k++) {
    const file = join(root, `results-${k}.duckdb`);
    const t = performance.now();
    const c = cpuMs();
    const store = await openStore(file);
    await writeSweep(store, { definition: def, records, outDir: out });
    store.close();
    loads.push(performance.now() - t);
    loadCpu.push(cpuMs() - c);
    if (k === REPEATS - 1) {
      const s = await openStore(file, { readOnly: true });
      trades = Number((await s.rows('select count(*) as n from trades'))[0]!.n);
      const queries: number[] = [];
      const queryCpu: number[] = [];
      let groups = 0;
      for (let q = 0; q < 5; q++) {
        const tq = performance.now();
        const cq = cpuMs();
        groups = (await query(s, 'select bucket, day, count(*) as n from trades group by all')).rows.length;
        queries.push(performance.now() - tq);
        queryCpu.push(cpuMs() - cq);
      }
      report('group by over all trades (select bucket, day, count(*) … group by all)', queries, QUERY_BUDGET_MS, {
        trades,
        groups,
        cpu_ms: queryCpu.map(Math.round),
      });
      s.close();
    }
  }
  report('load the detailed 625-pair sweep directory into a new database (writeSweep)', loads, LOAD_BUDGET_MS, {
    trades,
    pairs: records.length,
    cpu_ms: loadCpu.map(Math.round),
  });
} finally {
  rmSync(root, { recursive: true, force: true });
}
if (failed && process.env.BENCH_STRICT === '1') process.exitCode = 1;
