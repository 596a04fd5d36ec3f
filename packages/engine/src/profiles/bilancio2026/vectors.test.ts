import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { D } from '../../decimal';
import type { DefaultedEvent, RingEvent, SettledEvent, SetupEvent, TradeEvent } from '../../events';
import type { RunResult } from '../../outcome';
import { pairMetrics } from '../../pair';
import { resolveBilancio2026Config } from './config';
import { runBilancio2026Pair } from './index';
import { ROLLOVER } from './ledger';
import { runArm } from './run';
import type { Subsystem } from './subsystem';

/*
 * The bilancio2026 profile against its reference data, digit for digit:
 *  - test/fixtures/bilancio2026-vectors.md, B2: a complete worked pair (initial ledger, day-0
 *    subsystem, every trade, the day-0 ledger sync, settlement and default highlights, results);
 *  - test/fixtures/bilancio2026-pairs-sample.csv: 28 reference pairs of the balanced grid at N = 5.
 */

const FIXTURES = new URL('../../../test/fixtures/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');

const B2 = resolveBilancio2026Config({ kappa: '1', concentration: '1', mu: '0.5', outsideMidRatio: '0.9', seed: 42, nAgents: 5 });

/** Ledger cash of every agent by id. */
function cashOf(sub: Subsystem): Record<string, string> {
  const out: Record<string, string> = {};
  sub.ledger.ids.forEach((id, a) => {
    if (a > 0) out[id] = sub.ledger.cash[a]!.toString();
  });
  return out;
}

interface ArmRecord {
  result: RunResult;
  events: RingEvent[];
  setupCash: Record<string, string>;
  afterTrading: Record<string, string>[];
  afterDay: Record<string, string>[];
  rollovers: { day: number; debtor: string; creditor: string; amount: string; due: number }[];
  setupSub: { traders: { id: string; own: string[]; owes: string[] }[] };
}

function record(regime: 'passive' | 'active'): ArmRecord {
  const events: RingEvent[] = [];
  const rec = { events, afterTrading: [], afterDay: [], rollovers: [] } as unknown as ArmRecord;
  let seen = 0;
  rec.result = runArm(
    { ...B2, regime },
    {
      observer: (e) => events.push(e),
      probe: {
        afterSetup(sub) {
          rec.setupCash = cashOf(sub);
          seen = sub.ledger.payables.length;
          rec.setupSub = {
            traders: sub.traders.map((tr) => ({
              id: tr.id,
              own: tr.own.map((t) => `${sub.ledger.ids[t.issuer]} ${t.face} d${t.due} ${['short', 'mid', 'long'][t.bucket]}`),
              owes: tr.obl.map((t) => `${sub.ledger.ids[t.payable.ac]} ${t.face} d${t.due}`),
            })),
          };
        },
        afterTrading(_t, sub) {
          rec.afterTrading.push(cashOf(sub));
        },
        afterDay(t, sub) {
          rec.afterDay.push(cashOf(sub));
          const ps = sub.ledger.payables;
          for (let i = seen; i < ps.length; i++) {
            const p = ps[i]!;
            if (p.origin === ROLLOVER)
              rec.rollovers.push({
                day: t,
                debtor: sub.ledger.ids[p.debtor]!,
                creditor: sub.ledger.ids[p.ac]!,
                amount: p.amount.toString(),
                due: p.due,
              });
          }
          seen = ps.length;
        },
      },
    },
  );
  return rec;
}

