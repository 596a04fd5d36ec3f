import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, resolveConfig, runId } from '@ring/engine';
import type { RunConfig, RunConfigInput, RunResult, RingObserver } from '@ring/engine';
import {
  INVENTORY_COLUMNS,
  METRICS_DAY_COLUMNS,
  REPAYMENT_COLUMNS,
  TRADE_COLUMNS,
  createRunCollector,
  flattenSystemState,
  systemStateColumns,
} from '@ring/metrics';
import type { InventoryRow, MetricsDayRow, RepaymentRow, RunRows, SystemStateRow, TradeRow } from '@ring/metrics';
import { tempPathFor } from './atomic';
import { createCsvWriter, toCsv } from './csv';
import type { CsvRow, CsvWriter } from './csv';
import { FileFormatError } from './errors';
import { nullable, readTypedCsv } from './typed';
import type { ColumnKind } from './typed';

/** File names of a run directory (docs/instrumentation.md §11). */
export const RUN_FILES = {
  config: 'config.json',
  trades: 'trades.csv',
  repayments: 'repayment_events.csv',
  inventory: 'inventory_timeseries.csv',
  systemState: 'system_state_timeseries.csv',
  metrics: 'metrics.csv',
} as const;

/** `<out>/runs/<run_id>` */
export function runDirectory(outDir: string, runId: string): string {
  return join(outDir, 'runs', runId);
}

/** config.json: the canonical JSON of the resolved configuration (docs/model.md §2.5), one line, LF. */
export function runConfigJson(config: RunConfig): string {
  return `${canonicalJson(config)}\n`;
}

const rowsOf = <T>(rows: readonly T[]) => rows as unknown as readonly CsvRow[];

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
    [RUN_FILES.trades, toCsv(TRADE_COLUMNS, rowsOf(rows.trades))],
    [RUN_FILES.repayments, toCsv(REPAYMENT_COLUMNS, rowsOf(rows.repayments))],
    [RUN_FILES.inventory, toCsv(INVENTORY_COLUMNS, rowsOf(rows.inventory))],
    [RUN_FILES.systemState, toCsv(systemStateColumns(rows.buckets), rows.systemState.map(flattenSystemState))],
    [RUN_FILES.metrics, toCsv(METRICS_DAY_COLUMNS, rowsOf(rows.metricsByDay))],
  ];
}

/**
 * Write every per-run file of docs/instrumentation.md §11 for one run (header-only files when a run has
 * no rows, e.g. a passive run's trades). The files are written into a temporary sibling folder
 * that is renamed into place, so a run directory appears complete or not at all. Returns it.
 * The rows must have been retained (the default of `createRunCollector()`).
 */
