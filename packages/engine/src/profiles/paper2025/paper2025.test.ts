import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { D, roundHalfEven } from '../../decimal';
import { resolveConfig } from '../../config';
import type { Paper2025RunConfig, RunConfigInput } from '../../config';
import type { DayEndEvent, DefaultedEvent, RingEvent, SettledEvent, SetupEvent, TradeEvent } from '../../events';
import { runPair, simulate } from '../../pair';
import { toLedgerInt, toLedgerValue } from './run';

/*
 * The `paper2025` profile against its reference data:
 *  - test/fixtures/paper2025-pairs-sample.csv (69 published pairs, both variants of docs/model.md §9.2);
 *  - test/fixtures/kernel-and-examples.md §V7 (initial-state values, cash pieces, Run A and Run B);
 *  - test/fixtures/paper2025-run-examples/ (two Variant B active runs: δ, end reason, trade list).
 */

const VECTORS = new URL('../../../test/fixtures/', import.meta.url);
const readVector = (path: string): string => readFileSync(new URL(path, VECTORS), 'utf8');

/** Rows of a plain CSV file (no quoted fields) as records keyed by the header. */
function parseCsv(text: string): Record<string, string>[] {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0]!.split(',');
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    expect(cells.length, line).toBe(header.length);
    return Object.fromEntries(header.map((h, i) => [h, cells[i]!]));
  });
}

/** A reference Decimal string without its trailing fractional zeros (`0.970` → `0.97`, `1.0` → `1`). */
function stripZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** δ equals the reference value by value and, after normalising trailing zeros, digit for digit. */
function expectDelta(got: string | null, want: string, what: string): void {
  expect(got, what).not.toBeNull();
  expect(new D(got!).eq(want), `${what}: ${got} = ${want}`).toBe(true);
  expect(got, what).toBe(stripZeros(want));
}

function collect(input: RunConfigInput): { events: RingEvent[]; result: ReturnType<typeof simulate> } {
  const events: RingEvent[] = [];
  const result = simulate(input, { observer: (e) => events.push(e) });
  return { events, result };
}

const ofKind = <K extends RingEvent['kind']>(events: RingEvent[], kind: K) =>
  events.filter((e): e is Extract<RingEvent, { kind: K }> => e.kind === kind);

const paper = (o: Partial<RunConfigInput>): RunConfigInput =>
  ({ profile: 'paper2025', seed: 42, kappa: '1', concentration: '1', mu: '0', ...o }) as RunConfigInput;

describe('published pairs: paper2025-pairs-sample.csv', () => {
  const rows = parseCsv(readVector('paper2025-pairs-sample.csv'));

  it('holds 69 pairs', () => {
    expect(rows).toHaveLength(69);
  });

  describe.each(rows.map((r, i) => [i + 2, r] as const))('line %i', (_line, r) => {
    const input = paper({
      kappa: r.kappa,
      concentration: r.concentration,
      mu: r.mu,
      outsideMidRatio: r.outside_mid_ratio,
      seed: Number(r.seed),
    });
    const label = `κ=${r.kappa} c=${r.concentration} μ=${r.mu} ρ=${r.outside_mid_ratio} seed=${r.seed}`;

    it(`${label}: Variant B (emulateDisplayAbort false) — δ_passive, δ_active_nocrash, total_trades_nocrash`, () => {
      const pair = runPair({ ...input, emulateDisplayAbort: false });
      expectDelta(pair.passive.delta, r.delta_passive!, 'δ_passive');
      expectDelta(pair.active.delta, r.delta_active_nocrash!, 'δ_active');
      expect(pair.active.trades.total).toBe(Number(r.total_trades_nocrash));
      expect(pair.passive.trades.total).toBe(0);
    });

    it(`${label}: published (emulateDisplayAbort true) — δ_passive, δ_active_published, total_trades_published`, () => {
      const pair = runPair({ ...input, emulateDisplayAbort: true });
      expectDelta(pair.passive.delta, r.delta_passive!, 'δ_passive');
      expectDelta(pair.active.delta, r.delta_active_published!, 'δ_active');
      expect(pair.active.trades.total).toBe(Number(r.total_trades_published));
    });
  });
});

