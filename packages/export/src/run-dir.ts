import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, getProfile, resolveConfig, runId } from '@ring/engine';
import type { RunConfig, RunConfigInput, RunResult, RingObserver } from '@ring/engine';
import {
  INVENTORY_TABLE,
  LIABILITIES_TABLE,
  METRICS_DAY_TABLE,
  REPAYMENTS_TABLE,
  SYSTEM_STATE_TABLE,
  TRADER_INITIAL_STATE_TABLE,
  TRADES_TABLE,
  createRunCollector,
  flattenSystemState,
  systemStateTable,
} from '@ring/metrics';
import type {
  InventoryRow,
  LiabilityRow,
  MetricsDayRow,
  RepaymentRow,
  RunRows,
  SystemStateCsvRow,
  SystemStateRow,
  TradeRow,
  TraderInitialStateRow,
} from '@ring/metrics';
import { tempPathFor } from './atomic';
import { FileFormatError } from './errors';
import { createTableWriter, readTableCsv, readTableRows, tableCsv } from './table-io';
import type { TableWriter } from './table-io';

/** File names of a run directory (docs/instrumentation.md §11). */
export const RUN_FILES = {
  config: 'config.json',
  trades: TRADES_TABLE.file,
  repayments: REPAYMENTS_TABLE.file,
  inventory: INVENTORY_TABLE.file,
  systemState: SYSTEM_STATE_TABLE.file,
  metrics: METRICS_DAY_TABLE.file,
  liabilities: LIABILITIES_TABLE.file,
  initialState: TRADER_INITIAL_STATE_TABLE.file,
} as const;

/** `<out>/runs/<run_id>` */
export function runDirectory(outDir: string, runId: string): string {
  return join(outDir, 'runs', runId);
}

/** config.json: the canonical JSON of the resolved configuration (docs/model.md §2.5), one line, LF. */
export function runConfigJson(config: RunConfig): string {
  return `${canonicalJson(config)}\n`;
}

/** A system-state row with its `face_bucket_<name>` columns. */
const flat = (row: SystemStateRow) => flattenSystemState(row) as unknown as SystemStateCsvRow;

/** Rename a finished temporary run folder over `dir` (replacing an older copy of the same run). */
function publish(tmp: string, dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
}

/**
 * The files of one run directory as (file name, text) pairs, in {@link RUN_FILES} order: the bytes
 * {@link writeRunDirectory} writes. The rows must have been retained (the default of
 * `createRunCollector()`).
 */
export function runDirectoryTexts(rows: RunRows, config: RunConfig): [string, string][] {
  return [
    [RUN_FILES.config, runConfigJson(config)],
    [RUN_FILES.trades, tableCsv(TRADES_TABLE, rows.trades)],
    [RUN_FILES.repayments, tableCsv(REPAYMENTS_TABLE, rows.repayments)],
    [RUN_FILES.inventory, tableCsv(INVENTORY_TABLE, rows.inventory)],
    [RUN_FILES.systemState, tableCsv(systemStateTable(rows.buckets), rows.systemState.map(flat))],
    [RUN_FILES.metrics, tableCsv(METRICS_DAY_TABLE, rows.metricsByDay)],
    [RUN_FILES.liabilities, tableCsv(LIABILITIES_TABLE, rows.liabilities)],
    [RUN_FILES.initialState, tableCsv(TRADER_INITIAL_STATE_TABLE, rows.initialState)],
  ];
}

/**
 * Write every per-run file of docs/instrumentation.md §11 for one run (header-only files when a run has
 * no rows, e.g. a passive run's trades). The files are written into a temporary sibling folder
 * that is renamed into place, so a run directory appears complete or not at all. Returns it.
 * The rows must have been retained (the default of `createRunCollector()`).
 */
export function writeRunDirectory(outDir: string, rows: RunRows, config: RunConfig): string {
  return writeRunFiles(outDir, { runId: rows.summary.run_id, files: runDirectoryTexts(rows, config) });
}

/** The files of one run directory: its run id, and each file's name and text. */
export interface RunFiles {
  readonly runId: string;
  readonly files: readonly (readonly [name: string, text: string])[];
}