describe('bilancio2026 vectors B2: κ_ref = 1, c = 1, μ = 0.5, ρ = 0.9, seed 42, N = 5, T = 10, Q = 10000, S = 20', () => {
  let passive: ArmRecord;
  let active: ArmRecord;
  beforeAll(() => {
    passive = record('passive');
    active = record('active');
  });
  const ofKind = <K extends RingEvent['kind']>(r: ArmRecord, kind: K) =>
    r.events.filter((e) => e.kind === kind) as Extract<RingEvent, { kind: K }>[];

  it('initial ledger: cash of traders and desks', () => {
    const setup = ofKind(active, 'setup')[0] as SetupEvent;
    expect(setup.cash).toEqual({
      H1: '2750',
      H2: '2750',
      H3: '2750',
      H4: '2750',
      H5: '2750',
      vbt_short: '1091',
      dealer_short: '545',
      vbt_mid: '1078',
      dealer_mid: '538',
      vbt_long: '202',
      dealer_long: '100',
    });
    expect(ofKind(passive, 'setup')[0]!.cash).toEqual(setup.cash);
  });

  it('initial payables in creation order', () => {
    const setup = ofKind(active, 'setup')[0] as SetupEvent;
    expect(setup.payables.map((p) => `${p.id} ${p.debtor}→${p.creditor} ${p.amount} d${p.dueDay}`)).toEqual([
      'PAY_1 H1→H2 3454 d7',
      'PAY_2 H2→H3 85 d1',
      'PAY_3 H3→H4 1089 d5',
      'PAY_4 H4→H5 855 d9',
      'PAY_5 H5→H1 4515 d3',
      'PAY_6 H1→vbt_mid 863 d7',
      'PAY_7 H2→vbt_short 21 d1',
      'PAY_8 H3→vbt_mid 272 d5',
      'PAY_9 H4→vbt_long 213 d9',
      'PAY_10 H5→vbt_short 1128 d3',
      'PAY_11 H1→dealer_mid 431 d7',
      'PAY_12 H2→dealer_short 10 d1',
      'PAY_13 H3→dealer_mid 136 d5',
      'PAY_14 H4→dealer_long 106 d9',
      'PAY_15 H5→dealer_short 564 d3',
    ]);
  });

  it('traders at day 0: the ticket each holds and what it owes', () => {
    expect(active.setupSub.traders).toEqual([
      { id: 'H1', own: ['H5 4515 d3 short'], owes: ['H2 3454 d7', 'vbt_mid 863 d7', 'dealer_mid 431 d7'] },
      { id: 'H2', own: ['H1 3454 d7 mid'], owes: ['H3 85 d1', 'vbt_short 21 d1', 'dealer_short 10 d1'] },
      { id: 'H3', own: ['H2 85 d1 short'], owes: ['H4 1089 d5', 'vbt_mid 272 d5', 'dealer_mid 136 d5'] },
      { id: 'H4', own: ['H3 1089 d5 mid'], owes: ['H5 855 d9', 'vbt_long 213 d9', 'dealer_long 106 d9'] },
      { id: 'H5', own: ['H4 855 d9 long'], owes: ['H1 4515 d3', 'vbt_short 1128 d3', 'dealer_short 564 d3'] },
    ]);
  });

  it('the 13 trades of the run, every unit price and scaled price', () => {
    const trades = ofKind(active, 'trade') as TradeEvent[];
    const rows = trades.map(
      (t) =>
        `${t.day} ${t.bucket} ${t.side} ${t.traderId} ${t.issuerId}/${t.maturityDay} ${t.face} ${t.unitPrice} ${t.price} ${t.isPassthrough ? 'yes' : 'no'}`,
    );
    const want = [
      '0 short BUY H4 H2/1 10 0.8713247863247863247863247864 8.713247863247863247863247864 no',
      '0 short BUY H2 H5/3 564 0.8727230769230769230769230769 492.2158153846153846153846154 no',
      '0 short BUY H3 H2/1 21 0.8750 18.3750 yes',
      '0 short BUY H4 H5/3 1128 0.8750 987.0000 yes',
      '0 mid BUY H3 H3/5 136 0.8876495726495726495726495726 120.7203418803418803418803419 no',
      '0 mid BUY H2 H1/7 431 0.8904461538461538461538461538 383.7822923076923076923076923 no',
      '0 mid BUY H2 H3/5 272 0.8950 243.4400 yes',
      '0 mid BUY H3 H1/7 863 0.8950 772.3850 yes',
      '1 mid BUY H3 H4/9 106 0.8904461538461538461538461538 94.38729230769230769230769230 no',
      '1 mid BUY H4 H4/9 213 0.8950 190.6350 yes',
      '18 short BUY H3 H1/21 431 0.8717320261437908496732026144 375.7165032679738562091503268 no',
      '18 mid BUY H2 H2/22 10 0.8884640522875816993464052287 8.884640522875816993464052287 no',
      '18 mid BUY H3 H2/22 21 0.8950 18.7950 yes',
    ];
    // Compare by value: decimal.js drops the trailing zeros the reference's strings keep.
    const byValue = (row: string) => row.split(' ').map((c) => (/^\d+\.\d+$/.test(c) ? new D(c).toString() : c));
    const key = (row: string) => byValue(row).slice(0, 3).join(' ');
    // The vector lists the trades grouped by day and bucket; the engine emits them in execution order.
    const sortByKey = (xs: string[]) =>
      [...xs].sort((a, b) => Number(a.split(' ')[0]) - Number(b.split(' ')[0]) || key(a).localeCompare(key(b)));
    expect(sortByKey(rows).map(byValue)).toEqual(sortByKey(want).map(byValue));
    expect(active.result.trades).toEqual({ total: 13, sells: 0, buys: 13, interior: 7, passthrough: 6 });
  });

  it('dealer cash around the day-0 trades: pooled 394.33…, then by the unit prices', () => {
    const trades = (ofKind(active, 'trade') as TradeEvent[]).filter((t) => t.day === 0);
    const short = trades.filter((t) => t.bucket === 'short');
    expect(short[0]!.dealerBefore.cash).toBe('394.3333333333333333333333333');
    expect(short[0]!.dealerAfter.cash).toBe('395.2046581196581196581196581');
    expect(short[1]!.dealerAfter.cash).toBe('396.0773811965811965811965812');
    expect(short[2]!.dealerAfter.cash).toBe('396.0773811965811965811965812');
    expect(short[3]!.dealerAfter.cash).toBe('396.0773811965811965811965812');
    const mid = trades.filter((t) => t.bucket === 'mid');
    expect(mid[0]!.dealerBefore.cash).toBe('394.3333333333333333333333333');
    expect(mid[0]!.dealerAfter.cash).toBe('395.2209829059829059829059829');
    expect(mid[1]!.dealerAfter.cash).toBe('396.1114290598290598290598291');
  });

  it('day-0 sync to the ledger: the retirements and mints', () => {
    const before = active.setupCash;
    const after = active.afterTrading[0]!;
    const change: Record<string, number> = {};
    for (const id of Object.keys(before)) {
      const dlt = new D(after[id]!).minus(before[id]!).toNumber();
      if (dlt !== 0) change[id] = dlt;
    }
    expect(change).toEqual({
      H2: -1119,
      H3: -911,
      H4: -996,
      dealer_short: -149,
      dealer_mid: -142,
      vbt_short: -299,
      vbt_mid: -286,
      dealer_long: 294,
      vbt_long: 588,
    });
  });

  it('day 1: H2 settles 85, 21 and 10; rollovers to the original creditors due 10, desks lend the cash', () => {
    const settled = (ofKind(active, 'settled') as SettledEvent[]).filter((e) => e.day === 1);
    expect(settled.map((e) => `${e.debtor} ${e.amount} → ${e.receipts[0]!.holder}`)).toEqual(['H2 85 → H3', 'H2 21 → H3', 'H2 10 → H4']);
    expect(active.rollovers.filter((r) => r.day === 1)).toEqual([
      { day: 1, debtor: 'H2', creditor: 'H3', amount: '85', due: 10 },
      { day: 1, debtor: 'H2', creditor: 'vbt_short', amount: '21', due: 10 },
      { day: 1, debtor: 'H2', creditor: 'dealer_short', amount: '10', due: 10 },
    ]);
    const t1 = active.afterTrading[1]!;
    const d1 = active.afterDay[1]!;
    expect(new D(d1.vbt_short!).minus(t1.vbt_short!).toNumber()).toBe(-21);
    expect(new D(d1.dealer_short!).minus(t1.dealer_short!).toNumber()).toBe(-10);
  });

  it('day 3: H5 pays 2750 of 4515 to H1 and defaults; write-offs; its receivable is reassigned by weight, due 12', () => {
    const defaults = (ofKind(active, 'defaulted') as DefaultedEvent[]).filter((e) => e.day === 3);
    expect(defaults.map((e) => `${e.debtor} ${e.amount} paid ${e.paid} → ${e.recoveries[0]!.holder}`)).toEqual([
      'H5 4515 paid 2750 → H1',
      'H5 1128 paid 0 → H4',
      'H5 564 paid 0 → H2',
    ]);
    const reassigned = active.result.payables.filter((p) => p.dueDay === 12 && p.debtor === 'H4');
    expect(reassigned.map((p) => `${p.debtor}→${p.creditor} ${p.amount}`)).toEqual(['H4→H1 621', 'H4→H2 77']);
  });

  it('day 5: H3 settles 1089 and 272, defaults on its self-held 136; its receivables go to the defaulted H3 itself', () => {
    const settled = (ofKind(active, 'settled') as SettledEvent[]).filter((e) => e.day === 5);
    expect(settled.map((e) => `${e.debtor} ${e.amount} → ${e.receipts[0]!.holder}`)).toEqual(['H3 1089 → H4', 'H3 272 → H2']);
    const defaults = (ofKind(active, 'defaulted') as DefaultedEvent[]).filter((e) => e.day === 5);
    expect(defaults.map((e) => `${e.debtor} ${e.amount} paid ${e.paid} → ${e.recoveries[0]!.holder}`)).toEqual(['H3 136 paid 0 → H3']);
    const toH3 = active.result.payables.filter((p) => p.creditor === 'H3' && p.dueDay > 5);
    expect(toH3.map((p) => `${p.debtor}→H3 ${p.amount} d${p.dueDay}`)).toEqual(['H1→H3 863 d12', 'H4→H3 106 d14', 'H2→H3 85 d6']);
    const laterToH3 = (ofKind(active, 'settled') as SettledEvent[]).filter((e) => e.day > 5 && e.receipts[0]!.holder === 'H3');
    expect(laterToH3.map((e) => `${e.day} ${e.amount}`)).toEqual(['6 85', '12 863']);
  });

  it('day 7: H1 settles 3454 and 431; rollover H1 → H2 due 21; dealer_mid lends only the 392 it has', () => {
    const settled = (ofKind(active, 'settled') as SettledEvent[]).filter((e) => e.day === 7);
    expect(settled.map((e) => `${e.debtor} ${e.amount} → ${e.receipts[0]!.holder}`)).toEqual(
      expect.arrayContaining(['H1 3454 → H2', 'H1 431 → H2']),
    );
    expect(active.rollovers).toContainEqual({ day: 7, debtor: 'H1', creditor: 'H2', amount: '3454', due: 21 });
    expect(active.rollovers.some((r) => r.day === 7 && r.creditor === 'dealer_mid' && r.amount === '431')).toBe(true);
    expect(active.afterTrading[7]!.dealer_mid).toBe('392');
    expect(active.afterDay[7]!.dealer_mid).toBe('0');
  });

  it('day 9: H4 defaults on its self-held 213; pro-rata recovery of 2662 in floats: 2056, 255, 351 (above the claims)', () => {
    const defaults = (ofKind(active, 'defaulted') as DefaultedEvent[]).filter((e) => e.day === 9);
    expect(defaults.map((e) => `${e.debtor} ${e.amount} paid ${e.paid}`)).toEqual([
      'H4 213 paid 0',
      'H4 621 paid 2056',
      'H4 77 paid 255',
      'H4 106 paid 351',
    ]);
    expect(active.afterTrading[9]!.H4).toBe('2662');
    expect(active.afterDay[9]!.H4).toBe('0');
  });

  it('results: δ, defaulted agents, trades, trading effect, relief ratio, dealer P&L', () => {
    expect(passive.result.delta).toBe('0.5423090099349092154847550531');
    expect(passive.result.nDefaults).toBe(1);
    expect(active.result.delta).toBe(new D('0.6539305537627468697560345940').toString());
    expect(active.result.nDefaults).toBe(3);
    expect(active.result.defaultedDebtors).toEqual(['H5', 'H3', 'H4']);
    expect(active.result.trades.total).toBe(13);
    const m = pairMetrics(passive.result, active.result);
    expect(m.tradingEffect).toBe('-0.1116215438278376542712795409');
    expect(m.tradingReliefRatio).toBe('-0.2058264601601125159935975868');
    expect(active.result.dealerTotalPnl).toBe('-482.5');
    expect(Number(active.result.dealerTotalReturn)).toBe(-0.38037051635790303);
  });
});