describe('initial state on the published grid (§V7, docs/model.md §3.4)', () => {
  const Q = new D(10000);
  const beta = new D('0.25');
  const traderCash: [string, string][] = [
    ['0.25', '10000'],
    ['0.5', '5000'],
    ['1', '2500'],
    ['2', '1250'],
    ['4', '625'],
  ];
  const bigCash: [string, string][] = [
    ['1.0', '833.3333333333334'],
    ['0.9', '750'],
    ['0.8', '666.6666666666666'],
    ['0.75', '625'],
    ['0.5', '416.6666666666667'],
  ];

  it.each(traderCash)('κ = %s: trader cash toLedgerInt((Q/κ)·(1+β)/N) = %s', (kappa, want) => {
    const got = toLedgerInt(Q.div(kappa).times(new D(1).plus(beta)).div(5));
    expect(got.toString()).toBe(want);
    const setup = ofKind(collect(paper({ kappa, regime: 'passive' })).events, 'setup')[0]!;
    for (let i = 1; i <= 5; i++) expect(setup.cash[`H${i}`]).toBe(want);
  });

  it.each(bigCash)('ρ = %s: big-entity cash toLedgerValue((Q·β/3)·ρ) = %s', (rho, want) => {
    const got = toLedgerValue(Q.times(beta).div(3).times(rho));
    expect(got.toString()).toBe(want);
    const setup = ofKind(collect(paper({ outsideMidRatio: rho, regime: 'active' })).events, 'setup')[0]!;
    for (const b of ['big_short', 'big_mid', 'big_long']) expect(setup.cash[b]).toBe(want);
  });

  it('toLedgerInt truncates toward zero after the float round trip; toLedgerValue keeps the shortest double digits', () => {
    expect(toLedgerInt(new D('2112.99')).toString()).toBe('2112');
    expect(toLedgerInt(new D('-7.9')).toString()).toBe('-7');
    expect(toLedgerInt(new D('4283')).toString()).toBe('4283');
    // 2112.99999999999999999 rounds to the double 2113 before truncation (docs/model.md §3.4).
    expect(toLedgerInt(new D('2112.99999999999999999')).toString()).toBe('2113');
    expect(toLedgerValue(new D('833.3333333333333333333333333')).toString()).toBe('833.3333333333334');
    expect(toLedgerValue(new D('750')).toString()).toBe('750');
  });

  it('big-entity payables: H1 → big_short, H2 → big_mid, H3 → big_long, H4 → big_short, H5 → big_mid, 500 each, due on the debtor’s ring due day', () => {
    const setup = ofKind(collect(paper({ mu: '0.5', regime: 'passive' })).events, 'setup')[0]!;
    const ring = setup.payables.slice(0, 5);
    const big = setup.payables.slice(5);
    expect(big.map((p) => [p.debtor, p.creditor, p.amount])).toEqual([
      ['H1', 'big_short', '500'],
      ['H2', 'big_mid', '500'],
      ['H3', 'big_long', '500'],
      ['H4', 'big_short', '500'],
      ['H5', 'big_mid', '500'],
    ]);
    // ring due days for μ = 0.5, T = 10 (§V6): 7, 1, 5, 9, 3
    expect(ring.map((p) => p.dueDay)).toEqual([7, 1, 5, 9, 3]);
    expect(big.map((p) => p.dueDay)).toEqual([7, 1, 5, 9, 3]);
    expect(ring.map((p) => [p.debtor, p.creditor])).toEqual([
      ['H1', 'H2'],
      ['H2', 'H3'],
      ['H3', 'H4'],
      ['H4', 'H5'],
      ['H5', 'H1'],
    ]);
  });

  it('ring amounts are toLedgerInt(q_i·(1+β)) of the §V6 amounts (seed 42, c = 0.2)', () => {
    const q = [
      '1182.751339776711616602100225',
      '17.41142204627366218535350693',
      '2397.276694949049490777456815',
      '6254.615912591788701688457050',
      '147.944630636176528746632403',
    ];
    const setup = ofKind(collect(paper({ concentration: '0.2', regime: 'passive' })).events, 'setup')[0]!;
    expect(setup.payables.slice(0, 5).map((p) => p.amount)).toEqual(q.map((x) => toLedgerInt(new D(x).times('1.25')).toString()));
  });
});

