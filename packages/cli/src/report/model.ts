import { STRATEGIES } from '@ring/metrics';
import { NO_DIFFERENCE_REASONS, compareAgentIds } from '@ring/explain';
import { completedPairs, effectByParameter, meanOf, strategyTotals } from '@ring/policy-eval';
import type { CompletedPair } from '@ring/policy-eval';
import type { LoadedEvaluation, ReportInputs, RunSeries } from './load';

/** A Chart.js configuration, as plain JSON (it is embedded in the page and handed to `new Chart`). */
export interface ChartConfig {
  readonly type: 'bar' | 'line' | 'scatter';
  readonly data: { readonly labels?: readonly (string | number)[]; readonly datasets: readonly Record<string, unknown>[] };
  readonly options?: Record<string, unknown>;
}

/** One chart of the report: a canvas id, a caption, and its configuration. */
export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly config: ChartConfig;
  /** Number of data points the configuration holds (the page checks that Chart.js drew as many). */
  readonly points: number;
  /** Optional per-point tooltip labels: `labels[datasetIndex][pointIndex]`. */
  readonly pointLabels?: readonly (readonly string[] | null)[];
}

/** A small HTML table. */
export interface TableSpec {
  readonly caption: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** One section of the report; `status` tells whether its inputs were there. */
export interface ReportSection {
  readonly id: string;
  readonly title: string;
  readonly status: 'ok' | 'missing' | 'error' | 'empty';
  readonly intro: string;
  readonly notes: readonly string[];
  readonly charts: readonly ChartSpec[];
  readonly tables: readonly TableSpec[];
}

/** What the HTML page shows. */
export interface ReportModel {
  readonly title: string;
  readonly dir: string;
  readonly kinds: readonly string[];
  readonly sections: readonly ReportSection[];
}

// ---- helpers --------------------------------------------------------------------------------

const COLORS = ['#2563eb', '#ea580c', '#16a34a', '#dc2626', '#7c3aed', '#0891b2', '#ca8a04', '#db2777', '#4b5563'] as const;
const color = (i: number): string => COLORS[i % COLORS.length]!;
const alpha = (hex: string, a: number): string => {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
};

/** A decimal string (or empty) as a double; null when empty or not a number. */
const num = (v: unknown): number | null => {
  if (v === null || v === undefined || v === '') return null;
  const x = Number(v);
  return Number.isFinite(x) ? x : null;
};

/** A number for a table cell: up to 4 decimals, no exponent for ordinary values. */
export function fmt(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const r = Number(x.toFixed(digits));
  return Object.is(r, -0) ? '0' : String(r);
}

const pointCount = (datasets: readonly Record<string, unknown>[]): number =>
  datasets.reduce((n, d) => n + ((d.data as unknown[]) ?? []).filter((p) => p !== null && p !== undefined).length, 0);

function chart(id: string, title: string, caption: string, config: ChartConfig, pointLabels?: ChartSpec['pointLabels']): ChartSpec {
  return { id, title, caption, config, points: pointCount(config.data.datasets), ...(pointLabels ? { pointLabels } : {}) };
}

const axisTitle = (text: string) => ({ display: true, text });
const baseOptions = (x: string, y: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  plugins: { title: { display: false }, legend: { position: 'bottom' } },
  scales: { x: { title: axisTitle(x) }, y: { title: axisTitle(y) } },
  ...extra,
});

function section(
  id: string,
  title: string,
  intro: string,
  status: ReportSection['status'],
  notes: string[],
  charts: ChartSpec[] = [],
  tables: TableSpec[] = [],
): ReportSection {
  return { id, title, status, intro, notes, charts, tables };
}

/** The reason an input is unavailable, as a section status and note. */
function unavailable(id: string, title: string, intro: string, what: { missing: boolean; reason: string }): ReportSection {
  return section(id, title, intro, what.missing ? 'missing' : 'error', [
    `${what.missing ? 'Not available' : 'Could not be shown'}: ${what.reason}.`,
  ]);
}

// ---- sections -------------------------------------------------------------------------------

