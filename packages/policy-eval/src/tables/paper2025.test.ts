/**
 * The paper2025 preset reproduces the published experiment (docs/experiment-paper2025.md §2–§4): with
 * emulateDisplayAbort the headline numbers and Tables 1–4 exactly and Tables 5–16 under the
 * published (plan 023) aggregation; without it the Variant B (no-crash) numbers. The expected
 * values are the spec's "data" columns (the recomputation from the run-level files), compared at
 * the precision the spec prints them.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { D, canon } from '@ring/engine';
import type { Cell } from '@ring/metrics';
import { paperTables, runSweep, sweepPreset, sweepSummary, armConfig, locatePair, tableInputsFromRecords } from '../index';
import type { PaperTable, PairRecord, SweepDefinition } from '../index';

const SAMPLE = new URL('../../test/fixtures/paper2025-pairs-sample.csv', import.meta.url);

async function sweep(emulateDisplayAbort: boolean): Promise<{ def: SweepDefinition; records: PairRecord[] }> {
  const def = sweepPreset('paper2025', { emulateDisplayAbort });
  const records: PairRecord[] = [];
  await runSweep(def, {
    onPair: (o) => {
      records.push(o.record);
    },
  });
  return { def, records };
}

/** |actual − printed| within half a unit of the printed last digit (percent: actual is a fraction). */
function close(actual: Cell | undefined, printed: string, percent = false): void {
  if (printed === '–') {
    expect(actual ?? null).toBeNull();
    return;
  }
  expect(actual, `expected ${printed}`).not.toBeNull();
  const decimals = (printed.split('.')[1] ?? '').length;
  const x = Number(actual) * (percent ? 100 : 1);
  const tol = 0.5 * 10 ** -decimals + 1e-12;
  expect(Math.abs(x - Number(printed)), `${x} vs printed ${printed}`).toBeLessThanOrEqual(tol);
}

function table(tables: readonly PaperTable[], id: string): PaperTable {
  const t = tables.find((x) => x.id === id);
  if (!t) throw new Error(`no table ${id}`);
  return t;
}

function row(t: PaperTable, match: Record<string, string>): Record<string, Cell> {
  const r = t.rows.find((x) => Object.entries(match).every(([k, v]) => x[k] === v));
  if (!r) throw new Error(`${t.id}: no row ${JSON.stringify(match)}`);
  return r;
}

let pub: { def: SweepDefinition; records: PairRecord[]; tables: PaperTable[] };
let varB: { def: SweepDefinition; records: PairRecord[]; tables: PaperTable[] };

beforeAll(async () => {
  const a = await sweep(true);
  pub = { ...a, tables: paperTables(tableInputsFromRecords(a.records)) };
  const b = await sweep(false);
  varB = { ...b, tables: paperTables(tableInputsFromRecords(b.records)) };
}, 60_000);

describe('pairs (docs/experiment-paper2025.md §2 and the public sample)', () => {
  it('every sample pair: δ_passive, δ_active and trade count of both variants, as D strings', () => {
    const lines = readFileSync(SAMPLE, 'utf8').trim().split('\n');
    const head = lines[0]!.split(',');
    expect(lines.length - 1).toBe(69);
    for (const line of lines.slice(1)) {
      const r = Object.fromEntries(line.split(',').map((v, i) => [head[i]!, v]));
      const i = Number(r.seed) - 42;
      const p = pub.records[i]!.comparison;
      const b = varB.records[i]!.comparison;
      expect(p.seed).toBe(Number(r.seed));
      expect([p.kappa, p.concentration, p.mu, p.outside_mid_ratio].map(Number)).toEqual(
        [r.kappa, r.concentration, r.mu, r.outside_mid_ratio].map(Number),
      );
      // Same D values; the sample prints Python Decimal strings, which may keep trailing zeros.
      expect(new D(p.delta_passive as string).eq(r.delta_passive!)).toBe(true);
      expect(new D(p.delta_active as string).eq(r.delta_active_published!)).toBe(true);
      expect(p.delta_passive).toBe(canon(r.delta_passive!));
      expect(p.total_trades).toBe(Number(r.total_trades_published));
      expect(b.delta_passive).toBe(p.delta_passive);
      expect(new D(b.delta_active as string).eq(r.delta_active_nocrash!)).toBe(true);
      expect(b.total_trades).toBe(Number(r.total_trades_nocrash));
    }
  });
  it('70 δ_active values and 130 trade counts differ between the variants; δ_passive never does', () => {
    let dA = 0;
    let dT = 0;
    pub.records.forEach((r, i) => {
      const b = varB.records[i]!.comparison;
      expect(b.delta_passive).toBe(r.comparison.delta_passive);
      if (b.delta_active !== r.comparison.delta_active) dA++;
      if (b.total_trades !== r.comparison.total_trades) dT++;
    });
    expect([dA, dT]).toEqual([70, 130]);
  });
});