describe('δ by the day-weighted D procedure (docs/model.md §11), not the exactly rounded ratio', () => {
  it('κ = 0.5, c = 0.2, μ = 0, ρ = 1, seed 42, passive: S = 14997, N = 13997 (H4 → big_short 500 fails, H5 → big_mid 500 is never attempted)', () => {
    // Amounts from §V6 (seed 42, c = 0.2): ⌊q_i·1.25⌋ = 1478, 21, 2996, 7818, 184, plus 5 × 500; all due on day 1.
    const { events, result } = collect(paper({ kappa: '0.5', concentration: '0.2', mu: '0', regime: 'passive' }));
    const setup = ofKind(events, 'setup')[0]!;
    expect(setup.payables.map((p) => p.amount)).toEqual(['1478', '21', '2996', '7818', '184', '500', '500', '500', '500', '500']);
    expect(ofKind(events, 'defaulted').map((e) => [e.debtor, e.amount])).toEqual([['H4', '500']]);
    const S = new D(14997);
    const phi = new D(13997).div(S);
    const want = S.times(new D(1).minus(phi)).div(S);
    expect(want.toString()).toBe('0.0666800026672001066880042675');
    expect(result.delta).toBe(want.toString());
    expect(result.phi).toBe(S.times(phi).div(S).toString());
    expect(result.deltaExact).toEqual({ num: '1000', den: '14997' });
    // the exactly rounded ratio differs in the last digit
    expect(new D(1000).div(14997).eq(result.delta!)).toBe(false);
  });
});

describe('cash pieces (§V7, docs/model.md §8.2)', () => {
  it('mint rounding is half-even: 1835.10 → 1835, 1900.80 → 1901, 1453.50 → 1454, 2294.10 → 2294, 3155.40 → 3155, 4.5 → 4, 5.5 → 6, 0.4 → 0', () => {
    const cases: [string, string][] = [
      ['1835.10', '1835'],
      ['1900.80', '1901'],
      ['1453.50', '1454'],
      ['2294.10', '2294'],
      ['3155.40', '3155'],
      ['4.5', '4'],
      ['5.5', '6'],
      ['0.4', '0'],
    ];
    for (const [x, want] of cases) expect(roundHalfEven(new D(x)).toString(), x).toBe(want);
  });

  it('partial burn rounds the burnt amount half-even: 13.8 → 14, 833.3333333333334 → 819.3333333333334', () => {
    expect(new D('833.3333333333334').minus(roundHalfEven(new D('13.8'))).toString()).toBe('819.3333333333334');
  });

  it('partial burn in a run: big_short (one piece of 833.3333333333334) buys H2’s ticket of face ⌊17.41142204627366218535350693·1.25⌋ = 21 at A = 1.10 and keeps its piece less round(23.1)', () => {
    // κ = 1, c = 0.2, μ = 0, ρ = 1, seed 42: ring amounts from §V6 (seed 42, c = 0.2); every due day is 1.
    const { events } = collect(paper({ concentration: '0.2', regime: 'active' }));
    const buy = ofKind(events, 'trade').find((t) => t.day === 0 && t.side === 'BUY')!;
    expect([buy.traderId, buy.issuerId, buy.face, buy.bucket]).toEqual(['big_short', 'H2', '21', 'short']);
    expect(new D(buy.unitPrice).eq('1.10')).toBe(true);
    expect(buy.traderCashBefore).toBe('833.3333333333334');
    const price = new D(21).times('1.10');
    expect(new D(buy.price).eq(price)).toBe(true);
    const day0 = ofKind(events, 'day_end').find((e) => e.day === 0)!;
    expect(day0.traderCash.big_short).toBe(new D('833.3333333333334').minus(roundHalfEven(price)).toString());
  });

  // Zero-amount mints and zero-piece deletions are internal to the private Ledger of profiles/paper2025/run.ts and
  // not observable through the public API; whole-piece deletion is observed through the dangling-piece
  // flag (display abort) in Run B and the run examples below.
});