function overviewSection(inputs: ReportInputs): ReportSection {
  const intro = 'What was read, and the sweep summary (aggregate/summary.json).';
  const rows: string[][] = [
    ['directory', inputs.dir],
    ['contents', inputs.kinds.join(', ')],
  ];
  const notes: string[] = [];
  if (inputs.summary.ok) {
    const s = inputs.summary.value;
    const n = (k: string) => (typeof s[k] === 'number' ? fmt(s[k] as number, 6) : s[k] === null ? '–' : String(s[k] ?? '–'));
    rows.push(
      ['profile', String(s.profile ?? '–')],
      ['pairs (completed / total)', `${n('completed_pairs')} / ${n('total_pairs')}`],
      ['mean δ passive', n('mean_delta_passive')],
      ['mean δ active', n('mean_delta_active')],
      ['mean trading effect Δ', n('mean_trading_effect')],
      ['mean relief ratio', n('mean_relief_ratio')],
      ['improved / unchanged / worsened', `${n('pairs_with_improvement')} / ${n('pairs_unchanged')} / ${n('pairs_worsened')}`],
    );
    const config = s.config;
    if (config && typeof config === 'object') {
      for (const [k, v] of Object.entries(config as Record<string, unknown>))
        rows.push([`config.${k}`, Array.isArray(v) ? v.join(', ') : String(v)]);
    }
  } else if (inputs.kinds.includes('sweep')) {
    notes.push(`No sweep summary: ${inputs.summary.reason}.`);
  }
  if (inputs.comparison.ok && !inputs.summary.ok) {
    const pairs = completedPairs(inputs.comparison.value);
    rows.push(
      ['pairs (completed / total)', `${pairs.length} / ${inputs.comparison.value.length}`],
      ['mean trading effect Δ', fmt(meanOf(pairs.map((p) => p.effect)), 6)],
    );
  }
  if (inputs.runIds.length > 0) rows.push(['run directories', String(inputs.runIds.length)]);
  if (inputs.evaluations.length > 0) rows.push(['evaluation records', String(inputs.evaluations.length)]);
  return section('overview', 'Overview', intro, 'ok', notes, [], [{ caption: 'Inputs and summary', columns: ['item', 'value'], rows }]);
}

const PARAMS = [
  ['kappa', 'κ (debt-to-money ratio)'],
  ['concentration', 'c (Dirichlet concentration)'],
  ['mu', 'μ (maturity lead)'],
  ['outside_mid_ratio', 'ρ (outside mid ratio)'],
] as const;

function tradingEffectSection(inputs: ReportInputs): ReportSection {
  const id = 'trading-effect';
  const title = 'Trading effect by κ, c, μ and ρ';
  const intro =
    'Mean trading effect Δ = δ_passive − δ_active over completed pairs for each parameter value (bars; > 0 means the dealers reduced defaults), with the mean δ of each regime (lines). Source: aggregate/comparison.csv.';
  if (!inputs.comparison.ok) return unavailable(id, title, intro, inputs.comparison);
  const pairs = completedPairs(inputs.comparison.value);
  if (pairs.length === 0)
    return section(id, title, intro, 'empty', [
      `comparison.csv has ${inputs.comparison.value.length} pairs and none completed in both regimes: nothing to average.`,
    ]);
  const charts: ChartSpec[] = [];
  const tableRows: string[][] = [];
  for (const [key, label] of PARAMS) {
    const groups = effectByParameter(pairs, key);
    const values = groups.map((g) => g.value);
    const te = groups.map((g) => g.meanEffect);
    const mp = groups.map((g) => g.meanDeltaPassive);
    const ma = groups.map((g) => g.meanDeltaActive);
    for (const g of groups) {
      tableRows.push([
        label.split(' ')[0]!,
        g.value,
        String(g.pairs),
        fmt(g.meanEffect),
        fmt(g.meanDeltaPassive),
        fmt(g.meanDeltaActive),
        String(g.improved),
        String(g.unchanged),
        String(g.worsened),
      ]);
    }
    charts.push(
      chart(
        `chart-te-${key}`,
        `Δ by ${label}`,
        `${values.length} value${values.length === 1 ? '' : 's'} of ${label.split(' ')[0]}, ${pairs.length} completed pairs`,
        {
          type: 'bar',
          data: {
            labels: values,
            datasets: [
              {
                type: 'bar',
                label: 'mean Δ',
                data: te,
                backgroundColor: alpha(color(0), 0.7),
                borderColor: color(0),
                borderWidth: 1,
                order: 2,
              },
              {
                type: 'line',
                label: 'mean δ passive',
                data: mp,
                borderColor: color(1),
                backgroundColor: color(1),
                pointRadius: 4,
                order: 1,
              },
              {
                type: 'line',
                label: 'mean δ active',
                data: ma,
                borderColor: color(2),
                backgroundColor: color(2),
                pointRadius: 4,
                order: 1,
              },
            ],
          },
          options: baseOptions(label, 'mean over pairs'),
        },
      ),
    );
  }
  return section(id, title, intro, 'ok', [], charts, [
    {
      caption: 'Means per parameter value (completed pairs)',
      columns: ['parameter', 'value', 'pairs', 'mean Δ', 'mean δ passive', 'mean δ active', 'improved', 'unchanged', 'worsened'],
      rows: tableRows,
    },
  ]);
}

