import { getProfile, isProfileName } from '@ring/engine';
import type { Cell } from '@ring/metrics';
import { classCounts, drOf, groupBy, mean, pearson, poolFace, quantile, quantileD, shareOf, traded, usageColumns } from './aggregate';
import type { FacePool } from './aggregate';
import { CLASSES, REGIMES, STRATEGIES, pairViews, str } from './inputs';
import type { PairView, StrategyRun, TableInputs, UsageRun } from './inputs';

/** One generated table: CSV-ready rows plus what the Markdown rendering needs. */
export interface PaperTable {
  /** File stem, e.g. `table01_by_outside_mid_ratio`. */
  readonly id: string;
  /** Title with the paper's numbering. */
  readonly title: string;
  readonly note?: string;
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, Cell>[];
  /** Markdown: digits after the point per column (default 4). */
  readonly digits?: Readonly<Record<string, number>>;
  /** Markdown: columns holding fractions shown as percentages (1 digit). */
  readonly percent?: readonly string[];
  /** Markdown: columns shown exactly as stored (labels and parameter values). */
  readonly raw?: readonly string[];
}

/** Which repayment rows a strategy/usage table uses (docs/experiment-paper2025.md §5). */
export type TableDefinition = 'published' | 'corrected';

interface Variant {
  readonly name: TableDefinition;
  readonly strategy: (p: PairView) => StrategyRun | null;
  readonly usage: (p: PairView) => UsageRun | null;
}

const VARIANT_NOTE =
  'definition "published": the 2025 repayment rows (trade window day < T_L) with the plan 023 aggregation, which the paper printed; ' +
  '"corrected": the corrected instrumentation (trade window day ≤ T_L).';

function variantsOf(pairs: readonly PairView[]): Variant[] {
  const out: Variant[] = [];
  if (pairs.some((p) => p.strategy2025)) out.push({ name: 'published', strategy: (p) => p.strategy2025, usage: (p) => p.usage2025 });
  if (pairs.some((p) => p.strategy)) out.push({ name: 'corrected', strategy: (p) => p.strategy, usage: (p) => p.usage });
  return out;
}

const runsOf = (ps: readonly PairView[], v: Variant): StrategyRun[] => ps.map(v.strategy).filter((x): x is StrategyRun => x !== null);
const usagesOf = (ps: readonly PairView[], v: Variant): { p: PairView; u: UsageRun }[] =>
  ps.flatMap((p) => {
    const u = v.usage(p);
    return u ? [{ p, u }] : [];
  });

function effectColumns(ps: readonly PairView[]): Record<string, Cell> {
  const c = classCounts(ps);
  return {
    runs: ps.length,
    mean_delta: mean(ps.map((p) => p.effect)),
    improved: c.improved,
    unchanged: c.unchanged,
    worsened: c.worsened,
    mean_delta_passive: mean(ps.map((p) => p.deltaPassive)),
    mean_delta_active: mean(ps.map((p) => p.deltaActive)),
    mean_relief_ratio: mean(ps.map((p) => p.relief)),
  };
}
const EFFECT_COLUMNS = [
  'runs',
  'mean_delta',
  'improved',
  'unchanged',
  'worsened',
  'mean_delta_passive',
  'mean_delta_active',
  'mean_relief_ratio',
];

function byParameter(pairs: readonly PairView[], column: string, id: string, title: string): PaperTable {
  const groups = groupBy(pairs, (p) => str(p.row[column]) ?? '');
  return {
    id,
    title,
    columns: [column, ...EFFECT_COLUMNS],
    raw: [column],
    rows: [...groups].map(([value, ps]) => ({ [column]: value, ...effectColumns(ps) })),
    note: 'Mean Δ = unweighted mean of the doubles of Δ over the runs of the group; counts improved / unchanged / worsened by the exact sign of Δ.',
  };
}