interface TradeRow {
  day: number;
  side: string;
  trader: string;
  issuer: string;
  maturity: number;
  face: string;
  unit: string;
  price: string;
  bucket: string;
  cashBefore: string;
  cashAfter: string;
}
const tradeOf = (e: TradeEvent): TradeRow => ({
  day: e.day,
  side: e.side,
  trader: e.traderId,
  issuer: e.issuerId,
  maturity: e.maturityDay,
  face: e.face,
  unit: e.unitPrice,
  price: e.price,
  bucket: e.bucket,
  cashBefore: e.traderCashBefore,
  cashAfter: e.traderCashAfter,
});
function expectTrades(got: TradeEvent[], want: Partial<TradeRow>[]): void {
  expect(got.length).toBe(want.length);
  got.forEach((e, i) => {
    const g = tradeOf(e);
    const w = want[i]!;
    for (const [k, v] of Object.entries(w)) {
      const gv = g[k as keyof TradeRow];
      if (k === 'unit' || k === 'price' || k === 'face' || k === 'cashBefore' || k === 'cashAfter') {
        expect(new D(gv as string).eq(v as string), `trade ${i + 1} ${k}: ${String(gv)} = ${String(v)}`).toBe(true);
      } else {
        expect(gv, `trade ${i + 1} ${k}`).toBe(v);
      }
    }
  });
}

const settledList = (events: RingEvent[]) =>
  ofKind(events, 'settled').map((s: SettledEvent) => [s.day, s.debtor, s.receipts.map((r) => r.holder).join('+'), s.amount]);