function scatterSection(inputs: ReportInputs): ReportSection {
  const id = 'delta-pairs';
  const title = 'δ passive vs δ active per pair';
  const intro =
    'Each point is one pair (same ring, same seed): points below the diagonal are pairs in which trading lowered the default rate δ. Source: aggregate/comparison.csv.';
  if (!inputs.comparison.ok) return unavailable(id, title, intro, inputs.comparison);
  const pairs = completedPairs(inputs.comparison.value);
  if (pairs.length === 0) return section(id, title, intro, 'empty', ['No pair completed in both regimes.']);
  const classes = ['improved', 'unchanged', 'worsened'] as const;
  const classColor = { improved: color(2), unchanged: color(8), worsened: color(3) };
  const datasets: Record<string, unknown>[] = [];
  const labels: (string[] | null)[] = [];
  for (const c of classes) {
    const ps = pairs.filter((p) => p.effectClass === c);
    if (ps.length === 0) continue;
    datasets.push({
      label: `${c} (${ps.length})`,
      data: ps.map((p) => ({ x: p.deltaPassive, y: p.deltaActive })),
      backgroundColor: alpha(classColor[c], 0.75),
      borderColor: classColor[c],
      pointRadius: 4,
    });
    labels.push(
      ps.map(
        (p) => `${p.row.pair_id}: κ=${p.row.kappa} c=${p.row.concentration} μ=${p.row.mu} ρ=${p.row.outside_mid_ratio} seed=${p.row.seed}`,
      ),
    );
  }
  const other = pairs.filter((p) => !(classes as readonly string[]).includes(p.effectClass ?? ''));
  if (other.length > 0) {
    datasets.push({
      label: `other (${other.length})`,
      data: other.map((p) => ({ x: p.deltaPassive, y: p.deltaActive })),
      backgroundColor: color(4),
      pointRadius: 4,
    });
    labels.push(other.map((p) => String(p.row.pair_id)));
  }
  const lo = Math.min(0, ...pairs.map((p: CompletedPair) => Math.min(p.deltaPassive, p.deltaActive)));
  const hi = Math.max(1, ...pairs.map((p: CompletedPair) => Math.max(p.deltaPassive, p.deltaActive)));
  datasets.push(diagonal('δ active = δ passive', lo, hi));
  labels.push(null);
  const spec = chart(
    'chart-delta-scatter',
    'δ passive vs δ active',
    `${pairs.length} completed pairs`,
    {
      type: 'scatter',
      data: { datasets },
      options: baseOptions('δ passive', 'δ active'),
    },
    labels,
  );
  return section(id, title, intro, 'ok', [], [spec]);
}

function strategySection(inputs: ReportInputs): ReportSection {
  const id = 'strategies';
  const title = 'Strategy mix and default rates';
  const intro =
    'How debtors traded before their liabilities fell due (docs/instrumentation.md §3 strategy rule) and the face-weighted default rate of each strategy, summed over all runs of each regime. Source: aggregate/strategy_outcomes_by_run.csv.';
  if (!inputs.strategyOutcomes.ok) return unavailable(id, title, intro, inputs.strategyOutcomes);
  const rows = inputs.strategyOutcomes.value;
  if (rows.length === 0) return section(id, title, intro, 'empty', ['strategy_outcomes_by_run.csv has no rows.']);
  const { regimes, totals } = strategyTotals(rows);
  const total = (g: string, st: string) => totals.find((t) => t.regime === g && t.strategy === st)!;
  const mix = STRATEGIES.map((st, i) => ({
    label: st,
    data: regimes.map((g) => total(g, st).liabilities),
    backgroundColor: alpha(color(i), 0.75),
    borderColor: color(i),
    borderWidth: 1,
    stack: 'liabilities',
  }));
  const cats = [...STRATEGIES, 'all'];
  const rates = regimes.map((g, i) => ({
    label: g,
    data: cats.map((st) => total(g, st).defaultRate),
    backgroundColor: alpha(color(i + 1), 0.75),
    borderColor: color(i + 1),
    borderWidth: 1,
  }));
  const charts = [
    chart('chart-strategy-mix', 'Liabilities by strategy', `${rows.length} runs; counts of liabilities due by each run's last day`, {
      type: 'bar',
      data: { labels: regimes, datasets: mix },
      options: baseOptions('regime', 'liabilities', {
        scales: { x: { stacked: true, title: axisTitle('regime') }, y: { stacked: true, title: axisTitle('liabilities') } },
      }),
    }),
    chart(
      'chart-default-rates',
      'Default rate by strategy',
      'Σ defaulted face / Σ face per strategy (no bar: no liability in that class)',
      {
        type: 'bar',
        data: { labels: cats, datasets: rates },
        options: baseOptions('strategy', 'default rate (face-weighted)', {
          scales: { x: { title: axisTitle('strategy') }, y: { min: 0, title: axisTitle('default rate (face-weighted)') } },
        }),
      },
    ),
  ];
  const tableRows = totals.map((t) => [
    t.regime,
    t.strategy,
    String(t.liabilities),
    String(t.face),
    String(t.defaults),
    fmt(t.defaultRate),
  ]);
  return section(id, title, intro, 'ok', [], charts, [
    {
      caption: 'Totals over runs',
      columns: ['regime', 'strategy', 'liabilities', 'face', 'defaults', 'default rate'],
      rows: tableRows,
    },
  ]);
}