function headline(pairs: readonly PairView[]): PaperTable {
  const c = classCounts(pairs);
  const of = (cls: string) => pairs.filter((p) => p.cls === cls);
  const rows: Record<string, Cell>[] = [
    { quantity: 'pairs', value: pairs.length },
    { quantity: 'mean_delta_passive', value: mean(pairs.map((p) => p.deltaPassive)) },
    { quantity: 'mean_delta_active', value: mean(pairs.map((p) => p.deltaActive)) },
    { quantity: 'mean_trading_effect', value: mean(pairs.map((p) => p.effect)) },
    { quantity: 'mean_relief_ratio', value: mean(pairs.map((p) => p.relief)) },
    { quantity: 'improved', value: c.improved },
    { quantity: 'unchanged', value: c.unchanged },
    { quantity: 'worsened', value: c.worsened },
    { quantity: 'improved_mean_delta_passive', value: mean(of('improved').map((p) => p.deltaPassive)) },
    { quantity: 'improved_mean_delta_active', value: mean(of('improved').map((p) => p.deltaActive)) },
    { quantity: 'worsened_mean_delta_passive', value: mean(of('worsened').map((p) => p.deltaPassive)) },
    { quantity: 'worsened_mean_delta_active', value: mean(of('worsened').map((p) => p.deltaActive)) },
    { quantity: 'unchanged_mean_delta', value: mean(of('unchanged').map((p) => p.deltaPassive)) },
    { quantity: 'mean_active_trade_count', value: mean(pairs.map((p) => p.totalTrades)) },
  ];
  const reasons = groupBy(pairs, (p) => p.endReason ?? '');
  for (const r of ['default', 'stable', 'display_abort', 'max_days', 'horizon']) {
    rows.push({ quantity: `active_runs_ending_by_${r}`, value: reasons.get(r)?.length ?? 0 });
  }
  for (const [r, ps] of reasons)
    if (!['default', 'stable', 'display_abort', 'max_days', 'horizon'].includes(r))
      rows.push({ quantity: `active_runs_ending_by_${r || 'unknown'}`, value: ps.length });
  return {
    id: 'headline',
    title: 'Headline numbers (§3)',
    columns: ['quantity', 'value'],
    rows,
    note: 'Means are the double means of summary.json (each D value through Number(), summed in sweep order).',
  };
}

function byRegime(pairs: readonly PairView[]): PaperTable {
  return {
    id: 'table04_by_stress_regime',
    title: 'Table 4 — Trading effect by baseline stress regime',
    columns: ['stress_regime', ...EFFECT_COLUMNS],
    rows: REGIMES.map((r) => ({ stress_regime: r, ...effectColumns(pairs.filter((p) => p.regime === r)) })),
    note: 'low δ_p < 0.1; medium 0.1 ≤ δ_p ≤ 0.9; catastrophic δ_p > 0.9.',
  };
}

function regimeClassCounts(pairs: readonly PairView[]): PaperTable {
  return {
    id: 'table13_15_regime_by_class',
    title: 'Tables 13 and 15 — Run counts by stress regime and effect class',
    columns: ['stress_regime', 'improved', 'unchanged', 'worsened', 'total'],
    rows: REGIMES.map((r) => {
      const ps = pairs.filter((p) => p.regime === r);
      return { stress_regime: r, ...classCounts(ps), total: ps.length };
    }),
  };
}

const SHARE_COLS = STRATEGIES.map((s) => `share_${s}`);
const DR_COLS = STRATEGIES.map((s) => `dr_${s}`);
const strategyColumns = (p: FacePool): Record<string, Cell> => {
  const o: Record<string, Cell> = {};
  for (const s of STRATEGIES) o[`share_${s}`] = shareOf(p, s);
  for (const s of STRATEGIES) o[`dr_${s}`] = drOf(p, s);
  return o;
};

function table5(pairs: readonly PairView[], vs: readonly Variant[]): PaperTable {
  const rows: Record<string, Cell>[] = [];
  for (const v of vs) {
    const p = poolFace(runsOf(pairs, v));
    for (const s of STRATEGIES)
      rows.push({ definition: v.name, strategy: s, share: shareOf(p, s), default_rate: drOf(p, s), runs_with_strategy: p.runsWith[s] });
  }
  return {
    id: 'table05_strategy_mix',
    title: 'Table 5 — Global strategy mix and face-weighted default rates (active runs)',
    columns: ['definition', 'strategy', 'share', 'default_rate', 'runs_with_strategy'],
    rows,
    percent: ['share'],
    digits: { default_rate: 3 },
    note: `share = Σ face_s / Σ total face; DR = Σ default face_s / Σ face_s (– if no face); runs with count_s > 0. ${VARIANT_NOTE}`,
  };
}