describe('Run A — κ = 1, c = 5, μ = 0, ρ = 1.0, seed 112 (§V7)', () => {
  const input = paper({ kappa: '1', concentration: '5', mu: '0', outsideMidRatio: '1.0', seed: 112 });

  it('setup: H cash 2500, big cash 833.3333333333334, ring 2112, 2549, 4544, 1254, 2039, big 500 each, every due day 1, created total 14998', () => {
    const setup = ofKind(collect({ ...input, regime: 'passive' }).events, 'setup')[0] as SetupEvent;
    for (let i = 1; i <= 5; i++) expect(setup.cash[`H${i}`]).toBe('2500');
    for (const b of ['big_short', 'big_mid', 'big_long']) expect(setup.cash[b]).toBe('833.3333333333334');
    expect(setup.payables.map((p) => p.amount)).toEqual(['2112', '2549', '4544', '1254', '2039', '500', '500', '500', '500', '500']);
    expect(setup.payables.every((p) => p.dueDay === 1)).toBe(true);
    expect(setup.payables.reduce((s, p) => s.plus(p.amount), new D(0)).toString()).toBe('14998');
  });

  it('passive: on day 1 all ten payables settle in creation order; δ_passive = 0', () => {
    const { events, result } = collect({ ...input, regime: 'passive' });
    const settled = ofKind(events, 'settled');
    expect(settled.map((s) => s.payableId)).toEqual(Array.from({ length: 10 }, (_, i) => `PAY_${i + 1}`));
    expect(settled.every((s) => s.day === 1)).toBe(true);
    expect(ofKind(events, 'defaulted')).toHaveLength(0);
    expect(new D(result.delta!).eq(0)).toBe(true);
  });

  for (const abort of [false, true]) {
    describe(`active, emulateDisplayAbort ${abort}`, () => {
      const run = () => collect({ ...input, regime: 'active', emulateDisplayAbort: abort });

      it('day 0: H3, H2, H5, H1 sell their ring receivables at B = 0.90; big_long buys H1’s 2112 at A = 1.10 with cash 833.3333333333334', () => {
        const trades = ofKind(run().events, 'trade');
        expectTrades(trades, [
          { day: 0, side: 'SELL', trader: 'H3', issuer: 'H2', face: '2549', unit: '0.90', price: '2294.10', bucket: 'short', maturity: 1 },
          { day: 0, side: 'SELL', trader: 'H2', issuer: 'H1', face: '2112', unit: '0.90', price: '1900.80', bucket: 'short', maturity: 1 },
          { day: 0, side: 'SELL', trader: 'H5', issuer: 'H4', face: '1254', unit: '0.90', price: '1128.60', bucket: 'short', maturity: 1 },
          { day: 0, side: 'SELL', trader: 'H1', issuer: 'H5', face: '2039', unit: '0.90', price: '1835.10', bucket: 'short', maturity: 1 },
          {
            day: 0,
            side: 'BUY',
            trader: 'big_long',
            issuer: 'H1',
            face: '2112',
            unit: '1.10',
            price: '2323.20',
            bucket: 'short',
            maturity: 1,
            cashBefore: '833.3333333333334',
          },
        ]);
      });

      it('day-0 ledger after the syncs (mints 1835, 1901, 2294, 1129; big_long’s piece deleted): H1 4335, H2 4401, H3 4794, H4 2500, H5 3629, big_short and big_mid 833.3333333333334, big_long 0', () => {
        const day0 = ofKind(run().events, 'day_end').find((e: DayEndEvent) => e.day === 0)!;
        expect(day0.traderCash).toEqual({
          H1: '4335',
          H2: '4401',
          H3: '4794',
          H4: '2500',
          H5: '3629',
          big_short: '833.3333333333334',
          big_mid: '833.3333333333334',
          big_long: '0',
        });
      });

      it('day 1: no trade; H1 → big_long, H2 → vbt_short, H3 → H4, H4 → vbt_short, H5 → vbt_short, H1 → big_short, H2 → big_mid settle; H3 → big_long 500 fails (cash 250)', () => {
        const { events } = run();
        expect(ofKind(events, 'trade').filter((t) => t.day === 1)).toHaveLength(0);
        expect(settledList(events)).toEqual([
          [1, 'H1', 'big_long', '2112'],
          [1, 'H2', 'vbt_short', '2549'],
          [1, 'H3', 'H4', '4544'],
          [1, 'H4', 'vbt_short', '1254'],
          [1, 'H5', 'vbt_short', '2039'],
          [1, 'H1', 'big_short', '500'],
          [1, 'H2', 'big_mid', '500'],
        ]);
        const d = ofKind(events, 'defaulted') as DefaultedEvent[];
        expect(d.map((e) => [e.day, e.debtor, e.amount])).toEqual([[1, 'H3', '500']]);
        const day1 = ofKind(events, 'day_end').find((e) => e.day === 1)!;
        expect(day1.traderCash.H3).toBe('250');
      });

      it('δ_active = 1500/14998 = 0.1000133351113481797573009735; 5 trades; end reason default', () => {
        const { result } = run();
        expectDelta(result.delta, '0.1000133351113481797573009735', 'δ_active');
        expect(BigInt(result.deltaExact!.num) * 14998n).toBe(1500n * BigInt(result.deltaExact!.den));
        expect(result.trades).toMatchObject({ total: 5, sells: 4, buys: 1 });
        expect(result.endReason).toBe('default');
        expect(result.finalDay).toBe(1);
      });
    });
  }
});