/** Write a run directory's files (into a temporary sibling folder renamed into place); returns the directory. */
export function writeRunFiles(outDir: string, run: RunFiles): string {
  const dir = runDirectory(outDir, run.runId);
  const tmp = tempPathFor(dir);
  mkdirSync(tmp, { recursive: true });
  try {
    for (const [name, text] of run.files) writeFileSync(join(tmp, name), text);
    publish(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return dir;
}

/** A run directory written while the run executes; see {@link createRunDirectoryWriter}. */
export interface RunDirectoryWriter {
  /** Attach to `simulate(config, { observer })`. */
  readonly observer: RingObserver;
  /** The directory the run will occupy: `<out>/runs/<run_id>`. */
  readonly dir: string;
  /** Write the end-of-run files and rename the directory into place; returns the run's rows (without trade and time-series rows). */
  finish(result: RunResult): RunRows;
  /** Discard everything written so far. */
  abort(): void;
}

/**
 * Stream one run's files to disk while it executes: trade rows as trades happen, time-series rows
 * at each day's snapshot, the rest at `finish`. Memory stays flat however long the run; the bytes
 * are identical to {@link writeRunDirectory}'s. Nothing appears at the run directory until
 * `finish` renames the completed folder into place.
 */
export function createRunDirectoryWriter(outDir: string, config: RunConfig): RunDirectoryWriter {
  const id = runId(config);
  const dir = runDirectory(outDir, id);
  const tmp = tempPathFor(dir);
  mkdirSync(tmp, { recursive: true });
  // the folder is renamed into place when complete, so its files need no renames of their own
  const trades = createTableWriter(join(tmp, RUN_FILES.trades), TRADES_TABLE, { inPlace: true });
  const inventory = createTableWriter(join(tmp, RUN_FILES.inventory), INVENTORY_TABLE, { inPlace: true });
  let system: TableWriter<SystemStateCsvRow> | null = null;
  let buckets: readonly string[] | null = null;
  const collector = createRunCollector({
    sink: {
      trade: (r) => trades.write(r),
      inventory: (r) => inventory.write(r),
      systemState: (r) => {
        // the bucket columns are known from the first row; every snapshot lists every bucket
        if (!system) {
          buckets = Object.keys(r.face_buckets);
          system = createTableWriter(join(tmp, RUN_FILES.systemState), systemStateTable(buckets), { inPlace: true });
        }
        system.write(flat(r));
      },
    },
  });
  const abort = () => {
    for (const w of [trades, inventory, system]) w?.abort();
    rmSync(tmp, { recursive: true, force: true });
  };
  return {
    observer: collector.observer,
    dir,
    finish: (result) => {
      try {
        const rows = collector.finish(result);
        if (rows.summary.run_id !== id)
          throw new FileFormatError(dir, 0, `the events are of run ${rows.summary.run_id}, not of this configuration`);
        if (!system) system = createTableWriter(join(tmp, RUN_FILES.systemState), systemStateTable(rows.buckets), { inPlace: true });
        else if (buckets!.join() !== rows.buckets.join())
          throw new FileFormatError(dir, 0, "snapshot buckets differ from the run's buckets");
        for (const w of [trades, inventory, system]) w.close();
        writeFileSync(join(tmp, RUN_FILES.config), runConfigJson(config));
        writeFileSync(join(tmp, RUN_FILES.repayments), tableCsv(REPAYMENTS_TABLE, rows.repayments));
        writeFileSync(join(tmp, RUN_FILES.metrics), tableCsv(METRICS_DAY_TABLE, rows.metricsByDay));
        writeFileSync(join(tmp, RUN_FILES.liabilities), tableCsv(LIABILITIES_TABLE, rows.liabilities));
        writeFileSync(join(tmp, RUN_FILES.initialState), tableCsv(TRADER_INITIAL_STATE_TABLE, rows.initialState));
        publish(tmp, dir);
        return rows;
      } catch (e) {
        abort();
        throw e;
      }
    },
    abort,
  };
}

// ---- typed readers: by the table definitions of @ring/metrics -----------------------------------

/** Read a trades.csv back into typed rows (header and every cell checked; the pre-Plan 022 names of columns 18 and 38 are accepted). */
export function readTradesCsv(file: string): TradeRow[] {
  return readTableRows(TRADES_TABLE, file);
}
/** Read a repayment_events.csv back into typed rows. */
export function readRepaymentsCsv(file: string): RepaymentRow[] {
  return readTableRows(REPAYMENTS_TABLE, file);
}
/** Read an inventory_timeseries.csv back into typed rows. */
export function readInventoryCsv(file: string): InventoryRow[] {
  return readTableRows(INVENTORY_TABLE, file);
}
/** Read a metrics.csv back into typed rows. */
export function readMetricsCsv(file: string): MetricsDayRow[] {
  return readTableRows(METRICS_DAY_TABLE, file);
}
/** Read a liabilities.csv back into typed rows. */
export function readLiabilitiesCsv(file: string): LiabilityRow[] {
  return readTableRows(LIABILITIES_TABLE, file);
}
/** Read a trader_initial_state.csv back into typed rows. */
export function readTraderInitialStateCsv(file: string): TraderInitialStateRow[] {
  return readTableRows(TRADER_INITIAL_STATE_TABLE, file);
}

/**
 * Read a system_state_timeseries.csv back into typed rows. `buckets` fixes the expected
 * `face_bucket_<name>` columns; without it they are taken from the header (the rest of the header
 * is still checked exactly).
 */
export function readSystemStateCsv(file: string, buckets?: readonly string[]): SystemStateRow[] {
  const { rows, header } = readTableCsv(SYSTEM_STATE_TABLE, file);
  if (buckets && header.buckets.join('\u0000') !== buckets.join('\u0000')) {
    throw new FileFormatError(
      file,
      1,
      `unexpected header: bucket columns ${JSON.stringify(header.buckets.map((b) => `face_bucket_${b}`))}, expected ${JSON.stringify(buckets.map((b) => `face_bucket_${b}`))}`,
    );
  }
  const names = header.buckets;
  return rows.map((flatRow) => {
    const r: Record<string, unknown> = { ...flatRow };
    const faceBuckets: Record<string, string> = {};
    for (const b of names) {
      faceBuckets[b] = r[`face_bucket_${b}`] as string;
      delete r[`face_bucket_${b}`];
    }
    return { ...(r as Omit<SystemStateRow, 'face_buckets'>), face_buckets: faceBuckets } as SystemStateRow;
  });
}

/** The bucket names of a system_state_timeseries.csv header (`face_bucket_<name>` columns, in order). */
function bucketsOfHeader(file: string): string[] {
  if (!existsSync(file)) throw new FileFormatError(file, 0, 'file not found');
  const text = readFileSync(file, 'utf8');
  const header = text.slice(0, Math.max(0, text.indexOf('\n'))).split(',');
  return header.filter((c) => c.startsWith('face_bucket_')).map((c) => c.slice('face_bucket_'.length));
}

/**
 * Read a run's config.json: it must be one line of canonical JSON whose resolution reproduces it
 * exactly (so its run id is the folder's).
 */
export function readRunConfig(file: string): RunConfig {
  if (!existsSync(file)) throw new FileFormatError(file, 0, 'file not found');
  const text = readFileSync(file, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new FileFormatError(file, 1, `not JSON: ${(e as Error).message}`);
  }
  let config: RunConfig;
  try {
    config = resolveConfig(parsed as RunConfigInput);
  } catch (e) {
    throw new FileFormatError(file, 1, `not a valid run configuration: ${(e as Error).message}`);
  }
  if (runConfigJson(config) !== text) throw new FileFormatError(file, 1, 'not the canonical JSON of a resolved configuration');
  return config;
}

/** Everything a run directory holds, parsed and validated. */
export interface RunDirectoryContents {
  readonly config: RunConfig;
  readonly runId: string;
  readonly buckets: readonly string[];
  readonly trades: TradeRow[];
  readonly repayments: RepaymentRow[];
  readonly inventory: InventoryRow[];
  readonly systemState: SystemStateRow[];
  readonly metricsByDay: MetricsDayRow[];
  /** liabilities.csv, or null in a directory written before ring wrote that file. */
  readonly liabilities: LiabilityRow[] | null;
  /** trader_initial_state.csv, or null in a directory written before ring wrote that file. */
  readonly initialState: TraderInitialStateRow[] | null;
}

/** A file's typed rows, or null if the file does not exist. */
function readIfPresent<T>(file: string, read: (file: string) => T[]): T[] | null {
  return existsSync(file) ? read(file) : null;
}

/**
 * Read a run directory written by {@link writeRunDirectory} or {@link createRunDirectoryWriter}
 * back into typed rows, checking every header and value, that every row carries the directory's
 * run id, and that the folder name is the configuration's run id. `liabilities.csv` and
 * `trader_initial_state.csv` are optional (null when absent: output written before they existed).
 */
export function readRunDirectory(dir: string): RunDirectoryContents {
  const config = readRunConfig(join(dir, RUN_FILES.config));
  const id = runId(config);
  const folder = dir
    .replace(/[/\\]+$/, '')
    .split(/[/\\]/)
    .pop();
  if (folder !== id) throw new FileFormatError(join(dir, RUN_FILES.config), 1, `configuration of run ${id} in folder ${folder}`);
  const systemFile = join(dir, RUN_FILES.systemState);
  // configured buckets where the configuration has them, else those of the header
  const buckets = getProfile(config.profile).bucketNames(config) ?? bucketsOfHeader(systemFile);
  const contents: RunDirectoryContents = {
    config,
    runId: id,
    buckets,
    trades: readTradesCsv(join(dir, RUN_FILES.trades)),
    repayments: readRepaymentsCsv(join(dir, RUN_FILES.repayments)),
    inventory: readInventoryCsv(join(dir, RUN_FILES.inventory)),
    systemState: readSystemStateCsv(systemFile, buckets),
    metricsByDay: readMetricsCsv(join(dir, RUN_FILES.metrics)),
    liabilities: readIfPresent(join(dir, RUN_FILES.liabilities), readLiabilitiesCsv),
    initialState: readIfPresent(join(dir, RUN_FILES.initialState), readTraderInitialStateCsv),
  };
  const files: [string, readonly { run_id: string; regime: string }[]][] = [
    [RUN_FILES.trades, contents.trades],
    [RUN_FILES.repayments, contents.repayments],
    [RUN_FILES.inventory, contents.inventory],
    [RUN_FILES.systemState, contents.systemState],
    [RUN_FILES.metrics, contents.metricsByDay],
    [RUN_FILES.liabilities, contents.liabilities ?? []],
    [RUN_FILES.initialState, contents.initialState ?? []],
  ];
  for (const [name, rows] of files) {
    const i = rows.findIndex((r) => r.run_id !== id || r.regime !== config.regime);
    if (i >= 0)
      throw new FileFormatError(
        join(dir, name),
        i + 2,
        `row of run ${rows[i]!.run_id} (${rows[i]!.regime}) in the directory of ${id}`,
        'run_id',
      );
  }
  return contents;
}
