import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '@ring/engine';
import type { RunConfig } from '@ring/engine';
import {
  INVENTORY_COLUMNS, METRICS_DAY_COLUMNS, REPAYMENT_COLUMNS, TRADE_COLUMNS, flattenSystemState, systemStateColumns,
} from '@ring/metrics';
import type { InventoryRow, MetricsDayRow, RepaymentRow, RunRows, SystemStateRow, TradeRow } from '@ring/metrics';
import { tempPathFor } from './atomic';
import { readCsv, toCsv } from './csv';
import type { CsvRow } from './csv';
import { FileFormatError } from './errors';

/** File names of a run directory (instrumentation §11). */
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

/**
 * Write every per-run file of instrumentation §11 for one run (header-only files when a run has
 * no rows, e.g. a passive run's trades). The files are written into a temporary sibling folder
 * that is renamed into place, so a run directory appears complete or not at all. Returns it.
 */
export function writeRunDirectory(outDir: string, rows: RunRows, config: RunConfig): string {
  const dir = runDirectory(outDir, rows.summary.run_id);
  const tmp = tempPathFor(dir);
  mkdirSync(tmp, { recursive: true });
  try {
    writeFileSync(join(tmp, RUN_FILES.config), `${canonicalJson(config)}\n`);
    writeFileSync(join(tmp, RUN_FILES.trades), toCsv(TRADE_COLUMNS, rows.trades as unknown as CsvRow[]));
    writeFileSync(join(tmp, RUN_FILES.repayments), toCsv(REPAYMENT_COLUMNS, rows.repayments as unknown as CsvRow[]));
    writeFileSync(join(tmp, RUN_FILES.inventory), toCsv(INVENTORY_COLUMNS, rows.inventory as unknown as CsvRow[]));
    writeFileSync(join(tmp, RUN_FILES.systemState), toCsv(systemStateColumns(rows.buckets), rows.systemState.map(flattenSystemState)));
    writeFileSync(join(tmp, RUN_FILES.metrics), toCsv(METRICS_DAY_COLUMNS, rows.metricsByDay as unknown as CsvRow[]));
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return dir;
}

// ---- typed readers -------------------------------------------------------------------------

type Kind = 'str' | 'int' | 'bool' | 'dec' | 'str?' | 'int?' | 'dec?';

function convert(file: string, line: number, column: string, kind: Kind, raw: string): unknown {
  const optional = kind.endsWith('?');
  if (raw === '') {
    if (optional) return null;
    if (kind === 'str') return '';
    throw new FileFormatError(file, line, `column ${column} is empty`);
  }
  switch (kind.replace('?', '')) {
    case 'int': {
      if (!/^-?\d+$/.test(raw)) throw new FileFormatError(file, line, `column ${column}: expected an integer, got ${JSON.stringify(raw)}`);
      return Number(raw);
    }
    case 'bool':
      if (raw !== 'true' && raw !== 'false') throw new FileFormatError(file, line, `column ${column}: expected true or false, got ${JSON.stringify(raw)}`);
      return raw === 'true';
    case 'dec':
      if (!/^-?\d+(\.\d+)?$/.test(raw)) throw new FileFormatError(file, line, `column ${column}: expected a plain decimal, got ${JSON.stringify(raw)}`);
      return raw;
    default:
      return raw;
  }
}

function typed<T>(file: string, columns: readonly string[], kinds: Record<string, Kind>, raw?: Record<string, string>[]): T[] {
  const rows = raw ?? readCsv(file, columns);
  return rows.map((r, i) => {
    const out: Record<string, unknown> = {};
    for (const c of columns) out[c] = convert(file, i + 2, c, kinds[c] ?? 'str', r[c]!);
    return out as T;
  });
}

const TRADE_KINDS: Record<string, Kind> = {
  day: 'int', maturity_day: 'int', face_value: 'dec', price: 'dec', unit_price: 'dec', is_passthrough: 'bool',
  dealer_inventory_before: 'int', dealer_cash_before: 'dec', dealer_bid_before: 'dec', dealer_ask_before: 'dec', vbt_mid_before: 'dec',
  trader_cash_before: 'dec', trader_safety_margin_before: 'dec', dealer_inventory_after: 'int', dealer_cash_after: 'dec',
  dealer_bid_after: 'dec', dealer_ask_after: 'dec', trader_cash_after: 'dec', trader_safety_margin_after: 'dec',
  is_liquidity_driven: 'bool', reduces_margin_below_zero: 'bool', hit_inventory_limit: 'bool', outside_mid_ratio: 'dec',
  seq: 'int', arrival_index: 'int?', quantity: 'int', dealer_midline_before: 'dec', vbt_ask_before: 'dec', vbt_bid_before: 'dec',
  passthrough_reason: 'str?', dealer_k_star_before: 'int',
};
const REPAYMENT_KINDS: Record<string, Kind> = {
  maturity_day: 'int', face_value: 'dec', buy_count: 'int', sell_count: 'int', net_cash_pnl: 'dec', outside_mid_ratio: 'dec',
  held_matching_maturity: 'bool', amount_paid: 'dec', settled_day: 'int?',
};
const INVENTORY_KINDS: Record<string, Kind> = {
  day: 'int', dealer_inventory: 'int', max_capacity: 'int', capacity_pct: 'dec?', is_at_zero: 'bool', hit_vbt_this_step: 'bool',
  total_system_face: 'dec', dealer_share_pct: 'dec?', outside_mid_ratio: 'dec', dealer_cash: 'dec', dealer_bid: 'dec',
  dealer_ask: 'dec', dealer_midline: 'dec', dealer_x_star: 'int', vbt_mid: 'dec', vbt_spread: 'dec', vbt_ask: 'dec', vbt_bid: 'dec',
  vbt_inventory: 'int', vbt_cash: 'dec?', dealer_face: 'dec', vbt_face: 'dec', trader_face: 'dec', interior_trades: 'int',
  passthrough_trades: 'int',
};
const METRICS_KINDS: Record<string, Kind> = {
  outside_mid_ratio: 'dec', day: 'int', S_t: 'dec', settled_t: 'dec', phi_t: 'dec?', delta_t: 'dec?',
};

/** Read a trades.csv back into typed rows (header and every value validated). */
export function readTradesCsv(file: string): TradeRow[] {
  return typed<TradeRow>(file, TRADE_COLUMNS, TRADE_KINDS);
}
/** Read a repayment_events.csv back into typed rows. */
export function readRepaymentsCsv(file: string): RepaymentRow[] {
  return typed<RepaymentRow>(file, REPAYMENT_COLUMNS, REPAYMENT_KINDS);
}
/** Read an inventory_timeseries.csv back into typed rows. */
export function readInventoryCsv(file: string): InventoryRow[] {
  return typed<InventoryRow>(file, INVENTORY_COLUMNS, INVENTORY_KINDS);
}
/** Read a metrics.csv back into typed rows. */
export function readMetricsCsv(file: string): MetricsDayRow[] {
  return typed<MetricsDayRow>(file, METRICS_DAY_COLUMNS, METRICS_KINDS);
}
/** Read a system_state_timeseries.csv for the given buckets back into typed rows. */
export function readSystemStateCsv(file: string, buckets: readonly string[]): SystemStateRow[] {
  const columns = systemStateColumns(buckets);
  const kinds: Record<string, Kind> = {
    day: 'int', total_face_value: 'dec', total_cash: 'dec', debt_to_money: 'dec?', outside_mid_ratio: 'dec', face_due_today: 'dec',
    trader_cash: 'dec', desk_cash: 'dec', cum_settled_face: 'dec', cum_defaulted_face: 'dec',
  };
  for (const b of buckets) kinds[`face_bucket_${b}`] = 'dec';
  return typed<Record<string, unknown>>(file, columns, kinds).map((r) => {
    const faceBuckets: Record<string, string> = {};
    for (const b of buckets) {
      faceBuckets[b] = r[`face_bucket_${b}`] as string;
      delete r[`face_bucket_${b}`];
    }
    return { ...(r as Omit<SystemStateRow, 'face_buckets'>), face_buckets: faceBuckets } as SystemStateRow;
  });
}