function runSection(inputs: ReportInputs): ReportSection {
  const id = 'run';
  const title = 'Dealer inventory and system debt over time';
  const run: RunSeries | null = inputs.run;
  if (!run) {
    const why =
      inputs.kinds.includes('run') || inputs.kinds.includes('sweep')
        ? `no run directory in ${inputs.dir}/runs/ (run the sweep or \`ring run\` with --detailed-logging to write runs/<run_id>/)`
        : 'this directory has no run directories';
    return section(id, title, 'Per-run time series (runs/<run_id>/).', 'missing', [`Not available: ${why}.`]);
  }
  const intro = `Run ${run.runId}, at the end of each day's trading phase (docs/instrumentation.md §1.3). Sources: ${run.dir}/inventory_timeseries.csv and system_state_timeseries.csv. Choose another run with --run RUN_ID.`;
  const notes: string[] = [];
  if (inputs.runIds.length > 1) {
    const others = inputs.runIds.filter((r) => r !== run.runId);
    notes.push(
      `${others.length} other run${others.length === 1 ? '' : 's'} in this directory: ${others.slice(0, 12).join(', ')}${others.length > 12 ? ', …' : ''}.`,
    );
  }
  const charts: ChartSpec[] = [];
  let status: ReportSection['status'] = 'ok';
  if (!run.inventory.ok) {
    notes.push(`Dealer inventory not available: ${run.inventory.reason}.`);
    status = run.inventory.missing ? 'missing' : 'error';
  } else if (run.inventory.value.length === 0) {
    notes.push('inventory_timeseries.csv has no rows.');
    status = 'empty';
  } else {
    const rows = run.inventory.value;
    const days = [...new Set(rows.map((r) => Number(r.day)))].sort((a, b) => a - b);
    const buckets = [...new Set(rows.map((r) => String(r.bucket)))];
    const series = (b: string, col: 'dealer_inventory' | 'vbt_inventory') =>
      days.map((d) => {
        const r = rows.find((x) => Number(x.day) === d && x.bucket === b);
        return r ? num(r[col]) : null;
      });
    const datasets = buckets.flatMap((b, i) => [
      {
        label: `dealer ${b}`,
        data: series(b, 'dealer_inventory'),
        borderColor: color(i),
        backgroundColor: color(i),
        pointRadius: 2,
        tension: 0,
      },
      {
        label: `VBT ${b}`,
        data: series(b, 'vbt_inventory'),
        borderColor: color(i),
        backgroundColor: color(i),
        borderDash: [5, 4],
        pointRadius: 0,
        borderWidth: 1,
      },
    ]);
    if (rows.every((r) => Number(r.dealer_inventory) === 0))
      notes.push(
        'The dealers held no ticket on any day of this run (passive runs, and paper2025 dealers, which start without capital and pass every trade through to the VBT).',
      );
    charts.push(
      chart(
        'chart-run-inventory',
        'Inventory by bucket (tickets)',
        `${days.length} days × ${buckets.length} buckets; solid: dealer a, dashed: VBT holdings`,
        {
          type: 'line',
          data: { labels: days, datasets },
          options: baseOptions('day', 'tickets', {
            scales: { x: { title: axisTitle('day') }, y: { title: axisTitle('tickets'), min: 0, suggestedMax: 1 } },
          }),
        },
      ),
    );
  }
  if (!run.systemState.ok) {
    notes.push(`System state not available: ${run.systemState.reason}.`);
    if (status === 'ok') status = run.systemState.missing ? 'missing' : 'error';
  } else if (run.systemState.value.length === 0) {
    notes.push('system_state_timeseries.csv has no rows.');
    if (status === 'ok') status = 'empty';
  } else {
    const rows = [...run.systemState.value].sort((a, b) => Number(a.day) - Number(b.day));
    const days = rows.map((r) => Number(r.day));
    const col = (f: (r: (typeof rows)[number]) => unknown) => rows.map((r) => num(f(r)));
    const datasets: Record<string, unknown>[] = [
      {
        label: 'outstanding debt (total face)',
        data: col((r) => r.total_face_value),
        borderColor: color(3),
        backgroundColor: color(3),
        borderWidth: 3,
        pointRadius: 2,
        yAxisID: 'y',
      },
      ...run.buckets.map((b, i) => ({
        label: `face in ${b}`,
        data: col((r) => r.face_buckets[b]),
        borderColor: color(i),
        backgroundColor: color(i),
        borderDash: [4, 3],
        borderWidth: 1,
        pointRadius: 0,
        yAxisID: 'y',
      })),
      {
        label: 'due today',
        data: col((r) => r.face_due_today),
        borderColor: color(6),
        backgroundColor: color(6),
        borderWidth: 1,
        pointRadius: 0,
        yAxisID: 'y',
      },
      {
        label: 'cumulative defaulted face',
        data: col((r) => r.cum_defaulted_face),
        borderColor: color(7),
        backgroundColor: color(7),
        pointRadius: 0,
        yAxisID: 'y',
      },
      {
        label: 'total cash',
        data: col((r) => r.total_cash),
        borderColor: color(2),
        backgroundColor: color(2),
        pointRadius: 0,
        yAxisID: 'y',
      },
      {
        label: 'debt / money (right axis)',
        data: col((r) => r.debt_to_money),
        borderColor: color(4),
        backgroundColor: color(4),
        borderDash: [2, 2],
        pointRadius: 2,
        yAxisID: 'y1',
      },
    ];
    charts.push(
      chart('chart-run-debt', 'System debt and money', `${days.length} days; currency units`, {
        type: 'line',
        data: { labels: days, datasets },
        options: baseOptions('day', 'currency', {
          scales: {
            x: { title: axisTitle('day') },
            y: { title: axisTitle('currency'), beginAtZero: true },
            y1: { position: 'right', title: axisTitle('debt / money'), beginAtZero: true, grid: { drawOnChartArea: false } },
          },
        }),
      }),
    );
  }
  return section(id, title, intro, status, notes, charts);
}