describe('Run B — κ = 1, c = 5, μ = 0, ρ = 0.8, seed 362 (§V7)', () => {
  const input = paper({ kappa: '1', concentration: '5', mu: '0', outsideMidRatio: '0.8', seed: 362 });

  it('setup: H cash 2500, big cash 666.6666666666666, ring 3506, 2734, 1615, 2833, 1809, all due on day 1', () => {
    const setup = ofKind(collect({ ...input, regime: 'active' }).events, 'setup')[0]!;
    for (let i = 1; i <= 5; i++) expect(setup.cash[`H${i}`]).toBe('2500');
    for (const b of ['big_short', 'big_mid', 'big_long']) expect(setup.cash[b]).toBe('666.6666666666666');
    expect(setup.payables.slice(0, 5).map((p) => p.amount)).toEqual(['3506', '2734', '1615', '2833', '1809']);
    expect(setup.payables.every((p) => p.dueDay === 1)).toBe(true);
  });

  it('passive: the first payable H1 → H2 3506 fails (cash 2500); δ_passive = 1', () => {
    const { events, result } = collect({ ...input, regime: 'passive' });
    expect(ofKind(events, 'settled')).toHaveLength(0);
    expect(ofKind(events, 'defaulted').map((e) => [e.day, e.payableId, e.debtor, e.amount])).toEqual([[1, 'PAY_1', 'H1', '3506']]);
    expectDelta(result.delta, '1', 'δ_passive');
    expect(result.endReason).toBe('default');
  });

  for (const abort of [false, true]) {
    describe(`active, emulateDisplayAbort ${abort}`, () => {
      const run = () => collect({ ...input, regime: 'active', emulateDisplayAbort: abort });

      it('day 0: H2, H1, H4 sell at 0.90; big_long buys H1’s 3506 at 1.10 (3856.60)', () => {
        expectTrades(ofKind(run().events, 'trade'), [
          { day: 0, side: 'SELL', trader: 'H2', issuer: 'H1', face: '3506', unit: '0.90', price: '3155.40' },
          { day: 0, side: 'SELL', trader: 'H1', issuer: 'H5', face: '1809', unit: '0.90', price: '1628.10' },
          { day: 0, side: 'SELL', trader: 'H4', issuer: 'H3', face: '1615', unit: '0.90', price: '1453.50' },
          {
            day: 0,
            side: 'BUY',
            trader: 'big_long',
            issuer: 'H1',
            face: '3506',
            unit: '1.10',
            price: '3856.60',
            cashBefore: '666.6666666666666',
          },
        ]);
      });

      it('day-0 ledger (mints 1628, 3155, 1454): H1 4128, H2 5655, H3 2500, H4 3954, H5 2500, big_long 0', () => {
        const day0 = ofKind(run().events, 'day_end').find((e) => e.day === 0)!;
        expect(day0.traderCash).toMatchObject({ H1: '4128', H2: '5655', H3: '2500', H4: '3954', H5: '2500', big_long: '0' });
      });

      it('day 1: no trade; all ten payables settle; end-of-day ledger H1 122, H2 2421, H3 3119, H4 621, H5 3024, big_short and big_mid 1666.6666666666666, big_long 4006, vbt_short 3424', () => {
        const { events } = run();
        expect(ofKind(events, 'trade').filter((t) => t.day === 1)).toHaveLength(0);
        expect(settledList(events).slice(0, 5)).toEqual([
          [1, 'H1', 'big_long', '3506'],
          [1, 'H2', 'H3', '2734'],
          [1, 'H3', 'vbt_short', '1615'],
          [1, 'H4', 'H5', '2833'],
          [1, 'H5', 'vbt_short', '1809'],
        ]);
        expect(
          settledList(events)
            .slice(5)
            .map((s) => s[0]),
        ).toEqual([1, 1, 1, 1, 1]);
        const day1 = ofKind(events, 'day_end').find((e) => e.day === 1)!;
        expect(day1.traderCash).toEqual({
          H1: '122',
          H2: '2421',
          H3: '3119',
          H4: '621',
          H5: '3024',
          big_short: '1666.6666666666666',
          big_mid: '1666.6666666666666',
          big_long: '4006',
        });
        // vbt_short is not a trader: its ledger cash is what the settlements paid it (it starts with none).
        const toVbt = ofKind(events, 'settled')
          .flatMap((s) => s.receipts)
          .filter((r) => r.holder === 'vbt_short');
        expect(toVbt.reduce((s, r) => s.plus(r.amount), new D(0)).toString()).toBe('3424');
      });

      it(`δ_active = 0, 4 trades; ${abort ? 'stops after day 1 (display_abort)' : 'stops after day 3 (stable, two quiet days)'}`, () => {
        const { result } = run();
        expectDelta(result.delta, '0', 'δ_active');
        expect(result.trades.total).toBe(4);
        expect(result.endReason).toBe(abort ? 'display_abort' : 'stable');
        expect(result.finalDay).toBe(abort ? 1 : 3);
      });
    });
  }
});