/** Rows of a plain CSV file (no quoted fields) as records keyed by the header. */
function parseCsv(text: string): Record<string, string>[] {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0]!.split(',');
  return lines.slice(1).map((line) => Object.fromEntries(line.split(',').map((c, i) => [header[i]!, c])));
}

describe('bilancio2026 reference pairs sample (28 pairs of the balanced grid, N = 5)', () => {
  const rows = parseCsv(fixture('bilancio2026-pairs-sample.csv'));
  it('has 28 rows', () => {
    expect(rows).toHaveLength(28);
  });
  it.each(rows.map((r) => [`κ ${r.kappa} c ${r.concentration} μ ${r.mu} ρ ${r.outside_mid_ratio} seed ${r.seed}`, r] as const))(
    '%s',
    (_name, r) => {
      const cfg = resolveBilancio2026Config({
        kappa: r.kappa,
        concentration: r.concentration,
        mu: r.mu,
        outsideMidRatio: r.outside_mid_ratio,
        seed: Number(r.seed),
        nAgents: Number(r.n_agents),
      });
      const pair = runBilancio2026Pair(cfg);
      expect({
        deltaPassive: pair.passive.delta,
        deltaActive: pair.active.delta,
        trades: pair.active.trades.total,
        defaultsPassive: pair.passive.nDefaults,
        defaultsActive: pair.active.nDefaults,
      }).toEqual({
        deltaPassive: new D(r.delta_passive!).toString(),
        deltaActive: new D(r.delta_active!).toString(),
        trades: Number(r.total_trades),
        defaultsPassive: Number(r.n_defaults_passive),
        defaultsActive: Number(r.n_defaults_active),
      });
    },
  );
  it('the reference κ of the grid gives the same pair as ring κ = 1/κ_ref', () => {
    const r = rows[0]!;
    const base = { concentration: r.concentration, mu: r.mu, outsideMidRatio: r.outside_mid_ratio, seed: Number(r.seed), nAgents: 5 };
    const viaRing = runBilancio2026Pair(resolveBilancio2026Config({ ...base, kappa: r.kappa }));
    const viaRef = runBilancio2026Pair(resolveBilancio2026Config({ ...base, kappaReference: r.kappa_reference }));
    expect([viaRef.passive.delta, viaRef.active.delta, viaRef.active.trades.total]).toEqual([
      viaRing.passive.delta,
      viaRing.active.delta,
      viaRing.active.trades.total,
    ]);
    expect(viaRef.pairId).not.toBe(viaRing.pairId);
  });
});