function table6(pairs: readonly PairView[], vs: readonly Variant[]): PaperTable {
  const rows: Record<string, Cell>[] = [];
  for (const v of vs) {
    for (const c of CLASSES) {
      const ps = pairs.filter((p) => p.cls === c);
      const p = poolFace(runsOf(ps, v));
      rows.push({
        definition: v.name,
        effect_class: c,
        runs: ps.length,
        share_no_trade: shareOf(p, 'no_trade'),
        share_sell_before: shareOf(p, 'sell_before'),
        dr_no_trade: drOf(p, 'no_trade'),
        dr_sell_before: drOf(p, 'sell_before'),
        share_hold_to_maturity: shareOf(p, 'hold_to_maturity'),
        dr_hold_to_maturity: drOf(p, 'hold_to_maturity'),
      });
    }
  }
  return {
    id: 'table06_strategy_by_class',
    title: 'Table 6 — No trade and sell before by effect class (with hold to maturity)',
    columns: [
      'definition',
      'effect_class',
      'runs',
      'share_no_trade',
      'share_sell_before',
      'dr_no_trade',
      'dr_sell_before',
      'share_hold_to_maturity',
      'dr_hold_to_maturity',
    ],
    rows,
    percent: ['share_no_trade', 'share_sell_before', 'share_hold_to_maturity'],
    digits: { dr_no_trade: 3, dr_sell_before: 3, dr_hold_to_maturity: 3 },
    note: VARIANT_NOTE,
  };
}

function table7(pairs: readonly PairView[], vs: readonly Variant[]): PaperTable {
  const rows: Record<string, Cell>[] = [];
  for (const v of vs) {
    for (const r of REGIMES) {
      const ps = pairs.filter((p) => p.regime === r);
      rows.push({ definition: v.name, stress_regime: r, runs: ps.length, ...strategyColumns(poolFace(runsOf(ps, v))) });
    }
  }
  return {
    id: 'table07_strategy_by_regime',
    title: 'Table 7 — Strategy mix and default rate by stress regime',
    columns: ['definition', 'stress_regime', 'runs', ...SHARE_COLS, ...DR_COLS],
    rows,
    percent: SHARE_COLS,
    digits: Object.fromEntries(DR_COLS.map((c) => [c, 3])),
    note: VARIANT_NOTE,
  };
}

function table12(pairs: readonly PairView[], vs: readonly Variant[]): PaperTable {
  const rows: Record<string, Cell>[] = [];
  for (const v of vs) {
    const pools = Object.fromEntries(
      CLASSES.map((c) => [
        c,
        poolFace(
          runsOf(
            pairs.filter((p) => p.cls === c),
            v,
          ),
        ),
      ]),
    ) as Record<string, FacePool>;
    for (const s of STRATEGIES) {
      const row: Record<string, Cell> = { definition: v.name, strategy: s };
      for (const c of CLASSES) row[`share_${c}`] = shareOf(pools[c]!, s);
      for (const c of CLASSES) row[`dr_${c}`] = drOf(pools[c]!, s);
      rows.push(row);
    }
  }
  const share = CLASSES.map((c) => `share_${c}`);
  const dr = CLASSES.map((c) => `dr_${c}`);
  return {
    id: 'table12_strategy_by_class',
    title: 'Table 12 — Strategy composition and default rates by effect class (shares within class)',
    columns: ['definition', 'strategy', ...share, ...dr],
    rows,
    percent: share,
    digits: Object.fromEntries(dr.map((c) => [c, 3])),
    note: VARIANT_NOTE,
  };
}

