import { flattenSystemState, systemStateColumns } from '@ring/metrics';
import type { RunConfig } from '@ring/engine';
import type { RunRows, SystemStateRow } from '@ring/metrics';
import type { RunFiles } from '@ring/export';
import type { PairOutput, PairRecord, SweepDefinition } from '@ring/policy-eval';
import { dynamicColumns } from './live-table';
import type { RingStore, TableWrite, WriteCounts } from './db';
import type { OpenStoreOptions } from './open';
import { StoreError } from './errors';
import { Lanes } from './lanes';
import { CsvSpool } from './spool';
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
   * Rows gathered before they are moved into the database as one transaction (default 100 000:
   * the whole of the paper's detailed 625-pair sweep is one batch). The per-run files' lines wait
   * on disk, not in memory (see {@link createSweepStoreWriter}).
   */
  readonly batchRows?: number;
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
  write(output: PairOutput, files?: readonly RunFiles[]): Promise<void>;
  /**
   * Store what is gathered, and the `sweeps` row, committed (queries see them); resolves with the
   * rows written per table. The checkpoint that writes them into the database file has then
   * started on DuckDB's thread: do other work (`ring sweep` writes `aggregate/`), then call
   * {@link SweepStoreWriter.finish}, which waits for it. The writer takes no more pairs.
   */
  commit(): Promise<WriteCounts>;
  /**
   * {@link SweepStoreWriter.commit} (if not yet called), then wait for the checkpoint and give the
   * store its own DuckDB settings back; resolves with the rows written per table.
   */
  finish(): Promise<WriteCounts>;
  /**
   * Drop what is gathered and not yet moved, and its temporary files (a sweep that failed); waits
   * for a batch being moved, and gives the store back its own DuckDB settings. The writer takes
   * nothing more.
   */
  abort(): Promise<void>;
}

const DEFAULT_BATCH_ROWS = 100_000;
const DEFAULT_CHECKPOINT_ROWS = 2_000_000;

/**
 * Store a sweep while it runs (`ring sweep --db`): each finished pair's rows — its journal record
 * and, with detailed logging, its runs' files as the sweep wrote them (or their rows, when no files
 * are given) — are gathered, and every `batchRows` rows moved into the database in one transaction
 * ({@link RingStore.writeBatch}) while the next pairs run; nothing is read back from the output
 * directory. The files' lines are gathered on disk, one temporary file per table and header, and
 * DuckDB's CSV reader takes each in one pass. The tables end up with the same rows as
 * {@link writeSweep} of the finished sweep's directory; writing a pair again replaces its rows.
 * `store` may still be opening (a promise): rows are gathered meanwhile, and a failure to open is
 * thrown by the next `write`. The caller closes the store after `finish` (or `abort`).
 *
 * Why large batches: a sweep's simulations keep every core busy, so rows moved while it runs take
 * their time from it, and each batch has a fixed cost (a transaction, a statement per table, its
 * commit merging into the stored rows). One batch when the last pair is in — the cores then free —
 * costs the sweep least; the bound on a batch keeps a very large sweep's transactions in proportion.
 * A batch moves on two connections side by side ({@link Lanes}: the rows from memory and some
 * tables' CSV on one, the other tables' CSV on the other), each table in one of the two
 * transactions: should one fail, the sweep fails with it, and the pairs it held are stored again
 * when the sweep is resumed (writes replace rows).
 */