describe('headline numbers (§3) and summary.json', () => {
  it('published (emulateDisplayAbort): the double means bit for bit, counts, class means, end reasons', () => {
    const loc = locatePair(pub.def, 0);
    const s = sweepSummary(
      pub.def,
      armConfig(pub.def, loc.values, loc.seed, pub.def.arms[0]),
      pub.records.map((r) => r.comparison),
    );
    expect(s).toMatchObject({
      total_pairs: 625,
      completed_pairs: 625,
      mean_delta_passive: 0.6748681838520596,
      mean_delta_active: 0.6475515933999354,
      mean_trading_effect: 0.02731659045212469,
      mean_relief_ratio: -0.04370247104625068,
      pairs_with_improvement: 158,
      pairs_unchanged: 396,
      pairs_worsened: 71,
    });
    const h = table(pub.tables, 'headline');
    const v = (q: string) => row(h, { quantity: q }).value;
    expect(v('mean_delta_passive')).toBe(0.6748681838520596);
    expect(v('mean_trading_effect')).toBe(0.02731659045212469);
    close(v('improved_mean_delta_passive'), '0.9590');
    close(v('improved_mean_delta_active'), '0.7283');
    close(v('worsened_mean_delta_passive'), '0.6509');
    close(v('worsened_mean_delta_active'), '0.9237');
    close(v('unchanged_mean_delta'), '0.5658');
    close(v('mean_active_trade_count'), '3.5728');
    expect([v('active_runs_ending_by_default'), v('active_runs_ending_by_stable'), v('active_runs_ending_by_display_abort')]).toEqual([
      302, 166, 157,
    ]);
  });
  it('Variant B (no display abort)', () => {
    const h = table(varB.tables, 'headline');
    const v = (q: string) => row(h, { quantity: q }).value;
    expect([v('mean_delta_passive'), v('mean_delta_active'), v('mean_trading_effect'), v('mean_relief_ratio')]).toEqual([
      0.6748681838520596, 0.6087836454695182, 0.06608453838254152, 0.021276347772836587,
    ]);
    expect([v('improved'), v('unchanged'), v('worsened')]).toEqual([175, 399, 51]);
    close(v('improved_mean_delta_passive'), '0.9467');
    close(v('improved_mean_delta_active'), '0.6332');
    close(v('worsened_mean_delta_passive'), '0.6447');
    close(v('worsened_mean_delta_active'), '0.9103');
    close(v('unchanged_mean_delta'), '0.5595');
    close(v('mean_active_trade_count'), '4.0336');
    expect([v('active_runs_ending_by_default'), v('active_runs_ending_by_stable'), v('active_runs_ending_by_display_abort')]).toEqual([
      444, 181, 0,
    ]);
  });
});

