import { seed32 } from '@ring/engine';
import type { Cell } from '@ring/metrics';
import { DEFAULT_BOOTSTRAP_RESAMPLES } from '../stats/bootstrap';
import { decimalMeanCi, excludesZero, shareExcludingZero } from '../stats/decimal';
import type { DecimalMeanCi } from '../stats/decimal';
import { groupBy } from './aggregate';
import { PARAMETER_COLUMNS, pairViews, str } from './inputs';
import type { PairView, TableInputs } from './inputs';
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
    decimalMeanCi(
      ps.map((p) => p.effectDecimal),
      B > 0 ? { bootstrapSeed: seed32(seedBase, `percentile-bootstrap:${key}`), resamples: B } : {},
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
  const share = (rows: readonly Record<string, Cell>[], lo: string, hi: string) =>
    shareExcludingZero(rows.map((r) => ({ lower: r[lo] as string | null, upper: r[hi] as string | null })));
  const summary: Record<string, Cell>[] = [];
  for (const [scope, rows] of [
    ['cells', cells],
    ['marginals', marginals],
  ] as const) {
    const t = share(rows, 't_lower', 't_upper');
    const b = share(rows, 'boot_lower', 'boot_upper');
    summary.push({
      scope,
      groups: rows.length,
      groups_with_t_ci: t.defined,
      t_excluding_zero: t.excluding,
      share_t_excluding_zero: t.share,
      groups_with_boot_ci: b.defined,
      boot_excluding_zero: b.excluding,
      share_boot_excluding_zero: b.share,
    });
  }
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