function table14(pairs: readonly PairView[], vs: readonly Variant[]): PaperTable {
  const rows: Record<string, Cell>[] = [];
  for (const v of vs) {
    for (const r of REGIMES) {
      for (const c of CLASSES) {
        const ps = pairs.filter((p) => p.regime === r && p.cls === c);
        rows.push({ definition: v.name, stress_regime: r, effect_class: c, runs: ps.length, ...strategyColumns(poolFace(runsOf(ps, v))) });
      }
    }
  }
  return {
    id: 'table14_16_strategy_by_regime_class',
    title: 'Tables 14 and 16 — Face-weighted strategy shares by stress regime and effect class, with default rates (§13.3/§14.3)',
    columns: ['definition', 'stress_regime', 'effect_class', 'runs', ...SHARE_COLS, ...DR_COLS],
    rows,
    percent: SHARE_COLS,
    digits: Object.fromEntries(DR_COLS.map((c) => [c, 3])),
    note: VARIANT_NOTE,
  };
}

function cellPools(pairs: readonly PairView[], v: Variant): FacePool[] {
  return [...groupBy(pairs, (p) => p.cellKey).values()].map((ps) => poolFace(runsOf(ps, v)));
}

function section94(pairs: readonly PairView[], vs: readonly Variant[]): PaperTable {
  const rows: Record<string, Cell>[] = [];
  for (const v of vs) {
    const cells = cellPools(pairs, v);
    for (const s of STRATEGIES) {
      const drs = cells
        .filter((c) => c.face[s].gt(0))
        .map((c) => c.defaultFace[s].div(c.face[s]))
        .sort((a, b) => a.comparedTo(b));
      rows.push({
        definition: v.name,
        strategy: s,
        cells_with_face: drs.length,
        p25: quantileD(drs, 0.25),
        median: quantileD(drs, 0.5),
        p75: quantileD(drs, 0.75),
        cells_dr_below_0_2: drs.filter((d) => d.lt('0.2')).length,
      });
    }
  }
  return {
    id: 's9_4_cell_default_rates',
    title: '§9.4 — Cell-level distribution of strategy default rates (cells = every parameter but μ, pooled by face)',
    columns: ['definition', 'strategy', 'cells_with_face', 'p25', 'median', 'p75', 'cells_dr_below_0_2'],
    rows,
    digits: { p25: 3, median: 3, p75: 3 },
    note: `Cells keep only strategies with face > 0; quantiles by linear interpolation at p·(n − 1). ${VARIANT_NOTE}`,
  };
}

const USAGE_COLS = [
  'share_traded',
  'share_non_traded',
  'dr_traded',
  'dr_non_traded',
  'frac_defaulted_face_traded',
  'frac_repaid_face_traded',
];
const USAGE_FMT = {
  percent: ['share_traded', 'share_non_traded'],
  digits: { dr_traded: 3, dr_non_traded: 3, frac_defaulted_face_traded: 3, frac_repaid_face_traded: 3 },
};
const USAGE_NOTE =
  'traded ⇔ strategy ≠ no trade; frac_defaulted_face_traded = Σ traded default face / Σ default face; ' +
  `frac_repaid_face_traded = Σ (traded face − traded default face) / Σ (total face − default face). ${VARIANT_NOTE}`;