// [value, data mean Δ, counts, mean δ_p, mean δ_a, Variant B mean Δ, Variant B counts]
type EffectRow = readonly [string, string, string, string, string, string, string];
const TABLES_1_TO_4: readonly (readonly [id: string, column: string, rows: readonly EffectRow[]])[] = [
  [
    'table01_by_outside_mid_ratio',
    'outside_mid_ratio',
    [
      ['1', '0.0204', '29/78/18', '0.6813', '0.6609', '0.053', '31/80/14'],
      ['0.9', '0.0308', '39/75/11', '0.6605', '0.6297', '0.090', '44/74/7'],
      ['0.8', '0.0277', '29/85/11', '0.6646', '0.6369', '0.064', '35/84/6'],
      ['0.75', '0.0441', '42/73/10', '0.6745', '0.6304', '0.088', '45/74/6'],
      ['0.5', '0.0136', '19/85/21', '0.6935', '0.6799', '0.036', '20/87/18'],
    ],
  ],
  [
    'table02_by_kappa',
    'kappa',
    [
      ['0.25', '-0.0098', '0/120/5', '0.1076', '0.1175', '-0.010', '0/120/5'],
      ['0.5', '-0.0139', '17/83/25', '0.4123', '0.4262', '0.013', '17/87/21'],
      ['1', '0.0586', '43/62/20', '0.8945', '0.8359', '0.180', '54/60/11'],
      ['2', '0.0537', '52/55/18', '0.9674', '0.9137', '0.083', '55/58/12'],
      ['4', '0.0481', '46/76/3', '0.9925', '0.9444', '0.064', '49/74/2'],
    ],
  ],
  [
    'table03_by_concentration',
    'concentration',
    [
      ['0.2', '-0.0122', '11/91/23', '0.8212', '0.8334', '-0.002', '15/94/16'],
      ['0.5', '-0.0018', '20/88/17', '0.7036', '0.7054', '0.034', '24/90/11'],
      ['1', '0.0229', '33/76/16', '0.6543', '0.6314', '0.061', '36/75/14'],
      ['2', '0.0555', '47/68/10', '0.6147', '0.5592', '0.107', '50/68/7'],
      ['5', '0.0723', '47/73/5', '0.5806', '0.5083', '0.131', '50/72/3'],
    ],
  ],
  [
    'table_mu_by_mu',
    'mu',
    [
      ['0', '0.0526', '23/92/10', '0.6615', '0.6089', '0.053', '23/92/10'],
      ['0.25', '0.0022', '32/75/18', '0.6346', '0.6323', '0.053', '32/84/9'],
      ['0.5', '0.0150', '30/82/13', '0.6821', '0.6670', '0.054', '37/78/10'],
      ['0.75', '0.0217', '32/78/15', '0.6917', '0.6700', '0.063', '37/77/11'],
      ['1', '0.0450', '41/69/15', '0.7045', '0.6595', '0.107', '46/68/11'],
    ],
  ],
  [
    'table04_by_stress_regime',
    'stress_regime',
    [
      ['low', '-0.0613', '1/158/14', '0.0011', '0.0624', '-0.042', '1/161/11'],
      ['medium', '-0.0365', '17/43/37', '0.7377', '0.7743', '0.044', '27/46/24'],
      ['catastrophic', '0.0879', '140/195/20', '0.9860', '0.8981', '0.125', '147/192/16'],
    ],
  ],
];

describe('Tables 1–4 and the μ table (§4), both variants', () => {
  for (const [id, column, rows] of TABLES_1_TO_4) {
    it(id, () => {
      for (const [value, mean, counts, dp, da, bMean, bCounts] of rows) {
        const r = row(table(pub.tables, id), { [column]: value });
        close(r.mean_delta, mean);
        expect(`${r.improved}/${r.unchanged}/${r.worsened}`).toBe(counts);
        close(r.mean_delta_passive, dp);
        close(r.mean_delta_active, da);
        const b = row(table(varB.tables, id), { [column]: value });
        close(b.mean_delta, bMean);
        expect(`${b.improved}/${b.unchanged}/${b.worsened}`).toBe(bCounts);
      }
    });
  }
  it('Tables 13 and 15 (regime × class counts)', () => {
    for (const [t, want] of [
      [pub.tables, ['1/158/14/173', '17/43/37/97', '140/195/20/355']],
      [varB.tables, ['1/161/11/173', '27/46/24/97', '147/192/16/355']],
    ] as const) {
      const got = table(t, 'table13_15_regime_by_class').rows.map((r) => `${r.improved}/${r.unchanged}/${r.worsened}/${r.total}`);
      expect(got).toEqual(want);
    }
  });
});

const S = ['no_trade', 'hold_to_maturity', 'sell_before', 'round_trip'] as const;
const P = { definition: 'published' };

