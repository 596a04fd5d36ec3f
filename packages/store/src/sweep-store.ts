import { basename } from 'node:path';
import { flattenSystemState, systemStateColumns } from '@ring/metrics';
import type { RunConfig } from '@ring/engine';
import type { RunRows, SystemStateRow } from '@ring/metrics';
import { pairCount } from '@ring/policy-eval';
import type { PairOutput, PairRecord, SweepDefinition } from '@ring/policy-eval';
import { bodiesByHeader, dynamicColumns } from './db';
import type { OpenStoreOptions, RingStore, TableWrite, WriteCounts } from './db';
import { StoreError } from './errors';
import { runRowsFromSweep, sweepRows } from './records';
import { literal } from './schema';
import type { StoreColumn, StoreTable } from './schema';
import { STORE_TABLES, storeTable } from './tables';

/**
 * The rows of each per-run table in a run's rows (what `runs/<run_id>/<table>.csv` holds), by
 * table name. A per-run table missing here is refused by {@link runTableWrites}.
 */
const RUN_TABLE_ROWS: Readonly<Record<string, (rows: RunRows) => readonly object[]>> = {
  trades: (r) => r.trades,
  repayment_events: (r) => r.repayments,
  inventory_timeseries: (r) => r.inventory,
  system_state_timeseries: (r) => r.systemState,
  metrics: (r) => r.metricsByDay,
  liabilities: (r) => r.liabilities,
  trader_initial_state: (r) => r.initialState,
};

/** Rows whose CSV form has more columns than their fields: a system-state row's bucket faces. */
const FLATTEN: Readonly<Record<string, (row: object) => object>> = {
  system_state_timeseries: (row) => flattenSystemState(row as SystemStateRow),
};

/** The per-run tables (one file per run under `runs/<run_id>/`). */
export const PER_RUN_TABLES: readonly StoreTable[] = STORE_TABLES.filter((t) => t.file?.startsWith('runs/*/'));

/**
 * The writes that store the per-run tables of some runs from their rows in memory: the same rows,
 * columns and values as loading their `runs/<run_id>/*.csv` files (each run's stored rows replaced,
 * even by no rows).
 */
export function runTableWrites(runs: readonly RunRows[]): TableWrite[] {
  const runIds = runs.map((r) => r.summary.run_id);
  return PER_RUN_TABLES.map((table) => {
    const rowsOf = RUN_TABLE_ROWS[table.name];
    if (!rowsOf) throw new StoreError('STORE_INPUT', `no in-memory rows for the per-run table ${table.name}`);
    const flat = FLATTEN[table.name];
    const rows = runs.flatMap((r) => (flat ? rowsOf(r).map(flat) : rowsOf(r))) as Record<string, unknown>[];
    // The bucket columns of system_state_timeseries, in the order its CSV header has them.
    const extra = new Map<string, StoreColumn>();
    if (table.dynamic) for (const r of runs) for (const c of dynamicColumns(table, systemStateColumns(r.buckets))) extra.set(c.name, c);
    return { table, rows, extra: [...extra.values()], replaceKeys: runIds };
  });
}

/**
 * The files of one run directory as a sweep wrote them (`runs/<run_id>/`): each file's name and
 * text — what `@ring/export`'s `SweepWriter.writeRuns` returns.
 */
export interface RunFileTexts {
  readonly runId: string;
  readonly files: readonly (readonly [name: string, text: string])[];
}

/**
 * The writes that store the per-run tables of some runs from the texts of their files: the same
 * rows as loading those files from disk ({@link RingStore.loadCsv}), read by DuckDB's CSV reader
 * (each run's stored rows replaced, even by no rows).
 */
export function csvTableWrites(runs: readonly RunFileTexts[]): TableWrite[] {
  const runIds = runs.map((r) => r.runId);
  return PER_RUN_TABLES.map((table) => {
    const name = basename(table.file!);
    const texts = runs.flatMap((r) => r.files.filter(([n]) => n === name).map(([, text]) => [`runs/${r.runId}/${name}`, text] as const));
    return { table, rows: [], csv: bodiesByHeader(texts), replaceKeys: runIds };
  });
}

/** The writes that store some finished pairs of a sweep from their journal records (every table but the per-run ones). */
export function recordWrites(
  definition: SweepDefinition,
  records: readonly PairRecord[],
  configs?: ReadonlyMap<number, readonly RunConfig[]>,
): TableWrite[] {
  const sw = sweepRows(definition, records);
  const runs = runRowsFromSweep(definition, records, configs);
  const writes: TableWrite[] = [
    { table: 'sweep_pairs', rows: sw.pairs },
    { table: 'pairs', rows: records.map((r) => r.comparison) },
    { table: 'runs', rows: runs.rows, extra: runs.extra },
    { table: 'strategy_outcomes_by_run', rows: records.flatMap((r) => r.strategy) },
    { table: 'dealer_usage_by_run', rows: records.flatMap((r) => r.usage) },
  ];
  if (records.some((r) => r.strategy2025)) {
    writes.push(
      { table: storeTable('strategy_outcomes_by_run_2025'), rows: records.flatMap((r) => r.strategy2025 ?? []) },
      { table: storeTable('dealer_usage_by_run_2025'), rows: records.flatMap((r) => r.usage2025 ?? []) },
    );
  }
  return writes;
}