function usageTables(pairs: readonly PairView[], vs: readonly Variant[]): PaperTable[] {
  const t8: Record<string, Cell>[] = [];
  const t9: Record<string, Cell>[] = [];
  const t10: Record<string, Cell>[] = [];
  const s104: Record<string, Cell>[] = [];
  for (const v of vs) {
    t8.push({ definition: v.name, runs: pairs.length, ...usageColumns(poolFace(runsOf(pairs, v))) });
    for (const c of CLASSES) {
      const ps = pairs.filter((p) => p.cls === c);
      t9.push({ definition: v.name, effect_class: c, runs: ps.length, ...usageColumns(poolFace(runsOf(ps, v))) });
    }
    for (const r of REGIMES) {
      const ps = pairs.filter((p) => p.regime === r);
      t10.push({ definition: v.name, stress_regime: r, runs: ps.length, ...usageColumns(poolFace(runsOf(ps, v))) });
    }
    const cells = cellPools(pairs, v);
    let both = 0;
    let less = 0;
    for (const c of cells) {
      const t = traded(c);
      if (!t.face.gt(0) || !c.face.no_trade.gt(0)) continue;
      both++;
      if (t.defaulted.div(t.face).lt(c.defaultFace.no_trade.div(c.face.no_trade))) less++;
    }
    s104.push({ definition: v.name, cells: cells.length, cells_with_both: both, cells_traded_defaults_less: less });
  }
  return [
    {
      id: 'table08_usage',
      title: 'Table 8 — Global default rates by usage class',
      columns: ['definition', 'runs', ...USAGE_COLS],
      rows: t8,
      ...USAGE_FMT,
      note: USAGE_NOTE,
    },
    {
      id: 'table09_usage_by_class',
      title: 'Table 9 — Usage and default rates by effect class (shares by face)',
      columns: ['definition', 'effect_class', 'runs', ...USAGE_COLS],
      rows: t9,
      ...USAGE_FMT,
      note: USAGE_NOTE,
    },
    {
      id: 'table10_usage_by_regime',
      title: 'Table 10 — Usage and default rates by stress regime',
      columns: ['definition', 'stress_regime', 'runs', ...USAGE_COLS],
      rows: t10,
      ...USAGE_FMT,
      note: USAGE_NOTE,
    },
    {
      id: 's10_4_cells_traded_vs_non_traded',
      title: '§10.4 — Cells with traded and non-traded face; cells where traded liabilities default less often',
      columns: ['definition', 'cells', 'cells_with_both', 'cells_traded_defaults_less'],
      rows: s104,
      note: VARIANT_NOTE,
    },
  ];
}

function intensityRow(ps: readonly PairView[], v: Variant): Record<string, Cell> {
  const us = usagesOf(ps, v);
  const withTrades = us.filter((x) => x.u.trades > 0);
  const withDefaults = us.filter((x) => x.u.fracDefaulted !== null);
  // Runs whose repaid face is positive: the 2025 writer also gave 0 (not empty) for runs whose only
  // repaid liabilities have zero face; this column leaves those out.
  const withRepaidFace = us.filter((x) => {
    const r = v.strategy(x.p);
    return r?.totalFace.minus(r.defaultFace).gt(0);
  });
  const def = (xs: typeof us) => xs.map((x) => x.u.fracDefaulted).filter((f): f is number => f !== null);
  const rep = (xs: typeof us) => xs.map((x) => x.u.fracRepaid).filter((f): f is number => f !== null);
  const tradesNz = withTrades.map((x) => x.u.trades);
  const tradersNz = withTrades.map((x) => x.u.ringTraders);
  const pool = usageColumns(poolFace(runsOf(ps, v)));
  return {
    runs: us.length,
    mean_trades: mean(us.map((x) => x.u.trades)),
    min_trades_nonzero: tradesNz.length ? Math.min(...tradesNz) : null,
    max_trades_nonzero: tradesNz.length ? Math.max(...tradesNz) : null,
    mean_ring_traders: mean(us.map((x) => x.u.ringTraders)),
    min_ring_traders_nonzero: tradersNz.length ? Math.min(...tradersNz) : null,
    max_ring_traders_nonzero: tradersNz.length ? Math.max(...tradersNz) : null,
    runs_without_trades: us.length - withTrades.length,
    mean_frac_defaulted_traded: mean(def(us)),
    runs_frac_defaulted_defined: def(us).length,
    mean_frac_repaid_traded: mean(rep(us)),
    runs_frac_repaid_defined: rep(us).length,
    mean_frac_defaulted_traded_with_trades: mean(def(withTrades)),
    mean_frac_repaid_traded_with_trades: mean(rep(withTrades)),
    mean_frac_repaid_traded_with_defaults: mean(rep(withDefaults)),
    mean_frac_repaid_traded_repaid_face: mean(rep(withRepaidFace)),
    runs_repaid_face: withRepaidFace.length,
    runs_changed_without_trades: us.filter((x) => x.u.trades === 0 && x.p.cls !== 'unchanged').length,
    pooled_frac_defaulted_traded: pool.frac_defaulted_face_traded ?? null,
    pooled_frac_repaid_traded: pool.frac_repaid_face_traded ?? null,
  };
}
const INTENSITY_COLS = [
  'runs',
  'mean_trades',
  'min_trades_nonzero',
  'max_trades_nonzero',
  'mean_ring_traders',
  'min_ring_traders_nonzero',
  'max_ring_traders_nonzero',
  'runs_without_trades',
  'mean_frac_defaulted_traded',
  'runs_frac_defaulted_defined',
  'mean_frac_repaid_traded',
  'runs_frac_repaid_defined',
  'mean_frac_defaulted_traded_with_trades',
  'mean_frac_repaid_traded_with_trades',
  'mean_frac_repaid_traded_with_defaults',
  'mean_frac_repaid_traded_repaid_face',
  'runs_repaid_face',
  'runs_changed_without_trades',
  'pooled_frac_defaulted_traded',
  'pooled_frac_repaid_traded',
];
const INTENSITY_DIGITS = {
  mean_trades: 2,
  mean_ring_traders: 2,
  mean_frac_defaulted_traded: 3,
  mean_frac_repaid_traded: 3,
  mean_frac_defaulted_traded_with_trades: 3,
  mean_frac_repaid_traded_with_trades: 3,
  mean_frac_repaid_traded_with_defaults: 3,
  mean_frac_repaid_traded_repaid_face: 3,
  pooled_frac_defaulted_traded: 3,
  pooled_frac_repaid_traded: 3,
};