export function writeRunDirectory(outDir: string, rows: RunRows, config: RunConfig): string {
  const dir = runDirectory(outDir, rows.summary.run_id);
  const texts = runDirectoryTexts(rows, config);
  const tmp = tempPathFor(dir);
  mkdirSync(tmp, { recursive: true });
  try {
    for (const [name, text] of texts) writeFileSync(join(tmp, name), text);
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
  const trades = createCsvWriter(join(tmp, RUN_FILES.trades), TRADE_COLUMNS, { inPlace: true });
  const inventory = createCsvWriter(join(tmp, RUN_FILES.inventory), INVENTORY_COLUMNS, { inPlace: true });
  let system: CsvWriter | null = null;
  let buckets: readonly string[] | null = null;
  const collector = createRunCollector({
    sink: {
      trade: (r) => trades.write(r as unknown as CsvRow),
      inventory: (r) => inventory.write(r as unknown as CsvRow),
      systemState: (r) => {
        // the bucket columns are known from the first row; every snapshot lists every bucket
        if (!system) {
          buckets = Object.keys(r.face_buckets);
          system = createCsvWriter(join(tmp, RUN_FILES.systemState), systemStateColumns(buckets), { inPlace: true });
        }
        system.write(flattenSystemState(r));
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
        if (!system) system = createCsvWriter(join(tmp, RUN_FILES.systemState), systemStateColumns(rows.buckets), { inPlace: true });
        else if (buckets!.join() !== rows.buckets.join())
          throw new FileFormatError(dir, 0, "snapshot buckets differ from the run's buckets");
        for (const w of [trades, inventory, system]) w.close();
        writeFileSync(join(tmp, RUN_FILES.config), runConfigJson(config));
        writeFileSync(join(tmp, RUN_FILES.repayments), toCsv(REPAYMENT_COLUMNS, rowsOf(rows.repayments)));
        writeFileSync(join(tmp, RUN_FILES.metrics), toCsv(METRICS_DAY_COLUMNS, rowsOf(rows.metricsByDay)));
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

// ---- typed readers -------------------------------------------------------------------------

const REGIMES = ['passive', 'active'] as const;
const PARTY = ['trader', 'big_entity', 'dealer', 'vbt'] as const;

const TRADE_KINDS: Record<string, ColumnKind> = {
  regime: REGIMES,
  day: 'int',
  side: ['SELL', 'BUY'],
  maturity_day: 'int',
  face_value: 'dec',
  price: 'dec',
  unit_price: 'dec',
  is_passthrough: 'bool',
  dealer_inventory_before: 'int',
  dealer_cash_before: 'dec',
  dealer_bid_before: 'dec',
  dealer_ask_before: 'dec',
  vbt_mid_before: 'dec',
  trader_cash_before: 'dec',
  trader_safety_margin_before: 'dec',
  dealer_inventory_after: 'int',
  dealer_cash_after: 'dec',
  dealer_bid_after: 'dec',
  dealer_ask_after: 'dec',
  trader_cash_after: 'dec',
  trader_safety_margin_after: 'dec',
  is_liquidity_driven: 'bool',
  reduces_margin_below_zero: 'bool',
  hit_inventory_limit: 'bool',
  outside_mid_ratio: 'dec',
  seq: 'int',
  arrival_index: 'int?',
  buyer_type: PARTY,
  seller_type: PARTY,
  quantity: 'int',
  dealer_midline_before: 'dec',
  vbt_ask_before: 'dec',
  vbt_bid_before: 'dec',
  passthrough_reason: nullable(['guard', 'capacity', 'cash', 'no_inventory', 'no_admissible_issuer']),
  dealer_k_star_before: 'int',
};
const REPAYMENT_KINDS: Record<string, ColumnKind> = {
  regime: REGIMES,
  maturity_day: 'int',
  face_value: 'dec',
  outcome: ['repaid', 'defaulted'],
  buy_count: 'int',
  sell_count: 'int',
  net_cash_pnl: 'dec',
  strategy: ['no_trade', 'hold_to_maturity', 'sell_before', 'round_trip'],
  outside_mid_ratio: 'dec',
  held_matching_maturity: 'bool',
  amount_paid: 'dec',
  settled_day: 'int?',
};
const INVENTORY_KINDS: Record<string, ColumnKind> = {
  regime: REGIMES,
  day: 'int',
  dealer_inventory: 'int',
  max_capacity: 'int',
  capacity_pct: 'dec?',
  is_at_zero: 'bool',
  hit_vbt_this_step: 'bool',
  total_system_face: 'dec',
  dealer_share_pct: 'dec?',
  outside_mid_ratio: 'dec',
  dealer_cash: 'dec',
  dealer_bid: 'dec',
  dealer_ask: 'dec',
  dealer_midline: 'dec',
  dealer_x_star: 'int',
  vbt_mid: 'dec',
  vbt_spread: 'dec',
  vbt_ask: 'dec',
  vbt_bid: 'dec',
  vbt_inventory: 'int',
  vbt_cash: 'dec?',
  dealer_face: 'dec',
  vbt_face: 'dec',
  trader_face: 'dec',
  interior_trades: 'int',
  passthrough_trades: 'int',
};
const METRICS_KINDS: Record<string, ColumnKind> = {
  regime: REGIMES,
  outside_mid_ratio: 'dec',
  day: 'int',
  S_t: 'dec',
  settled_t: 'dec',
  phi_t: 'dec?',
  delta_t: 'dec?',
};
const SYSTEM_KINDS: Record<string, ColumnKind> = {
  regime: REGIMES,
  day: 'int',
  total_face_value: 'dec',
  total_cash: 'dec',
  debt_to_money: 'dec?',
  outside_mid_ratio: 'dec',
  face_due_today: 'dec',
  trader_cash: 'dec',
  desk_cash: 'dec',
  cum_settled_face: 'dec',
  cum_defaulted_face: 'dec',
};

/** Read a trades.csv back into typed rows (header and every value validated). */
export function readTradesCsv(file: string): TradeRow[] {
  return readTypedCsv<TradeRow>(file, TRADE_COLUMNS, TRADE_KINDS);
}
/** Read a repayment_events.csv back into typed rows. */
export function readRepaymentsCsv(file: string): RepaymentRow[] {
  return readTypedCsv<RepaymentRow>(file, REPAYMENT_COLUMNS, REPAYMENT_KINDS);
}
/** Read an inventory_timeseries.csv back into typed rows. */
export function readInventoryCsv(file: string): InventoryRow[] {
  return readTypedCsv<InventoryRow>(file, INVENTORY_COLUMNS, INVENTORY_KINDS);
}
/** Read a metrics.csv back into typed rows. */
export function readMetricsCsv(file: string): MetricsDayRow[] {
  return readTypedCsv<MetricsDayRow>(file, METRICS_DAY_COLUMNS, METRICS_KINDS);
}

/** The bucket names of a system_state_timeseries.csv header (`face_bucket_<name>` columns, in order). */
function bucketsOfHeader(file: string): string[] {
  if (!existsSync(file)) throw new FileFormatError(file, 0, 'file not found');
  const text = readFileSync(file, 'utf8');
  const header = text.slice(0, Math.max(0, text.indexOf('\n'))).split(',');
  return header.filter((c) => c.startsWith('face_bucket_')).map((c) => c.slice('face_bucket_'.length));
}

/**
 * Read a system_state_timeseries.csv back into typed rows. `buckets` fixes the expected
 * `face_bucket_<name>` columns; without it they are taken from the header (the rest of the header
 * is still checked exactly).
 */
export function readSystemStateCsv(file: string, buckets?: readonly string[]): SystemStateRow[] {
  const names = buckets ?? bucketsOfHeader(file);
  const columns = systemStateColumns(names);
  const kinds: Record<string, ColumnKind> = { ...SYSTEM_KINDS };
  for (const b of names) kinds[`face_bucket_${b}`] = 'dec';
  return readTypedCsv<Record<string, unknown>>(file, columns, kinds).map((r) => {
    const faceBuckets: Record<string, string> = {};
    for (const b of names) {
      faceBuckets[b] = r[`face_bucket_${b}`] as string;
      delete r[`face_bucket_${b}`];
    }
    return { ...(r as Omit<SystemStateRow, 'face_buckets'>), face_buckets: faceBuckets } as SystemStateRow;
  });
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
}

/**
 * Read a run directory written by {@link writeRunDirectory} or {@link createRunDirectoryWriter}
 * back into typed rows, checking every header and value, that every row carries the directory's
 * run id, and that the folder name is the configuration's run id.
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
  const buckets = config.profile === 'spec' ? config.buckets.map((b) => b.name) : bucketsOfHeader(systemFile);
  const contents: RunDirectoryContents = {
    config,
    runId: id,
    buckets,
    trades: readTradesCsv(join(dir, RUN_FILES.trades)),
    repayments: readRepaymentsCsv(join(dir, RUN_FILES.repayments)),
    inventory: readInventoryCsv(join(dir, RUN_FILES.inventory)),
    systemState: readSystemStateCsv(systemFile, buckets),
    metricsByDay: readMetricsCsv(join(dir, RUN_FILES.metrics)),
  };
  const files: [string, readonly { run_id: string; regime: string }[]][] = [
    [RUN_FILES.trades, contents.trades],
    [RUN_FILES.repayments, contents.repayments],
    [RUN_FILES.inventory, contents.inventory],
    [RUN_FILES.systemState, contents.systemState],
    [RUN_FILES.metrics, contents.metricsByDay],
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