/** Options of {@link createSweepStoreWriter}. */
export interface SweepStoreOptions {
  readonly definition: SweepDefinition;
  /** A sweep with detailed logging: every pair comes with its runs' rows, stored in the per-run tables. */
  readonly detailed?: boolean;
  /**
   * Rows gathered before they are moved into the database as one transaction (default 20 000; a
   * quarter of the sweep's rows when that is less, but at least 1 000).
   */
  readonly batchRows?: number;
  /**
   * How many pairs the sweep will hand over (default: every pair of the definition). Near the end
   * the writer moves what it has gathered early, so that the batch left once the last pair is in —
   * the part of the work the sweep waits for — is small.
   */
  readonly pairs?: number;
  /**
   * For a store that does not log its commits ({@link OpenStoreOptions.logCommits} false): rows
   * moved between checkpoints (default 2 000 000), which bounds the rows DuckDB holds in memory
   * only. A store that logs commits checkpoints when its log reaches 1 GiB.
   */
  readonly checkpointRows?: number;
}

/** Writes a sweep's pairs into a database as they finish; see {@link createSweepStoreWriter}. */
export interface SweepStoreWriter {
  /**
   * Take one finished pair (what `runSweep` hands to `onPair`). Resolves at once unless a batch
   * must wait for the one before. With detailed logging, `files` — its runs' files as the sweep
   * wrote them (`SweepWriter.writeRuns` of `@ring/export`) — lets the per-run tables be read from
   * those texts by DuckDB, which costs a fraction of moving the rows one by one; without it they are
   * taken from the rows.
   */
  write(output: PairOutput, files?: readonly RunFileTexts[]): Promise<void>;
  /** Store what is gathered, and the `sweeps` row; resolves with the rows written per table. */
  finish(): Promise<WriteCounts>;
}

const DEFAULT_BATCH_ROWS = 20_000;
/** The smallest batch a sweep's rows are moved in before its last pair (a batch has a fixed cost). */
const MIN_BATCH_ROWS = 1_000;
const DEFAULT_CHECKPOINT_ROWS = 2_000_000;

/**
 * Store a sweep while it runs (`ring sweep --db`): each finished pair's rows — its journal record
 * and, with detailed logging, its runs' rows as they are in memory — are gathered, and every
 * `batchRows` rows moved into the database in one transaction ({@link RingStore.writeBatch}) while
 * the next pairs run, so nothing is read back from the CSV files. The tables end up with the same
 * rows as {@link writeSweep} of the finished sweep's directory; writing a pair again replaces its
 * rows. `store` may still be opening (a promise): rows are gathered meanwhile, and a failure to
 * open is thrown by the next `write`. The caller closes the store after `finish`.
 */