describe('Tables 5–16 under the published (plan 023) aggregation', () => {
  it('Table 5 — strategy mix (and Variant B)', () => {
    const want = {
      no_trade: ['49.4', '0.045', 344],
      hold_to_maturity: ['2.4', '0.525', 101],
      sell_before: ['48.0', '0.748', 389],
      round_trip: ['0.2', '0.390', 3],
    };
    const wantB = {
      no_trade: ['43.0', '0.046', 362],
      hold_to_maturity: ['2.2', '0.518', 111],
      sell_before: ['53.2', '0.745', 438],
      round_trip: ['1.6', '0.242', 34],
    };
    for (const [tables, w] of [
      [pub.tables, want],
      [varB.tables, wantB],
    ] as const) {
      for (const s of S) {
        const r = row(table(tables, 'table05_strategy_mix'), { ...P, strategy: s });
        close(r.share, w[s][0] as string, true);
        close(r.default_rate, w[s][1] as string);
        expect(r.runs_with_strategy).toBe(w[s][2]);
      }
    }
  });
  it('Tables 6 and 12 — strategy composition by effect class (and Variant B of Table 12)', () => {
    const t6 = table(pub.tables, 'table06_strategy_by_class');
    for (const [c, nt, sb, drNt, drSb, htm, drHtm] of [
      ['improved', '12.6', '83.2', '0.124', '0.282', '3.2', '0.236'],
      ['unchanged', '57.6', '41.2', '0.030', '0.940', '1.2', '0.323'],
      ['worsened', '32.5', '44.7', '0.426', '0.661', '20.5', '0.927'],
    ] as const) {
      const r = row(t6, { ...P, effect_class: c });
      close(r.share_no_trade, nt, true);
      close(r.share_sell_before, sb, true);
      close(r.dr_no_trade, drNt);
      close(r.dr_sell_before, drSb);
      close(r.share_hold_to_maturity, htm, true);
      close(r.dr_hold_to_maturity, drHtm);
    }
    const want12 = {
      no_trade: ['12.6', '57.6', '32.5', '0.124', '0.030', '0.426'],
      hold_to_maturity: ['3.2', '1.2', '20.5', '0.236', '0.323', '0.927'],
      sell_before: ['83.2', '41.2', '44.7', '0.282', '0.940', '0.661'],
      round_trip: ['0.9', '0.0', '2.3', '0.000', '–', '1.000'],
    };
    const want12B = {
      no_trade: ['11.0', '55.2', '26.1', '0.103', '0.030', '0.545'],
      hold_to_maturity: ['2.3', '1.2', '21.5', '0.284', '0.318', '0.929'],
      sell_before: ['81.6', '43.3', '50.0', '0.461', '0.938', '0.656'],
      round_trip: ['5.1', '0.3', '2.4', '0.236', '0.000', '1.000'],
    };
    for (const [tables, w] of [
      [pub.tables, want12],
      [varB.tables, want12B],
    ] as const) {
      for (const s of S) {
        const r = row(table(tables, 'table12_strategy_by_class'), { ...P, strategy: s });
        const [si, su, sw, di, du, dw] = w[s] as unknown as readonly [string, string, string, string, string, string];
        close(r.share_improved, si, true);
        close(r.share_unchanged, su, true);
        close(r.share_worsened, sw, true);
        close(r.dr_improved, di);
        close(r.dr_unchanged, du);
        close(r.dr_worsened, dw);
      }
    }
  });
  it('Table 7 — strategy mix by stress regime (and Variant B)', () => {
    const want = {
      low: [
        ['94.0', '0.006'],
        ['1.2', '0.556'],
        ['4.7', '0.117'],
        ['0.0', '–'],
      ],
      medium: [
        ['26.5', '0.095'],
        ['8.2', '0.398'],
        ['64.0', '0.774'],
        ['1.3', '0.552'],
      ],
      catastrophic: [
        ['7.5', '0.534'],
        ['1.7', '0.708'],
        ['90.6', '0.778'],
        ['0.2', '0.000'],
      ],
    };
    const wantB = {
      low: [
        ['92.9', '0.006'],
        ['1.2', '0.556'],
        ['5.4', '0.133'],
        ['0.4', '0'],
      ],
      medium: [
        ['22.1', '0.085'],
        ['6.7', '0.413'],
        ['68.5', '0.731'],
        ['2.7', '0.334'],
      ],
      catastrophic: [
        ['6.9', '0.473'],
        ['1.5', '0.659'],
        ['89.4', '0.781'],
        ['2.2', '0.244'],
      ],
    };
    for (const [tables, w] of [
      [pub.tables, want],
      [varB.tables, wantB],
    ] as const) {
      for (const regime of ['low', 'medium', 'catastrophic'] as const) {
        const r = row(table(tables, 'table07_strategy_by_regime'), { ...P, stress_regime: regime });
        S.forEach((s, i) => {
          close(r[`share_${s}`], w[regime][i]![0]!, true);
          close(r[`dr_${s}`], w[regime][i]![1]!);
        });
      }
    }
  });
  it('§9.4 — cell-level distribution of strategy default rates', () => {
    const t = table(pub.tables, 's9_4_cell_default_rates');
    for (const [s, cells, median, p75, below, p25] of [
      ['no_trade', 108, '0.137', '0.469', 61, null],
      ['hold_to_maturity', 55, '0.644', '1.000', 9, null],
      ['sell_before', 103, '0.781', '0.946', 11, '0.565'],
    ] as const) {
      const r = row(t, { ...P, strategy: s });
      expect(r.cells_with_face).toBe(cells);
      close(r.median, median);
      close(r.p75, p75);
      expect(r.cells_dr_below_0_2).toBe(below);
      if (p25) close(r.p25, p25);
    }
  });
  it('Tables 8–10 — usage classes (and Variant B), §10.4', () => {
    const cols = [
      'share_traded',
      'share_non_traded',
      'dr_traded',
      'dr_non_traded',
      'frac_defaulted_face_traded',
      'frac_repaid_face_traded',
    ] as const;
    const check = (r: Record<string, Cell>, w: readonly string[]) =>
      cols.forEach((c, i) => {
        if (w[i]) close(r[c], w[i]!, c.startsWith('share'));
      });
    check(row(table(pub.tables, 'table08_usage'), P), ['50.6', '49.4', '0.736', '0.045', '0.944', '0.221']);
    check(row(table(varB.tables, 'table08_usage'), P), ['57.0', '43.0', '0.722', '0.046', '0.954', '0.278']);
    for (const [c, w, wB] of [
      ['improved', ['87.4', '12.6', '0.278', '0.124', '0.940', '0.851'], ['89.0', '11.0', '0.444', '0.103']],
      ['unchanged', ['42.4', '57.6', '0.922', '0.030', '0.957', '0.056'], ['44.8', '55.2', '0.915', '0.030']],
      ['worsened', ['67.5', '32.5', '0.754', '0.426', '0.786', '0.471'], ['73.9', '26.1', '0.746', '0.545']],
    ] as const) {
      check(row(table(pub.tables, 'table09_usage_by_class'), { ...P, effect_class: c }), w);
      check(row(table(varB.tables, 'table09_usage_by_class'), { ...P, effect_class: c }), wB);
    }
    for (const [g, w, wB] of [
      ['low', ['6.0', '94.0', '0.208', '0.006', '0.702', '0.048'], ['7.1', '92.9', '0.197', '0.006']],
      ['medium', ['73.5', '26.5', '0.728', '0.095', '0.955', '0.454'], ['77.9', '22.1', '0.690', '0.085']],
      ['catastrophic', ['92.5', '7.5', '0.775', '0.534', '0.947', '0.856'], ['93.1', '6.9', '0.766', '0.473']],
    ] as const) {
      check(row(table(pub.tables, 'table10_usage_by_regime'), { ...P, stress_regime: g }), w);
      check(row(table(varB.tables, 'table10_usage_by_regime'), { ...P, stress_regime: g }), wB);
    }
    expect(row(table(pub.tables, 's10_4_cells_traded_vs_non_traded'), P)).toMatchObject({
      cells_with_both: 88,
      cells_traded_defaults_less: 10,
    });
  });
  it('Table 11, §8.5, §11.1 and §11.4 — usage intensity and participation', () => {
    const t11 = table(pub.tables, 'table11_usage_intensity');
    for (const [c, runs, trades, traders, fracDef] of [
      ['improved', 158, '5.59', '4.02', '0.970'],
      ['unchanged', 396, '2.76', '2.09', '0.973'],
      ['worsened', 71, '3.63', '2.82', '0.797'],
    ] as const) {
      const r = row(t11, { ...P, effect_class: c });
      expect(r.runs).toBe(runs);
      close(r.mean_trades, trades);
      close(r.mean_ring_traders, traders);
      close(r.mean_frac_defaulted_traded, fracDef);
    }
    const tB = table(varB.tables, 'table11_usage_intensity');
    for (const [c, trades, traders, fracDef, fracRep] of [
      ['improved', '6.95', '4.06', '.965', '.911'],
      ['unchanged', '2.82', '2.09', '.976', '.132'],
      ['worsened', '3.49', '2.96', '.813', '.284'],
    ] as const) {
      const r = row(tB, { ...P, effect_class: c });
      close(r.mean_trades, trades);
      close(r.mean_ring_traders, traders);
      close(r.mean_frac_defaulted_traded, `0${fracDef}`);
      // The spec's Variant B fractions leave out runs whose repaid face is 0 (3 unchanged runs whose
      // only repaid liabilities are zero-amount payables); the published ones count them as 0.
      close(r.mean_frac_repaid_traded_repaid_face, `0${fracRep}`);
    }
    close(row(tB, { ...P, effect_class: 'unchanged' }).mean_frac_repaid_traded, '0.131');
    const allB = row(tB, { ...P, effect_class: 'all' });
    close(allB.mean_trades, '4.03');
    close(allB.mean_ring_traders, '2.71');
    expect(allB.runs_without_trades).toBe(149);
    // §11.1
    const all = row(t11, { ...P, effect_class: 'all' });
    close(all.mean_trades, '3.573');
    close(all.mean_ring_traders, '2.661');
    expect(all).toMatchObject({
      runs_without_trades: 149,
      min_trades_nonzero: 2,
      max_trades_nonzero: 8,
      min_ring_traders_nonzero: 1,
      max_ring_traders_nonzero: 5,
      runs_frac_defaulted_defined: 302,
      runs_frac_repaid_defined: 466,
      runs_changed_without_trades: 0,
    });
    close(all.mean_frac_defaulted_traded, '0.945');
    close(all.mean_frac_repaid_traded, '0.402');
    close(all.mean_frac_repaid_traded_with_defaults, '0.508');
    // §8.5
    const s85 = table(pub.tables, 's8_5_dealer_usage');
    const imp = row(s85, { ...P, effect_class: 'improved' });
    expect(imp).toMatchObject({
      min_trades_nonzero: 2,
      max_trades_nonzero: 7,
      runs_frac_defaulted_defined: 44,
      runs_frac_repaid_defined: 158,
    });
    close(imp.mean_frac_repaid_traded, '0.954');
    const un = row(s85, { ...P, effect_class: 'unchanged' });
    expect(un).toMatchObject({ runs_without_trades: 149, runs_frac_repaid_defined: 267 });
    close(un.mean_frac_defaulted_traded_with_trades, '0.973');
    close(un.mean_frac_repaid_traded, '0.116');
    close(un.mean_frac_repaid_traded_with_trades, '0.262');
    const wo = row(s85, { ...P, effect_class: 'worsened' });
    expect(wo).toMatchObject({ min_trades_nonzero: 2, max_trades_nonzero: 7 });
    close(wo.mean_frac_repaid_traded, '0.137');
    // §11.4
    expect(table(pub.tables, 's11_4_ring_traders_by_class').rows.map((r) => `${r.improved}/${r.unchanged}/${r.worsened}`)).toEqual([
      '0/149/0',
      '2/10/4',
      '15/78/32',
      '27/39/12',
      '48/55/19',
      '66/65/4',
    ]);
  });
  it('§12.2 and §12.3 — run-level strategy shares', () => {
    const t = table(pub.tables, 's12_2_run_level_shares');
    for (const [s, m, med, max, corr] of [
      ['no_trade', '0.378', '0.078', '1', '-0.171'],
      ['hold_to_maturity', '0.054', '0', '1', '-0.353'],
      ['sell_before', '0.566', '0.850', '1', '0.319'],
      ['round_trip', '0.002', '0', '0.90', '0.025'],
    ] as const) {
      const r = row(t, { ...P, strategy: s });
      expect(r.runs).toBe(625);
      close(r.mean, m);
      close(r.median, med);
      close(r.max, max);
      close(r.corr_with_delta, corr);
      close(r.min, '0');
    }
    const t3 = table(pub.tables, 's12_3_run_level_shares_by_regime_class');
    const want: Record<string, string[]> = {
      'low/improved': ['.653', '0', '.347', '0'],
      'low/unchanged': ['.967', '.006', '.027', '0'],
      'low/worsened': ['.383', '.389', '.229', '0'],
      'medium/improved': ['.186', '.068', '.729', '.017'],
      'medium/unchanged': ['.306', '.046', '.648', '0'],
      'medium/worsened': ['.532', '.390', '.053', '.024'],
      'catastrophic/improved': ['.027', '.006', '.965', '.002'],
      'catastrophic/unchanged': ['.141', '.011', '.848', '0'],
      'catastrophic/worsened': ['.495', '.330', '.175', '0'],
    };
    for (const [k, w] of Object.entries(want)) {
      const [regime, cls] = k.split('/') as [string, string];
      const r = row(t3, { ...P, stress_regime: regime, effect_class: cls });
      S.forEach((s, i) => close(r[`mean_share_${s}`], w[i]!.startsWith('.') ? `0${w[i]}` : w[i]!));
    }
  });
  it('Tables 14 and 16 — strategy shares and default rates by regime and class (and Variant B shares)', () => {
    const rows: readonly (readonly [string, string, number, readonly string[], readonly string[], readonly string[]])[] = [
      ['low', 'improved', 1, ['65.3', '0.0', '34.7', '0'], ['0', '–', '0', '–'], ['65.3', '0', '34.7', '0']],
      ['low', 'unchanged', 158, ['96.7', '0.6', '2.7', '0'], ['0', '0', '0.008', '–'], ['95.8', '0.6', '3.1', '0.4']],
      ['low', 'worsened', 14, ['29.2', '18.5', '52.3', '0'], ['0.487', '1.000', '0.275', '–'], ['26.9', '16.9', '56.2', '0']],
      ['medium', 'improved', 17, ['34.1', '11.1', '51.6', '3.1'], ['0', '0.134', '0.014', '0'], ['23.4', '6.0', '64.8', '5.7']],
      ['medium', 'unchanged', 43, ['22.4', '4.2', '73.4', '0'], ['0.070', '0.069', '0.898', '–'], ['20.7', '3.8', '75.1', '0.5']],
      ['medium', 'worsened', 37, ['38.2', '25.4', '30.9', '5.5'], ['0.300', '0.861', '1.000', '1.000'], ['26.9', '30.4', '36.2', '6.5']],
      ['catastrophic', 'improved', 140, ['7.4', '1.8', '90.3', '0.6'], ['0.256', '0.356', '0.314', '0'], ['7.1', '1.4', '86.5', '5.0']],
      ['catastrophic', 'unchanged', 195, ['7.0', '1.2', '91.7', '0'], ['0.659', '0.862', '0.996', '–'], ['6.3', '1.2', '92.5', '0.1']],
      ['catastrophic', 'worsened', 20, ['27.3', '13.8', '58.8', '0'], ['0.676', '0.988', '1.000', '–'], ['22.7', '15.3', '62.0', '0']],
    ];
    for (const [regime, cls, runs, shares, drs, sharesB] of rows) {
      const r = row(table(pub.tables, 'table14_16_strategy_by_regime_class'), { ...P, stress_regime: regime, effect_class: cls });
      expect(r.runs).toBe(runs);
      S.forEach((s, i) => {
        close(r[`share_${s}`], shares[i]!, true);
        close(r[`dr_${s}`], drs[i]!);
      });
      const b = row(table(varB.tables, 'table14_16_strategy_by_regime_class'), { ...P, stress_regime: regime, effect_class: cls });
      S.forEach((s, i) => close(b[`share_${s}`], sharesB[i]!, true));
    }
  });
  it('emits the corrected-definition versions side by side, and they differ where the window matters', () => {
    for (const id of [
      'table05_strategy_mix',
      'table07_strategy_by_regime',
      'table11_usage_intensity',
      'table14_16_strategy_by_regime_class',
    ]) {
      const t = table(pub.tables, id);
      expect(new Set(t.rows.map((r) => r.definition))).toEqual(new Set(['published', 'corrected']));
    }
    const rt = (d: string) => row(table(pub.tables, 'table05_strategy_mix'), { definition: d, strategy: 'round_trip' }).runs_with_strategy;
    expect(rt('published')).toBe(3);
    expect(rt('corrected')).toBeGreaterThan(3);
  });
});