export function createSweepStoreWriter(store: RingStore | PromiseLike<RingStore>, options: SweepStoreOptions): SweepStoreWriter {
  const def = options.definition;
  const detailed = Boolean(options.detailed);
  const limit = options.batchRows ?? DEFAULT_BATCH_ROWS;
  const opened = Promise.resolve(store);
  const counts: WriteCounts = {};
  let failure: { error: unknown } | null = null;
  opened.catch((error: unknown) => {
    failure ??= { error };
  });
  /** The pairs gathered, by pair index. */
  let records = new Map<number, PairRecord>();
  let runs: RunRows[] = [];
  let spool = new CsvSpool(PER_RUN_TABLES);
  /** Where the per-run rows come from: the same for every pair (the first pair decides). */
  let source: 'rows' | 'files' | null = null;
  let configs = new Map<number, readonly RunConfig[]>();
  let gathered = 0;
  let sweepRowWritten = false;
  let moving: Promise<void> = Promise.resolve();
  /** The statement that gives the store its own DuckDB settings back, once the writer (as it starts) changed them. */
  let restore: string | null = null;
  let finished = false;
  let unsaved = 0;
  const lanes = new Lanes();
  /** The second connection, opened for the first batch that has work for it. */
  let sibling: Promise<RingStore> | null = null;
  const closeSibling = async () => {
    const other = await sibling?.catch(() => null);
    other?.close();
    sibling = null;
  };
  /** Move a batch's two lanes, each in one transaction, side by side; both finish before an error is thrown. */
  const moveSideBySide = async (s: RingStore, [own, side]: [TableWrite[], TableWrite[]]): Promise<WriteCounts> => {
    // Opened before this batch's writes start: it begins knowing the tables as the store does.
    if (side.length > 0) sibling ??= s.sibling();
    const other = side.length > 0 ? await sibling : null;
    const [a, b] = await Promise.allSettled([s.writeBatch(own), other ? other.writeBatch(side) : {}]);
    if (a.status === 'rejected') throw a.reason;
    if (b.status === 'rejected') throw b.reason;
    return { ...a.value, ...b.value };
  };

  const check = () => {
    if (failure) throw failure.error;
  };
  /** The store once it is open (for a statement that must start at once, without a turn of the event loop). */
  let ready: RingStore | null = null;
  // The sweep's DuckDB settings, applied while the first pairs run rather than by the first batch.
  moving = opened
    .then(async (s) => {
      ready = s;
      restore = await sweepSettings(s);
    })
    .then(undefined, (error: unknown) => {
      failure ??= { error };
    });
  /**
   * The checkpoint of the committed rows (issued before `commit` resolves, so that it runs on
   * DuckDB's thread while the caller's is busy), then the store's own DuckDB settings back.
   */
  let saving: Promise<void> | null = null;
  const save = (s: RingStore): Promise<void> => s.checkpoint().then(() => restoreSettings());
  /** Give the store its own DuckDB settings back. */
  const restoreSettings = async (): Promise<void> => {
    if (restore === null) return;
    const s = await opened;
    const sql = restore;
    restore = null;
    await s.run(sql);
  };
  /** Start moving what is gathered once the batch before has been moved (one batch in flight). */
  const flush = async (): Promise<void> => {
    if (records.size === 0 && sweepRowWritten) return;
    const files = spool;
    const fromFiles = detailed && source === 'files';
    const parts = [...recordWrites(def, [...records.values()], configs), ...(detailed && !fromFiles ? runTableWrites(runs) : [])];
    if (!sweepRowWritten) parts.unshift({ table: 'sweeps', rows: [sweepRows(def, []).sweep] });
    sweepRowWritten = true;
    records = new Map();
    runs = [];
    spool = new CsvSpool(PER_RUN_TABLES);
    configs = new Map();
    gathered = 0;
    try {
      await moving;
      check();
    } catch (e) {
      await files.discard();
      throw e;
    }
    moving = opened
      .then(async (s) => {
        const all = fromFiles ? [...parts, ...(await files.writes())] : parts;
        const n = await moveSideBySide(s, lanes.split(all));
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
      )
      .finally(() => files.discard());
  };

  const commit = async (): Promise<WriteCounts> => {
    try {
      if (!finished) {
        finished = true;
        await flush();
      }
      await moving;
    } finally {
      await closeSibling();
    }
    check();
    if (!saving) {
      // Every batch waited for `moving`, which set `ready`. A failed checkpoint is thrown by finish.
      saving = save(ready!);
      saving.catch(() => undefined);
    }
    return { ...counts };
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
      if (fromFiles) {
        const ids = output.detail!.runs.map((r) => r.rows.summary.run_id);
        if (ids.join() !== files.map((f) => f.runId).join()) {
          throw new StoreError('STORE_INPUT', `pair ${output.record.index}: the files given are not its runs' (${ids.join(', ')})`);
        }
      }
      // A pair given again before its batch moved: that batch goes first (its rows, then these, win).
      if (records.has(output.record.index)) await flush();
      if (fromFiles) spool.add(files);
      records.set(output.record.index, output.record);
      configs.set(output.record.index, output.configs);
      gathered += RECORD_ROWS;
      if (detailed) {
        for (const run of output.detail!.runs) {
          if (!fromFiles) runs.push(run.rows);
          gathered += runRowCount(run.rows);
        }
      }
      if (gathered >= limit) await flush();
    },
    commit,
    async finish() {
      const n = await commit();
      await saving;
      return n;
    },
    async abort() {
      finished = true;
      await spool.discard();
      records = new Map();
      runs = [];
      await moving;
      await closeSibling();
      if (saving) await saving.catch(() => undefined);
      else await restoreSettings().catch(() => undefined);
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