function explainSection(inputs: ReportInputs): ReportSection {
  const id = 'explain';
  const title = 'Explain: why trading helped or not';
  const intro =
    'What `ring explain DIR` says (@ring/explain): every liability of the created set matched across the two arms of each pair — saved (settled in full only with trading) or harmed (only without) —, the reason of every pair with Δ = 0, default rates by the traders’ initial cash/debt ratio, and dealer inventory against the remaining debt. Source: the per-run logs runs/<run_id>/ (liabilities.csv, trades.csv, trader_initial_state.csv, …).';
  if (!inputs.explanation.ok) return unavailable(id, title, intro, inputs.explanation);
  const e = inputs.explanation.value;
  const notes = e.missing.map(
    (m) => `Partly missing — ${m.part}: ${m.file} absent in ${m.runs} run${m.runs === 1 ? '' : 's'} (${m.reason}).`,
  );
  if (e.pairs.length === 0) return section(id, title, intro, 'empty', [...notes, 'No pair to explain.']);
  const charts: ChartSpec[] = [];

  // saved vs harmed face per pair, as shares of the created face: x − y = Δ when both arms created the same liabilities
  const classes = ['improved', 'unchanged', 'worsened'] as const;
  const classColor = { improved: color(2), unchanged: color(8), worsened: color(3) };
  const share = (face: string, total: string | null) => (total === null || Number(total) === 0 ? null : Number(face) / Number(total));
  const datasets: Record<string, unknown>[] = [];
  const labels: (string[] | null)[] = [];
  for (const c of [...classes, null]) {
    const ps = e.pairs.filter((p) => p.effect_class === c && share(p.liabilities.saved.face, p.total_face) !== null);
    if (ps.length === 0) continue;
    datasets.push({
      label: `${c ?? 'undetermined'} (${ps.length})`,
      data: ps.map((p) => ({ x: share(p.liabilities.saved.face, p.total_face), y: share(p.liabilities.harmed.face, p.total_face) })),
      backgroundColor: alpha(c ? classColor[c] : color(4), 0.75),
      borderColor: c ? classColor[c] : color(4),
      pointRadius: 4,
    });
    labels.push(
      ps.map(
        (p) =>
          `${p.pair_id}: saved ${p.liabilities.saved.count} (face ${p.liabilities.saved.face}), harmed ${p.liabilities.harmed.count} (face ${p.liabilities.harmed.face})`,
      ),
    );
  }
  if (datasets.length > 0) {
    const hi = Math.max(0.05, ...datasets.flatMap((d) => (d.data as { x: number; y: number }[]).map((q) => Math.max(q.x, q.y))));
    datasets.push(diagonal('saved = harmed (Δ = 0)', 0, hi));
    labels.push(null);
    charts.push(
      chart(
        'chart-explain-saved-harmed',
        'Saved vs harmed face per pair',
        `${e.pairs.length} pair${e.pairs.length === 1 ? '' : 's'}; shares of the created face, so saved − harmed = Δ (points below the diagonal: trading helped)`,
        { type: 'scatter', data: { datasets }, options: baseOptions('saved face / total face', 'harmed face / total face') },
        labels,
      ),
    );
  }

  const t = e.totals;
  if (t.unchanged > 0) {
    charts.push(
      chart(
        'chart-explain-reasons',
        'Why Δ = 0',
        `${t.unchanged} pair${t.unchanged === 1 ? '' : 's'} with no difference, by reason (first matching code; definitions in the @ring/explain README)`,
        {
          type: 'bar',
          data: {
            labels: [...NO_DIFFERENCE_REASONS],
            datasets: [
              {
                label: 'pairs',
                data: NO_DIFFERENCE_REASONS.map((r) => t.no_difference[r]),
                backgroundColor: alpha(color(0), 0.75),
                borderColor: color(0),
                borderWidth: 1,
              },
            ],
          },
          options: baseOptions('reason', 'pairs', {
            indexAxis: 'y',
            scales: { x: { title: axisTitle('pairs'), beginAtZero: true }, y: { title: axisTitle('reason') } },
          }),
        },
      ),
    );
  } else {
    notes.push('No pair has Δ = 0: no reasons to chart.');
  }

  const buckets = e.by_initial_liquidity.filter((b) => b.default_rate_passive !== null || b.default_rate_active !== null);
  if (buckets.length > 0) {
    const label = (b: (typeof buckets)[number]) =>
      b.ratio_min === null ? b.bucket : `${b.bucket} [${fmt(num(b.ratio_min), 3)}, ${fmt(num(b.ratio_max), 3)}]`;
    charts.push(
      chart(
        'chart-explain-liquidity',
        'Default rate by initial cash/debt',
        `${e.liquidity_buckets === 'fixed' ? 'fixed buckets' : 'quintiles of all traders'} of the initial cash/debt ratio; face-weighted share of the bucket's liabilities not settled in full`,
        {
          type: 'bar',
          data: {
            labels: buckets.map(label),
            datasets: (['passive', 'active'] as const).map((r, i) => ({
              label: r,
              data: buckets.map((b) => num(r === 'passive' ? b.default_rate_passive : b.default_rate_active)),
              backgroundColor: alpha(color(i + 1), 0.75),
              borderColor: color(i + 1),
              borderWidth: 1,
            })),
          },
          options: baseOptions('initial cash / debt', 'default rate', {
            scales: { x: { title: axisTitle('initial cash / debt') }, y: { min: 0, title: axisTitle('default rate') } },
          }),
        },
      ),
    );
  } else if (e.by_initial_liquidity.length === 0) {
    notes.push('No default rates by initial liquidity (they need trader_initial_state.csv and liabilities.csv).');
  }

  if (e.horizons.length > 0) {
    const days = [...new Set(e.horizons.map((h) => h.day))].sort((a, b) => a - b);
    const sum = (f: (h: (typeof e.horizons)[number]) => string | null) =>
      days.map((d) => e.horizons.filter((h) => h.day === d).reduce((s, h) => s + (num(f(h)) ?? 0), 0));
    const running = days.map((d) => e.horizons.filter((h) => h.day === d).length);
    const many = e.pairs.length > 1;
    const line = (label: string, data: number[], i: number, extra: Record<string, unknown> = {}) => ({
      label,
      data,
      borderColor: color(i),
      backgroundColor: color(i),
      pointRadius: 2,
      yAxisID: 'y',
      ...extra,
    });
    charts.push(
      chart(
        'chart-explain-horizons',
        'Dealer inventory against the remaining debt',
        many
          ? `Σ over the ${e.pairs.length} pairs whose active run reached the day (right axis: how many did), at the end of each day's trading phase`
          : "at the end of each day's trading phase of the active run",
        {
          type: 'line',
          data: {
            labels: days,
            datasets: [
              line(
                'remaining debt (active)',
                sum((h) => h.remaining_debt_face),
                3,
                { borderWidth: 3 },
              ),
              line(
                'remaining debt (passive)',
                sum((h) => h.remaining_debt_face_passive),
                8,
                { borderDash: [5, 4] },
              ),
              line(
                'dealer inventory (face)',
                sum((h) => h.dealer_inventory_face),
                0,
              ),
              line(
                'VBT inventory (face)',
                sum((h) => h.vbt_inventory_face),
                6,
                { borderDash: [2, 2] },
              ),
              ...(many ? [line('pairs still running (right axis)', running, 4, { yAxisID: 'y1', borderWidth: 1, pointRadius: 0 })] : []),
            ],
          },
          options: baseOptions('day', 'face', {
            scales: {
              x: { title: axisTitle('day') },
              y: { title: axisTitle('face'), beginAtZero: true },
              ...(many
                ? { y1: { position: 'right', title: axisTitle('pairs'), beginAtZero: true, grid: { drawOnChartArea: false } } }
                : {}),
            },
          }),
        },
      ),
    );
  }

  const rows = e.pairs.map((p) => [
    p.pair_id ?? '–',
    p.effect_class ?? '–',
    fmt(num(p.trading_effect)),
    `${p.liabilities.saved.count} / ${p.liabilities.saved.face}`,
    `${p.liabilities.harmed.count} / ${p.liabilities.harmed.face}`,
    `${p.defaulters_who_traded} of ${p.defaulters}`,
    p.no_difference_reason ?? '',
    p.no_difference_detail ?? '',
  ]);
  const tables: TableSpec[] = [
    {
      caption: 'Liabilities over all pairs',
      columns: ['class', 'liabilities', 'face'],
      rows: Object.entries(t.liabilities).map(([c, v]) => [c, String(v.count), v.face]),
    },
    {
      caption: 'Per pair: saved and harmed liabilities, and the reason when Δ = 0',
      columns: ['pair', 'effect', 'Δ', 'saved (n / face)', 'harmed (n / face)', 'defaulters who traded', 'reason', 'detail'],
      rows,
    },
  ];
  return section(id, title, intro, 'ok', notes, charts, tables);
}