describe('run examples (paper2025-run-examples, Variant B)', () => {
  const examples: [string, RunConfigInput, { num: bigint; den: bigint; delta: string; trades: number; end: string; finalDay: number }][] = [
    [
      'example1_k2_c5_mu0.75_rho1.0',
      paper({ kappa: '2', concentration: '5', mu: '0.75', outsideMidRatio: '1.0', seed: 140 }),
      { num: 8027n, den: 14999n, delta: '0.5351690112674178278551903460', trades: 12, end: 'default', finalDay: 5 },
    ],
    [
      'example2_k0.5_c5_mu0.5_rho0.5',
      paper({ kappa: '0.5', concentration: '5', mu: '0.5', outsideMidRatio: '0.5', seed: 589 }),
      { num: 0n, den: 1n, delta: '0', trades: 8, end: 'stable', finalDay: 11 },
    ],
  ];

  describe.each(examples)('%s', (dir, input, want) => {
    const run = () => collect({ ...input, regime: 'active', emulateDisplayAbort: false });

    it(`δ_active = ${want.num}/${want.den}, ${want.trades} trades, end ${want.end} after day ${want.finalDay}`, () => {
      const { result } = run();
      expectDelta(result.delta, want.delta, 'δ_active');
      expect(BigInt(result.deltaExact!.num) * want.den).toBe(want.num * BigInt(result.deltaExact!.den));
      expect(result.trades.total).toBe(want.trades);
      expect(result.endReason).toBe(want.end);
      expect(result.finalDay).toBe(want.finalDay);
      // END_REASON.txt: "stable", or the fail-fast message
      const endText = readVector(`paper2025-run-examples/${dir}/END_REASON.txt`).trim();
      expect(want.end === 'stable' ? endText === 'stable' : endText.startsWith('default:')).toBe(true);
    });

    it('per-due-day totals equal the rows of metrics.csv (day, S_t, gross_settled_t) and give δ = Σ(S_t − settled_t)/ΣS_t', () => {
      const rows = parseCsv(readVector(`paper2025-run-examples/${dir}/metrics.csv`));
      const { result } = run();
      expect(result.dayTotals.map((d) => [d.day, d.S, d.settled])).toEqual(rows.map((r) => [Number(r.day), r.S_t, r.gross_settled_t]));
      const S = rows.reduce((s, r) => s + BigInt(r.S_t!), 0n);
      const settled = rows.reduce((s, r) => s + BigInt(r.gross_settled_t!), 0n);
      expect([result.deltaExact!.num, result.deltaExact!.den]).toEqual([String(S - settled), String(S)]);
    });

    it('the trade list of trades.csv, by content and in execution order (day, side, trader, issuer, maturity, face, unit price, price, bucket, trader cash before/after)', () => {
      const csv = parseCsv(readVector(`paper2025-run-examples/${dir}/trades.csv`));
      expect(csv).toHaveLength(want.trades);
      expectTrades(
        ofKind(run().events, 'trade'),
        csv.map((r) => ({
          day: Number(r.day),
          side: r.side!,
          trader: r.trader_id!,
          issuer: r.issuer_id!,
          maturity: Number(r.maturity_day),
          face: r.face_value!,
          unit: r.unit_price!,
          price: r.price!,
          bucket: r.bucket!,
          cashBefore: r.trader_cash_before!,
          cashAfter: r.trader_cash_after!,
        })),
      );
    });

    it('with emulateDisplayAbort the published run ended through the display abort', () => {
      const { result } = collect({ ...input, regime: 'active', emulateDisplayAbort: true });
      expect(result.endReason).toBe('display_abort');
    });
  });
});

describe('resolved configurations are accepted as well as raw inputs', () => {
  it('simulate(resolveConfig(x)) = simulate(x)', () => {
    const input = paper({ kappa: '1', concentration: '5', mu: '0', outsideMidRatio: '1.0', seed: 112, regime: 'active' });
    const cfg = resolveConfig(input) as Paper2025RunConfig;
    expect(simulate(cfg)).toEqual(simulate(input));
  });
});