const S85_COLS = [
  'runs',
  'mean_trades',
  'min_trades_nonzero',
  'max_trades_nonzero',
  'mean_ring_traders',
  'runs_without_trades',
  'mean_frac_defaulted_traded',
  'runs_frac_defaulted_defined',
  'mean_frac_repaid_traded',
  'runs_frac_repaid_defined',
  'mean_frac_defaulted_traded_with_trades',
  'mean_frac_repaid_traded_with_trades',
];

function intensityTables(pairs: readonly PairView[], vs: readonly Variant[]): PaperTable[] {
  const t11: Record<string, Cell>[] = [];
  const s85: Record<string, Cell>[] = [];
  for (const v of vs) {
    for (const c of [...CLASSES, 'all'] as const) {
      const ps = c === 'all' ? pairs : pairs.filter((p) => p.cls === c);
      const row = intensityRow(ps, v);
      t11.push({ definition: v.name, effect_class: c, ...row });
      if (c !== 'all') {
        s85.push({ definition: v.name, effect_class: c, ...Object.fromEntries(S85_COLS.map((k) => [k, row[k] ?? null])) });
      }
    }
  }
  const s85Cols = ['definition', 'effect_class', ...S85_COLS];
  // §11.4: runs by number of ring traders using the dealer and class (window-independent).
  const v0 = vs[0];
  const s114: Record<string, Cell>[] = [];
  if (v0) {
    const us = usagesOf(pairs, v0);
    const maxN = us.reduce((m, x) => Math.max(m, x.u.ringTraders), 0);
    for (let n = 0; n <= maxN; n++) {
      const at = us.filter((x) => x.u.ringTraders === n);
      s114.push({ ring_traders_using_dealer: n, ...classCounts(at.map((x) => x.p)), total: at.length });
    }
  }
  return [
    {
      id: 's8_5_dealer_usage',
      title: '§8.5 — Dealer usage by effect class',
      columns: s85Cols,
      rows: s85,
      digits: INTENSITY_DIGITS,
      note:
        "Trade counts include big-entity trades (= total_trades); ring traders are distinct H… customers; fractions are unweighted means over the runs where the run's fraction is defined. " +
        `In paper2025 the dealer has zero capital: inventory, dealer share and P&L are 0 by construction. ${VARIANT_NOTE}`,
    },
    {
      id: 'table11_usage_intensity',
      title: 'Table 11 — Usage intensity and participation by effect class (row "all": §11.1)',
      columns: ['definition', 'effect_class', ...INTENSITY_COLS],
      rows: t11,
      digits: INTENSITY_DIGITS,
      note:
        'The caption\'s "face-weighted averages" are unweighted means over runs of each run\'s face-weighted fraction (published aggregation); ' +
        'pooled_frac_* are the face-weighted fractions the caption describes (corrected definition). ' +
        'mean_frac_repaid_traded_repaid_face averages over runs with repaid face > 0 only (the 2025 writer wrote 0 for runs whose repaid liabilities all have zero face; ' +
        `the published means include those zeros, the Variant B figures of the spec do not). ${VARIANT_NOTE}`,
    },
    {
      id: 's11_4_ring_traders_by_class',
      title: '§11.4 — Runs by number of ring traders using the dealer and effect class',
      columns: ['ring_traders_using_dealer', 'improved', 'unchanged', 'worsened', 'total'],
      rows: s114,
    },
  ];
}

