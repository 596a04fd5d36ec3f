import { seed32 } from '@ring/engine';
import type { Cell } from '@ring/metrics';
import { DEFAULT_BOOTSTRAP_RESAMPLES } from '../stats/bootstrap';
import { decimalMeanCi, excludesZero, shareExcludingZero } from '../stats/decimal';
import type { DecimalMeanCi } from '../stats/decimal';
import { groupBy } from './aggregate';
import { PARAMETER_COLUMNS, cellKeyOf, pairViews, str } from './inputs';
import type { InputRow, PairView, TableInputs } from './inputs';
import type { PaperTable } from './paper';

/** Options of {@link uncertaintyTables}. */
export interface UncertaintyOptions {
  /** Seed from which every bootstrap stream is derived (default 42; `ring tables` uses the sweep's base seed). */
  readonly bootstrapSeed?: number;
  /** Bootstrap resamples B (default 2000; 0 skips the bootstrap). */
  readonly resamples?: number;
}

const CI_COLS = ['n', 'mean_delta', 'sd', 't_lower', 't_upper', 'boot_lower', 'boot_upper', 't_excludes_zero', 'boot_excludes_zero'];

function ciColumns(ci: DecimalMeanCi): Record<string, Cell> {
  return {
    n: ci.n,
    mean_delta: ci.mean,
    sd: ci.sd,
    t_lower: ci.tLower,
    t_upper: ci.tUpper,
    boot_lower: ci.bootLower,
    boot_upper: ci.bootUpper,
    t_excludes_zero: excludesZero(ci.tLower, ci.tUpper),
    boot_excludes_zero: excludesZero(ci.bootLower, ci.bootUpper),
  };
}

/** The t and bootstrap CIs of mean Δ over one group of pairs; the bootstrap stream derives from the group's key. */
function groupCi(effects: readonly string[], key: string, seedBase: number, B: number): DecimalMeanCi {
  return decimalMeanCi(effects, B > 0 ? { bootstrapSeed: seed32(seedBase, `percentile-bootstrap:${key}`), resamples: B } : {});
}

/** One row of `uncertainty_summary`: how many groups (cells or marginal values) have a CI, and how many exclude zero. */
function summaryRow(scope: 'cells' | 'marginals', rows: readonly Record<string, Cell>[]): Record<string, Cell> {
  const share = (lo: string, hi: string) =>
    shareExcludingZero(rows.map((r) => ({ lower: r[lo] as string | null, upper: r[hi] as string | null })));
  const t = share('t_lower', 't_upper');
  const b = share('boot_lower', 'boot_upper');
  return {
    scope,
    groups: rows.length,
    groups_with_t_ci: t.defined,
    t_excluding_zero: t.excluding,
    share_t_excluding_zero: t.share,
    groups_with_boot_ci: b.defined,
    boot_excluding_zero: b.excluding,
    share_boot_excluding_zero: b.share,
  };
}

/**
 * Replicate uncertainty of the trading effect Δ: per grid cell (all parameters, R replicates) and
 * per marginal (each value of each parameter that varies, all pairs with that value), the mean Δ
 * with a t-based 95% CI (exact t quantile, D arithmetic) and a seeded percentile-bootstrap 95% CI,
 * plus the share of cells (and of marginal values) whose CI excludes zero. Bootstrap state for a
 * group = seed32(bootstrapSeed, `percentile-bootstrap:<group key>`).
 */