/** A short label: the folder of the record (or its run id) and its mode. */
const evalLabel = (e: LoadedEvaluation) => {
  const folder = e.file.includes('/') ? e.file.slice(0, e.file.lastIndexOf('/')) : e.record.run_id;
  return `${folder} (${e.record.evaluation_mode}${e.record.agent_id === 'ALL' ? '' : `, ${e.record.agent_id}`})`;
};

function evaluationSection(inputs: ReportInputs): ReportSection {
  const id = 'evaluations';
  const title = 'Policy evaluations';
  const intro =
    'Paired old-vs-new policy comparisons (`ring compare --out DIR`, docs/policy-eval.md §11). Δ cost = old − new in cents: above zero, the new policy is cheaper. Bars are 95% confidence intervals (bootstrap mode); deterministic evaluations have a point and no interval.';
  const notes = inputs.evaluationErrors.map((e) => `${e}.`);
  if (inputs.evaluations.length === 0) {
    return section(id, title, intro, notes.length > 0 ? 'error' : 'missing', [
      ...notes,
      ...(notes.length > 0
        ? []
        : [
            'Not available: no evaluation.json in this directory (written by `ring compare … --out DIR`; searched DIR and two folder levels below it).',
          ]),
    ]);
  }
  const evs = inputs.evaluations;
  const cents = (v: bigint | null | undefined) => (v === null || v === undefined ? null : Number(v));
  const labels = evs.map(evalLabel);
  const ci = evs.map((e) =>
    e.record.evaluation.delta_ci_95 ? [cents(e.record.evaluation.delta_ci_95[0]), cents(e.record.evaluation.delta_ci_95[1])] : null,
  );
  const charts: ChartSpec[] = [
    chart('chart-eval-delta', 'Δ cost per evaluation (old − new, cents)', `${evs.length} evaluation record${evs.length === 1 ? '' : 's'}`, {
      type: 'bar',
      data: {
        labels,
        datasets: [
          {
            type: 'bar',
            label: '95% CI of mean Δ',
            data: ci,
            backgroundColor: alpha(color(0), 0.35),
            borderColor: color(0),
            borderWidth: 1,
            order: 2,
          },
          {
            type: 'line',
            label: 'mean Δ',
            data: evs.map((e) => cents(e.record.evaluation.mean_delta)),
            showLine: false,
            pointStyle: 'rectRot',
            pointRadius: 7,
            borderColor: color(3),
            backgroundColor: color(3),
            order: 1,
          },
        ],
      },
      options: baseOptions('evaluation', 'Δ cost (cents)'),
    }),
  ];
  if (ci.every((c) => c === null))
    notes.push('No evaluation has a confidence interval (deterministic mode, or fewer than 2 samples): points only.');
  const tableRows = evs.map((e, _i) => {
    const ev = e.record.evaluation;
    return [
      e.file,
      `${e.record.run_id} · iteration ${e.record.iteration} · ${e.record.agent_id}`,
      e.record.evaluation_mode,
      ev.scope,
      String(ev.num_samples),
      String(ev.mean_old_cost),
      String(ev.mean_new_cost),
      String(ev.mean_delta),
      ev.delta_ci_95 ? `[${ev.delta_ci_95[0]}, ${ev.delta_ci_95[1]}]` : '–',
      e.record.accepted ? 'accepted' : 'rejected',
    ];
  });
  // Per-trader cost CIs of the first evaluation that has them.
  const withAgents = evs.find((e) =>
    Object.values(e.record.evaluation.agent_stats).some((a) => a.ci_95_lower !== null && a.ci_95_upper !== null),
  );
  if (withAgents) {
    const agents = Object.entries(withAgents.record.evaluation.agent_stats).sort(([a], [b]) => compareAgentIds(a, b));
    charts.push(
      chart(
        'chart-eval-agents',
        'New-policy cost per trader with 95% CI (cents)',
        `${evalLabel(withAgents)} (${withAgents.file}); ${agents.length} traders`,
        {
          type: 'bar',
          data: {
            labels: agents.map(([aid]) => aid),
            datasets: [
              {
                type: 'bar',
                label: '95% CI of cost (new)',
                data: agents.map(([, a]) =>
                  a.ci_95_lower !== null && a.ci_95_upper !== null ? [cents(a.ci_95_lower), cents(a.ci_95_upper)] : null,
                ),
                backgroundColor: alpha(color(0), 0.35),
                borderColor: color(0),
                borderWidth: 1,
                order: 3,
              },
              {
                type: 'line',
                label: 'cost (new)',
                data: agents.map(([, a]) => cents(a.cost)),
                showLine: false,
                pointRadius: 3,
                borderColor: color(0),
                backgroundColor: color(0),
                order: 1,
              },
              {
                type: 'line',
                label: 'cost (old)',
                data: agents.map(([, a]) => cents(a.old_cost)),
                showLine: false,
                pointStyle: 'crossRot',
                pointRadius: 4,
                borderColor: color(1),
                backgroundColor: color(1),
                order: 2,
              },
            ],
          },
          options: baseOptions('trader', 'cost (cents)'),
        },
      ),
    );
  } else {
    notes.push('No per-trader confidence intervals (they need bootstrap mode with ≥ 2 samples).');
  }
  return section(id, title, intro, 'ok', notes, charts, [
    {
      caption: 'Evaluation records',
      columns: ['file', 'evaluation', 'mode', 'scope', 'samples', 'mean old cost', 'mean new cost', 'mean Δ', 'Δ CI 95', 'decision'],
      rows: tableRows,
    },
  ]);
}

/** The report's sections, in page order, from what {@link loadReportInputs} read. Pure. */
export function buildReportModel(inputs: ReportInputs): ReportModel {
  const profile = inputs.summary.ok && typeof inputs.summary.value.profile === 'string' ? ` — profile ${inputs.summary.value.profile}` : '';
  return {
    title: `ring report${profile}`,
    dir: inputs.dir,
    kinds: inputs.kinds,
    sections: [
      overviewSection(inputs),
      tradingEffectSection(inputs),
      scatterSection(inputs),
      strategySection(inputs),
      runSection(inputs),
      explainSection(inputs),
      evaluationSection(inputs),
    ],
  };
}

/** The dashed line y = x from (lo, lo) to (hi, hi) that scatter charts compare their points with. */
function diagonal(label: string, lo: number, hi: number) {
  return {
    type: 'line' as const,
    label,
    data: [
      { x: lo, y: lo },
      { x: hi, y: hi },
    ],
    borderColor: color(8),
    borderDash: [6, 4],
    borderWidth: 1,
    pointRadius: 0,
    fill: false,
  };
}