function runLevelShares(pairs: readonly PairView[], vs: readonly Variant[]): PaperTable[] {
  const s122: Record<string, Cell>[] = [];
  const s123: Record<string, Cell>[] = [];
  for (const v of vs) {
    const runs = pairs.flatMap((p) => {
      const r = v.strategy(p);
      return r?.totalFace.gt(0) ? [{ p, r }] : [];
    });
    for (const s of STRATEGIES) {
      const shares = runs.map((x) => x.r.face[s].div(x.r.totalFace).toNumber());
      const sorted = [...shares].sort((a, b) => a - b);
      s122.push({
        definition: v.name,
        strategy: s,
        runs: shares.length,
        mean: mean(shares),
        median: quantile(sorted, 0.5),
        min: sorted.length ? sorted[0]! : null,
        max: sorted.length ? sorted[sorted.length - 1]! : null,
        corr_with_delta: pearson(
          shares,
          runs.map((x) => x.p.effect),
        ),
      });
    }
    for (const r of REGIMES) {
      for (const c of CLASSES) {
        const sub = runs.filter((x) => x.p.regime === r && x.p.cls === c);
        const row: Record<string, Cell> = { definition: v.name, stress_regime: r, effect_class: c, runs: sub.length };
        for (const s of STRATEGIES) row[`mean_share_${s}`] = mean(sub.map((x) => x.r.face[s].div(x.r.totalFace).toNumber()));
        s123.push(row);
      }
    }
  }
  const meanCols = STRATEGIES.map((s) => `mean_share_${s}`);
  return [
    {
      id: 's12_2_run_level_shares',
      title: '§12.2 — Run-level strategy shares (face_s / total face of the run) and correlation with Δ',
      columns: ['definition', 'strategy', 'runs', 'mean', 'median', 'min', 'max', 'corr_with_delta'],
      rows: s122,
      digits: { mean: 3, median: 3, min: 3, max: 3, corr_with_delta: 3 },
      note: `Runs with total face > 0; Pearson correlation over those runs. ${VARIANT_NOTE}`,
    },
    {
      id: 's12_3_run_level_shares_by_regime_class',
      title: '§12.3 — Run-level mean strategy shares by stress regime and effect class',
      columns: ['definition', 'stress_regime', 'effect_class', 'runs', ...meanCols],
      rows: s123,
      digits: Object.fromEntries(meanCols.map((c) => [c, 3])),
      note: VARIANT_NOTE,
    },
  ];
}

/** The profiles of a sweep's pairs whose reporting traits say the 2025 paper's tables do not describe them. */
function profilesWithoutPaperTables(pairs: readonly PairView[]): string[] {
  const names = new Set(pairs.map((p) => str(p.row.profile)).filter((n): n is string => n !== null));
  return [...names].filter((n) => isProfileName(n) && !getProfile(n).reporting.paperTables);
}

/**
 * The tables of a sweep whose profile the 2025 paper does not describe (reporting trait
 * `paperTables` false, e.g. `bilancio2026`): the trading effect by every parameter column, by
 * baseline stress regime and the regime × class counts — the same aggregation, without the paper's
 * numbering — and one note saying that the paper's strategy and usage tables do not apply.
 */