export function uncertaintyTables(inputs: TableInputs, options: UncertaintyOptions = {}): PaperTable[] {
  const pairs = pairViews(inputs);
  const seedBase = options.bootstrapSeed ?? 42;
  const B = options.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES;
  const ci = (ps: readonly PairView[], key: string) =>
    groupCi(
      ps.map((p) => p.effectDecimal),
      key,
      seedBase,
      B,
    );
  const varying = PARAMETER_COLUMNS.filter((c) => new Set(pairs.map((p) => str(p.row[c]))).size > 1);
  const shown = varying.length > 0 ? varying : ['kappa'];

  const cells: Record<string, Cell>[] = [];
  for (const [key, ps] of groupBy(pairs, (p) => p.gridKey)) {
    const params = Object.fromEntries(shown.map((c) => [c, str(ps[0]!.row[c])]));
    cells.push({ ...params, ...ciColumns(ci(ps, `cell:${key}`)) });
  }
  const marginals: Record<string, Cell>[] = [];
  for (const c of varying) {
    for (const [value, ps] of groupBy(pairs, (p) => str(p.row[c]) ?? '')) {
      marginals.push({ parameter: c, value, ...ciColumns(ci(ps, `${c}=${value}`)) });
    }
  }
  const summary = [summaryRow('cells', cells), summaryRow('marginals', marginals)];
  const digits = { mean_delta: 4, sd: 4, t_lower: 4, t_upper: 4, boot_lower: 4, boot_upper: 4 };
  const note = `95% CIs of mean Δ: t-based (exact t_{0.975, n−1}) and percentile bootstrap (B = ${B}, xorshift64*, seed base ${seedBase}); null where n < 2.`;
  return [
    {
      id: 'uncertainty_summary',
      title: 'Replicates — share of cells and of marginal values whose 95% CI of Δ excludes zero',
      columns: [
        'scope',
        'groups',
        'groups_with_t_ci',
        't_excluding_zero',
        'share_t_excluding_zero',
        'groups_with_boot_ci',
        'boot_excluding_zero',
        'share_boot_excluding_zero',
      ],
      rows: summary,
      digits: { share_t_excluding_zero: 3, share_boot_excluding_zero: 3 },
      note,
    },
    {
      id: 'uncertainty_marginals',
      title: 'Replicates — mean Δ by parameter value with 95% CIs',
      columns: ['parameter', 'value', ...CI_COLS],
      rows: marginals,
      digits,
      note,
      raw: ['value'],
    },
    {
      id: 'uncertainty_cells',
      title: 'Replicates — mean Δ per grid cell with 95% CIs',
      columns: [...shown, ...CI_COLS],
      rows: cells,
      digits,
      note,
      raw: shown,
    },
  ];
}

/** The `cells` row of `uncertainty_summary`, built pair by pair (see {@link createCellUncertainty}). */
export interface CellUncertainty {
  /** Add one pair: its index in the sweep (any order) and its comparison row. Incomplete pairs are ignored. */
  add(index: number, row: InputRow): void;
  /** Grid cells seen so far. */
  readonly cells: number;
  /** The summary row; `onCell` is called after each cell's CIs (for a progress display). */
  summary(onCell?: (done: number, total: number) => void): Record<string, Cell>;
}

/**
 * The `cells` row of {@link uncertaintyTables}' `uncertainty_summary` (the share of grid cells whose
 * 95% CI of Δ excludes zero) without holding the sweep's rows: only each completed pair's grid
 * cell, index and Δ are kept, so a sweep of any size needs a few bytes per pair. Pairs may be added
 * in any order; within a cell they are taken in index order, so the result equals that of
 * `uncertaintyTables` on the comparison rows in sweep order, value for value.
 */
export function createCellUncertainty(options: UncertaintyOptions = {}): CellUncertainty {
  const seedBase = options.bootstrapSeed ?? 42;
  const B = options.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES;
  const groups = new Map<string, { index: number; effect: string }[]>();
  return {
    add(index, row) {
      const effect = str(row.trading_effect);
      const complete = [row.delta_passive, row.delta_active, row.effect_class, row.stress_regime].every((v) => str(v) !== null);
      if (effect === null || !complete) return;
      const key = cellKeyOf(row, PARAMETER_COLUMNS);
      const g = groups.get(key);
      if (g) g.push({ index, effect });
      else groups.set(key, [{ index, effect }]);
    },
    get cells() {
      return groups.size;
    },
    summary(onCell) {
      const rows: Record<string, Cell>[] = [];
      for (const [key, pairs] of groups) {
        const effects = pairs.sort((a, b) => a.index - b.index).map((p) => p.effect);
        rows.push(ciColumns(groupCi(effects, `cell:${key}`, seedBase, B)));
        onCell?.(rows.length, groups.size);
      }
      return summaryRow('cells', rows);
    },
  };
}