export function createSweepStoreWriter(store: RingStore | PromiseLike<RingStore>, options: SweepStoreOptions): SweepStoreWriter {
  const def = options.definition;
  const detailed = Boolean(options.detailed);
  const limit = options.batchRows ?? DEFAULT_BATCH_ROWS;
  const expected = options.pairs ?? pairCount(def);
  let received = 0;
  let rowsReceived = 0;
  let tailFlushed = false;
  const opened = Promise.resolve(store);
  const counts: WriteCounts = {};
  let failure: { error: unknown } | null = null;
  opened.catch((error: unknown) => {
    failure ??= { error };
  });
  let records: PairRecord[] = [];
  let runs: RunRows[] = [];
  let texts: RunFileTexts[] = [];
  /** Where the per-run rows come from: the same for every pair (the first pair decides). */
  let source: 'rows' | 'files' | null = null;
  let configs = new Map<number, RunConfig[]>();
  let gathered = 0;
  let sweepRowWritten = false;
  let moving: Promise<void> = Promise.resolve();
  let started = false;
  let restore: string | null = null;
  let finished = false;
  let unsaved = 0;

  const check = () => {
    if (failure) throw failure.error;
  };
  /**
   * Once, in a sweep of more than one batch: true when the rows still to come (estimated from the
   * pairs so far) are fewer than a quarter of a batch and fewer than those gathered — moving these
   * now leaves the last batch small, while the batch moved has the last pairs' time to finish.
   */
  /**
   * Rows to gather before a batch moves: `batchRows`, or a quarter of the sweep's rows (estimated
   * from the pairs so far, at least {@link MIN_BATCH_ROWS}) when that is less — a sweep without
   * per-run tables then moves its rows as it runs too, not all once the last pair is in.
   */
  const batchLimit = (): number => Math.min(limit, Math.max(MIN_BATCH_ROWS, Math.ceil((expected * rowsReceived) / received / 4)));
  const endsSoon = (): boolean => {
    if (tailFlushed || received >= expected) return false;
    const perPair = rowsReceived / received;
    const left = (expected - received) * perPair;
    const batch = batchLimit();
    if (expected * perPair < batch || left > batch / 4 || left >= gathered) return false;
    tailFlushed = true;
    return true;
  };
  /** Start moving what is gathered once the batch before has been moved (one batch in flight). */
  const flush = async (): Promise<void> => {
    if (records.length === 0 && sweepRowWritten) return;
    const perRun = !detailed ? [] : source === 'files' ? csvTableWrites(texts) : runTableWrites(runs);
    const parts = [...recordWrites(def, records, configs), ...perRun];
    if (!sweepRowWritten) parts.unshift({ table: 'sweeps', rows: [sweepRows(def, []).sweep] });
    sweepRowWritten = true;
    records = [];
    runs = [];
    texts = [];
    configs = new Map();
    gathered = 0;
    await moving;
    check();
    const first = !started;
    started = true;
    moving = opened
      .then(async (s) => {
        if (first) restore = await sweepSettings(s);
        const n = await s.writeBatch(parts);
        if (!s.logCommits) {
          unsaved += Object.values(n).reduce((a, b) => a + b, 0);
          if (unsaved >= (options.checkpointRows ?? DEFAULT_CHECKPOINT_ROWS) && !finished) {
            unsaved = 0;
            await s.checkpoint();
          }
        }
        return n;
      })
      .then(
        (n) => {
          for (const [t, k] of Object.entries(n)) counts[t] = (counts[t] ?? 0) + k;
        },
        (error: unknown) => {
          failure ??= { error };
        },
      );
  };

  return {
    async write(output, files) {
      if (finished) throw new StoreError('STORE_INPUT', 'the sweep writer has finished');
      check();
      if (detailed && !output.detail) {
        throw new StoreError('STORE_INPUT', `pair ${output.record.index} has no per-run rows; run the sweep with detailed logging`);
      }
      const fromFiles = detailed && files !== undefined;
      source ??= fromFiles ? 'files' : 'rows';
      if (source !== (fromFiles ? 'files' : 'rows')) {
        throw new StoreError('STORE_INPUT', `pair ${output.record.index}: give every pair's files, or none`);
      }
      const before = gathered;
      records.push(output.record);
      gathered += RECORD_ROWS;
      if (detailed) {
        const ids = output.detail!.runs.map((r) => r.rows.summary.run_id);
        if (fromFiles && ids.join() !== files.map((f) => f.runId).join()) {
          throw new StoreError('STORE_INPUT', `pair ${output.record.index}: the files given are not its runs' (${ids.join(', ')})`);
        }
        for (const run of output.detail!.runs) {
          if (!fromFiles) runs.push(run.rows);
          gathered += runRowCount(run.rows);
        }
        if (fromFiles) texts.push(...files);
        configs.set(
          output.record.index,
          output.detail!.runs.map((r) => r.config),
        );
      }
      received++;
      rowsReceived += gathered - before;
      if (gathered >= batchLimit() || endsSoon()) await flush();
    },
    async finish() {
      if (!finished) {
        finished = true;
        await flush();
      }
      await moving;
      check();
      if (restore !== null) {
        const s = await opened;
        await s.checkpoint();
        await s.run(restore);
        restore = null;
      }
      return { ...counts };
    },
  };
}

/**
 * DuckDB settings while a sweep writes, and the statement that restores the store's own once the
 * sweep's rows are checkpointed: the log may grow to 1 GiB (DuckDB's default, 16 MB, would
 * checkpoint — rewriting the tables' last row groups — several times during a large sweep), and
 * DuckDB works on one thread (the sweep's simulations have the cores; more threads only add
 * coordination on a busy machine).
 */
async function sweepSettings(store: RingStore): Promise<string> {
  const r = await store.rows("SELECT current_setting('checkpoint_threshold') AS c, current_setting('threads') AS t");
  await store.run("SET checkpoint_threshold = '1GiB'; SET threads = 1");
  return `SET checkpoint_threshold = ${literal(String(r[0]!.c))}; SET threads = ${Number(r[0]!.t)}`;
}

/** Rows a journal record brings (sweep_pairs, pairs, two runs, two strategy and two usage rows, the 2025 ones). */
const RECORD_ROWS = 10;

const runRowCount = (r: RunRows): number => PER_RUN_TABLES.reduce((n, t) => n + (RUN_TABLE_ROWS[t.name]?.(r).length ?? 0), 0);