function sweepEffectTables(pairs: readonly PairView[], profiles: readonly string[]): PaperTable[] {
  const has = (column: string) => pairs.some((p) => str(p.row[column]) !== null);
  const params: [column: string, what: string][] = [
    ['outside_mid_ratio', 'outside mid ratio ρ'],
    ['kappa', "κ (debt-to-money, ring's meaning)"],
    ['kappa_reference', "the reference's κ (money-to-debt = 1/κ)"],
    ['concentration', 'concentration c'],
    ['mu', 'μ'],
  ];
  const tables = params.filter(([c]) => has(c)).map(([c, what]) => byParameter(pairs, c, `effect_by_${c}`, `Trading effect by ${what}`));
  const head = headline(pairs);
  return [
    { ...head, title: 'Headline numbers' },
    ...tables,
    { ...byRegime(pairs), id: 'effect_by_stress_regime', title: 'Trading effect by baseline stress regime' },
    { ...regimeClassCounts(pairs), id: 'regime_by_class', title: 'Run counts by stress regime and effect class' },
    {
      id: 'paper2025_tables_not_applicable',
      title: 'Tables of the 2025 paper — not applicable',
      note:
        `The numbered tables of the 2025 paper (Tables 1–16 and its §8.5–§12.3 statements) describe the 2025 experiment ` +
        `(profile paper2025, and spec on the published grid); this sweep runs profile ${profiles.join(', ')}, so they are not ` +
        'printed. The tables above aggregate its pairs the same way; the replicate tables (with --replicates ≥ 2) apply to every sweep.',
      columns: ['profile', 'paper_tables'],
      rows: profiles.map((p) => ({ profile: p, paper_tables: 'not applicable' })),
      raw: ['profile', 'paper_tables'],
    },
  ];
}

/**
 * Every table of the paper (headline numbers, Tables 1–16, the μ table and the §8.5, §9.4,
 * §10.4, §11.1, §11.4, §12.2 and §12.3 statements), aggregated exactly as
 * docs/experiment-paper2025.md §5 prescribes, from the sweep-level rows of any sweep. Strategy and usage
 * tables come once per available definition: `published` (2025-window rows, the plan 023
 * aggregation) and `corrected`, side by side. A sweep of a profile the paper does not describe
 * (reporting trait `paperTables` false, e.g. `bilancio2026`) gets the trading-effect tables without
 * the paper's numbering and a note that the paper's tables do not apply.
 */
export function paperTables(inputs: TableInputs): PaperTable[] {
  const pairs = pairViews(inputs);
  const foreign = profilesWithoutPaperTables(pairs);
  if (foreign.length > 0) return sweepEffectTables(pairs, foreign);
  const vs = variantsOf(pairs);
  const tables: PaperTable[] = [
    headline(pairs),
    byParameter(pairs, 'outside_mid_ratio', 'table01_by_outside_mid_ratio', 'Table 1 — Trading effect by outside mid ratio ρ'),
    byParameter(pairs, 'kappa', 'table02_by_kappa', 'Table 2 — Trading effect by κ (debt-to-money)'),
    byParameter(pairs, 'concentration', 'table03_by_concentration', 'Table 3 — Trading effect by concentration c'),
    byParameter(pairs, 'mu', 'table_mu_by_mu', 'Unnumbered table (§8.3) — Trading effect by μ'),
    byRegime(pairs),
  ];
  if (vs.length > 0) {
    const [s85, t11, s114] = intensityTables(pairs, vs);
    const [t8, t9, t10, s104] = usageTables(pairs, vs);
    const [s122, s123] = runLevelShares(pairs, vs);
    tables.push(
      s85!,
      table5(pairs, vs),
      table6(pairs, vs),
      table7(pairs, vs),
      section94(pairs, vs),
      t8!,
      t9!,
      t10!,
      s104!,
      t11!,
      s114!,
      table12(pairs, vs),
      s122!,
      s123!,
    );
  }
  tables.push(regimeClassCounts(pairs));
  if (vs.length > 0) tables.push(table14(pairs, vs));
  return tables;
}
