import { describe, expect, it } from 'vitest';
import { D } from '../../decimal';
import { resolveConfig } from '../../config';
import type { RunConfigInput, SpecRunConfig } from '../../config';
import type { RingEvent, TradeEvent, DefaultedEvent, AnchorUpdateEvent, RebucketEvent } from '../../events';
import { runSpec } from './run';
import { sellPassthroughReason } from './orderflow';
import type { FlowDraws } from './orderflow';
import { SpecState } from './state';
import { computeKernel, vbtQuotes } from '../../kernel';

/*
 * Worked examples of test/fixtures/kernel-and-examples.md (§V2, §V3, §V4, §V5, §V6 `spec` initial
 * state) run through the real engine with explicit scenarios.
 */

function cfgOf(input: Partial<RunConfigInput>): SpecRunConfig {
  return resolveConfig({ profile: 'spec', seed: 1, kappa: 1, concentration: 1, mu: 0, allowSmallRing: true, ...input }) as SpecRunConfig;
}

function run(input: Partial<RunConfigInput>, draws?: FlowDraws): { events: RingEvent[]; result: ReturnType<typeof runSpec> } {
  const events: RingEvent[] = [];
  const result = runSpec(cfgOf(input), (e) => events.push(e), draws);
  return { events, result };
}

const eq = (a: string | D, b: string) => expect(new D(a).eq(b), `${String(a)} = ${b}`).toBe(true);

const oneBucket = [{ name: 'b', tauMin: 1, tauMax: null, O0: '0.3' }];
const shortO30 = [
  { name: 'short', tauMin: 1, tauMax: 3, O0: '0.3' },
  { name: 'mid', tauMin: 4, tauMax: 8, O0: '0.3' },
  { name: 'long', tauMin: 9, tauMax: null, O0: '0.4' },
];

describe('§V6 spec initial state (seed 42, N = 5)', () => {
  const st = new SpecState(cfgOf({ nAgents: 5, kappa: 1, concentration: 1, mu: '0.5', seed: 42 }));
  it('creates the payables, serial ranges and due days of the vector', () => {
    const rows = st.cohorts.map((c) => [
      c.id,
      st.ids[c.debtor],
      st.ids[c.creditor],
      c.amountInt,
      c.dueDay,
      c.firstSerial,
      c.firstSerial + c.nTickets - 1,
    ]);
    expect(rows).toEqual([
      ['PAY_1', 'H1', 'H2', 778, 7, 0, 777],
      ['PAY_2', 'H2', 'H3', 2960, 1, 778, 3737],
      ['PAY_3', 'H3', 'H4', 3394, 5, 3738, 7131],
      ['PAY_4', 'H4', 'H5', 2838, 9, 7132, 9969],
      ['PAY_5', 'H5', 'H1', 30, 3, 9970, 9999],
    ]);
  });
  it('books the desk allocation at M0 = 1', () => {
    const cash = Object.fromEntries(st.ids.map((id, a) => [id, st.cash[a]!.toString()]));
    expect(cash).toEqual({
      H1: '2022',
      H2: '2584',
      H3: '4220',
      H4: '4545',
      H5: '4128',
      dealer_short: '747',
      vbt_short: '1495',
      dealer_mid: '1043',
      vbt_mid: '2086',
      dealer_long: '709',
      vbt_long: '1419',
    });
    const held = (agent: string, pay: number) => st.holdings[st.ids.indexOf(agent)]!.get(pay - 1)!;
    expect(held('dealer_short', 5)).toEqual(Array.from({ length: 7 }, (_, i) => 9970 + i));
    expect(held('dealer_short', 2)).toEqual(Array.from({ length: 740 }, (_, i) => 778 + i));
    expect(held('vbt_short', 5).length).toBe(15);
    expect(held('vbt_short', 2).length).toBe(1480);
    expect(held('dealer_mid', 1)).toEqual(Array.from({ length: 195 }, (_, i) => i));
    expect(held('dealer_mid', 3)[0]).toBe(3738);
    expect(held('dealer_mid', 3).length).toBe(848);
    expect(held('vbt_mid', 1).length).toBe(389);
    expect(held('vbt_mid', 3).length).toBe(1697);
    expect(held('dealer_long', 4)).toEqual(Array.from({ length: 709 }, (_, i) => 7132 + i));
    expect(held('vbt_long', 4).length).toBe(1419);
  });
  it('computes the day-0 dealer kernels', () => {
    const k = st.buckets.map((b) => b.kernel);
    expect(k.map((x) => [x.a, x.kStar])).toEqual([
      [747, 1494],
      [1043, 2086],
      [709, 1418],
    ]);
    eq(k[0]!.lambda, '0.0006688963210702341137123745819');
    eq(k[0]!.I, '0.0001337792642140468227424749164');
    eq(k[0]!.bid, '0.9999331103678929765886287625');
    eq(k[0]!.ask, '1.000066889632107023411371237');
    eq(k[1]!.lambda, '0.0004791566842357450886439865836');
    eq(k[1]!.bid, '0.9999281264973646382367034020');
    eq(k[1]!.ask, '1.000071873502635361763296598');
    eq(k[2]!.I, '0.0002818886539816772374911909796');
    eq(k[2]!.bid, '0.9998590556730091613812544045');
    eq(k[2]!.ask, '1.000140944326990838618745595');
  });
});

describe('desk booking at M0 for S > 1 (docs/model.md §3.3 step 6, RES-18, RES-03 revised)', () => {
  // The §V6 ring with tickets of 5 and ρ = 0.9: each desk pays S·M0 = 4.5 per ticket out of an
  // outside funding of 2·S·M0 per ticket, so it keeps C0 = S·M0·a0, the mid value of its shelf,
  // and the opening dealer is balanced (V = 2·M0·x0, X* = 2·x0, p = M).
  const st = new SpecState(cfgOf({ nAgents: 5, kappa: 1, concentration: 1, mu: '0.5', seed: 42, ticketSize: 5, outsideMidRatio: '0.9' }));
  const count = (agent: number) => [...st.holdings[agent]!.values()].reduce((s, l) => s + l.length, 0);
  it.each([0, 1, 2])('bucket %i: dealer cash = 4.5·a0, VBT cash = 4.5·v0; K* = 2·a0, x = X*/2, p = M = 0.9', (b) => {
    const bk = st.buckets[b]!;
    const a0 = count(bk.dealer);
    const v0 = count(bk.vbt);
    expect(a0).toBeGreaterThan(0);
    eq(st.cash[bk.dealer]!, new D('4.5').times(a0).toString());
    eq(st.cash[bk.vbt]!, new D('4.5').times(v0).toString());
    expect(bk.kernel.kStar).toBe(2 * a0);
    expect(bk.kernel.xStar).toBe(2 * bk.kernel.x);
    eq(bk.kernel.midline, '0.9');
  });
});

describe('§V1 T3, Example 6: bid-side pass-through (docs/model.md §5.3)', () => {
  const kernelAt = (a: number, C: string, S: number) => {
    const M = new D(1);
    const O = new D('0.30');
    const { A, B } = vbtQuotes(M, O, true);
    return computeKernel({ a, C: new D(C), M, O, A, B, S, mMin: new D('0.02'), clampK: true });
  };
  it('6A (S = 1, a = 2, C = 0.10): x + S = 3 > X* = 2 → pass-through, reason capacity (cash is short too)', () => {
    expect(sellPassthroughReason(kernelAt(2, '0.10', 1), 1, new D('0.10'))).toBe('capacity');
  });
  it('6B (S = 5, a = 0, C = 3.40): K* = ⌊3.40/5⌋ = 0, so x + S = 5 > X* = 0 → reason capacity (the literal reading gave K* = 3 and reason cash)', () => {
    const k = kernelAt(0, '3.40', 5);
    expect(k.kStar).toBe(0);
    expect(sellPassthroughReason(k, 5, new D('3.40'))).toBe('capacity');
  });
  it('cash is checked against S·bid once capacity allows: a = 0, C = 4.24 and 4.25 with S = 5 at bid 0.85', () => {
    // a = 0 and C = 5.1: V/(M·S) = 1.02 → K* = 1, X* = 5 ≥ x + S; the S·bid leg decides.
    const k = kernelAt(0, '5.1', 5);
    expect(k.xStar).toBe(5);
    const cost = new D(5).times(k.bid);
    expect(sellPassthroughReason(k, 5, cost)).toBe(null);
    expect(sellPassthroughReason(k, 5, cost.minus('0.01'))).toBe('cash');
  });
  it('6B in a run (S = 5, empty dealer): the SELL passes through at B = 0.85; seller +S·B = 4.25, VBT −4.25; dealer unchanged', () => {
    const off = { sellEnabled: false, buyEnabled: false };
    const draws: FlowDraws = { flow: () => 0, pick: () => 0.5, issuer: () => 0 };
    const { events } = run(
      {
        regime: 'active',
        ticketSize: 5,
        buckets: oneBucket,
        dealerShare: '0',
        vbtShare: '0',
        nMax: 1,
        maxDays: 1,
        policies: { A: { sellHorizonDays: 1, buyEnabled: false }, I1: off, X: off },
        scenario: {
          traders: [
            { id: 'I1', cash: '0' },
            { id: 'A', cash: '0' },
            { id: 'X', cash: '0' },
          ],
          payables: [
            { debtor: 'I1', creditor: 'A', amount: '5', dueDay: 5 },
            { debtor: 'A', creditor: 'X', amount: '5', dueDay: 1 },
          ],
        },
      },
      draws,
    );
    const trades = events.filter((e): e is TradeEvent => e.kind === 'trade');
    expect(trades.map((t) => [t.side, t.traderId, t.unitPrice, t.price, t.isPassthrough, t.passthroughReason, t.counterparty])).toEqual([
      ['SELL', 'A', '0.85', '4.25', true, 'capacity', 'vbt_b'],
    ]);
    const t = trades[0]!;
    expect([t.dealerBefore.kStar, t.dealerAfter.inventory, t.dealerAfter.cash]).toEqual([0, 0, '0']);
    expect(t.traderCashAfter).toBe('4.25');
    const snap = events.find((e) => e.kind === 'snapshot');
    expect(snap?.kind === 'snapshot' && snap.buckets[0]!.vbtCash).toBe('-4.25');
  });
});

describe('§V2 recovery splits and anchor updates', () => {
  const recovery = (shares: { dealer: string; vbt: string }, tickets: number, issuerCash: string) =>
    run({
      regime: 'passive',
      buckets: shortO30,
      dealerShare: shares.dealer,
      vbtShare: shares.vbt,
      scenario: {
        traders: [
          { id: 'I', cash: issuerCash },
          { id: 'K', cash: '0' },
        ],
        payables: [{ debtor: 'I', creditor: 'K', amount: String(tickets), dueDay: 1 }],
      },
    });

  it('R1 (Example 10): R = 0.375, dealer 1.125, VBT 0.75, K the remainder 1.125; ℓ = 0.625', () => {
    const { events } = recovery({ dealer: '0.375', vbt: '0.25' }, 8, '3');
    const d = events.find((e): e is DefaultedEvent => e.kind === 'defaulted')!;
    eq(d.recoveryRate, '0.375');
    expect(d.recoveries.map((r) => [r.holder, r.tickets])).toEqual([
      ['dealer_short', 3],
      ['vbt_short', 2],
      ['K', 3],
    ]);
    expect(d.recoveries.map((r) => r.amount)).toEqual(['1.125', '0.75', '1.125']);
    const a = events.find((e): e is AnchorUpdateEvent => e.kind === 'anchor_update')!;
    eq(a.loss, '0.625');
    eq(a.M, '0.375');
    eq(a.O, '0.675');
  });

  it('R2 (Example 12): R = 0.6, payments 1.2, 1.2, 0.6; ℓ = 0.4; anchors 0.6 / 0.54', () => {
    const { events } = recovery({ dealer: '0.4', vbt: '0.4' }, 5, '3');
    const d = events.find((e): e is DefaultedEvent => e.kind === 'defaulted')!;
    expect(d.recoveries.map((r) => [r.holder, r.tickets, r.amount])).toEqual([
      ['dealer_short', 2, '1.2'],
      ['vbt_short', 2, '1.2'],
      ['K', 1, '0.6'],
    ]);
    const a = events.find((e): e is AnchorUpdateEvent => e.kind === 'anchor_update')!;
    eq(a.loss, '0.4');
    eq(a.M, '0.6');
    eq(a.O, '0.54');
  });

  it('R3: the last holder receives the remainder, Σ paid = issuer cash exactly', () => {
    const { events } = recovery({ dealer: '0.34', vbt: '0.34' }, 3, '1');
    const d = events.find((e): e is DefaultedEvent => e.kind === 'defaulted')!;
    eq(d.recoveryRate, '0.3333333333333333333333333333');
    expect(d.recoveries.map((r) => r.amount)).toEqual([
      '0.3333333333333333333333333333',
      '0.3333333333333333333333333333',
      '0.3333333333333333333333333334',
    ]);
    const a = events.find((e): e is AnchorUpdateEvent => e.kind === 'anchor_update')!;
    eq(a.loss, '0.6666666666666666666666666667');
  });

  it('R4: a single holder receives C; anchors move to 1/3 and 0.7 and B clips at 0', () => {
    for (const clip of [true, false]) {
      const events: RingEvent[] = [];
      const cfg = cfgOf({
        regime: 'passive',
        buckets: shortO30,
        dealerShare: '1',
        vbtShare: '0',
        clipNonnegB: clip,
        scenario: {
          traders: [
            { id: 'I', cash: '1.00' },
            { id: 'K', cash: '0' },
          ],
          payables: [{ debtor: 'I', creditor: 'K', amount: '3', dueDay: 1 }],
        },
      });
      runSpec(cfg, (e) => events.push(e));
      const d = events.find((e): e is DefaultedEvent => e.kind === 'defaulted')!;
      expect(d.recoveries.map((r) => [r.holder, r.amount])).toEqual([['dealer_short', '1']]);
      const a = events.find((e): e is AnchorUpdateEvent => e.kind === 'anchor_update')!;
      eq(a.loss, '0.6666666666666666666666666667');
      eq(a.M, '0.3333333333333333333333333333');
      eq(a.O, '0.7000000000000000000000000000');
    }
  });
});

describe('§V3 rebucketing', () => {
  it('E1: a dealer-held ticket crossing long → mid is sold at the receiving mid; equity unchanged', () => {
    const { events } = run({
      regime: 'passive',
      dealerShare: '0.5',
      vbtShare: '0',
      maxDays: 2,
      scenario: {
        traders: [
          { id: 'Y', cash: '0' },
          { id: 'X', cash: '0' },
        ],
        payables: [{ debtor: 'Y', creditor: 'X', amount: '2', dueDay: 9 }],
      },
    });
    const setup = events.find((e) => e.kind === 'setup')!;
    expect(setup.kind === 'setup' && setup.cash).toMatchObject({ dealer_long: '1', dealer_mid: '0' });
    const moves = events.filter((e): e is RebucketEvent => e.kind === 'rebucket' && e.day === 1);
    expect(moves.map((m) => [m.owner, m.newOwner, m.price])).toEqual([
      ['dealer_long', 'dealer_mid', '1'],
      ['X', 'X', null],
    ]);
    const snap = events.find((e) => e.kind === 'snapshot' && e.day === 1)!;
    if (snap.kind !== 'snapshot') throw new Error('no snapshot');
    const byName = Object.fromEntries(snap.buckets.map((b) => [b.bucket, b]));
    expect(byName.long!.dealer.cash).toBe('2');
    expect(byName.long!.dealer.inventory).toBe(0);
    expect(byName.mid!.dealer.cash).toBe('-1');
    expect(byName.mid!.dealer.inventory).toBe(1);
  });
});

describe('§V4 Example 14 with scripted draws', () => {
  it('SELL, fallback BUY that cannot pay (no redraw, arrival counted), BUY', () => {
    const z = [0, 0, 0.9];
    const keys: Record<string, number> = { '2:B2': 0.1, '2:B1': 0.2, '3:B1': 0.1, '3:B2': 0.2 };
    const draws: FlowDraws = {
      flow: (_t, n) => z[n - 1]!,
      pick: (_t, n, _side, id) => keys[`${n}:${id}`] ?? 0.5,
      issuer: () => 0,
    };
    const off = { sellEnabled: false, buyEnabled: false };
    const { events } = run(
      {
        regime: 'active',
        buckets: oneBucket,
        dealerShare: '0.25',
        vbtShare: '0',
        cashBuffer: '0.5',
        maxDays: 1,
        policies: { S1: { sellHorizonDays: 1, buyEnabled: false }, I1: off, I2: off, X: off },
        scenario: {
          traders: [
            { id: 'I1', cash: '0' },
            { id: 'I2', cash: '0' },
            { id: 'X', cash: '0' },
            { id: 'S1', cash: '0.50' },
            { id: 'B1', cash: '2.00' },
            { id: 'B2', cash: '0.90' },
          ],
          payables: [
            { debtor: 'I1', creditor: 'X', amount: '8', dueDay: 5 },
            { debtor: 'I2', creditor: 'S1', amount: '1', dueDay: 5 },
            { debtor: 'S1', creditor: 'X', amount: '1', dueDay: 1 },
          ],
        },
      },
      draws,
    );
    const trades = events.filter((e): e is TradeEvent => e.kind === 'trade');
    expect(trades.map((t) => [t.arrivalIndex, t.side, t.traderId, t.unitPrice, t.isPassthrough])).toEqual([
      [1, 'SELL', 'S1', '0.97', false],
      [3, 'BUY', 'B1', '0.98', false],
    ]);
    const [s, b] = trades as [TradeEvent, TradeEvent];
    expect([s.dealerBefore.inventory, s.dealerBefore.cash, s.dealerBefore.bid, s.dealerBefore.ask]).toEqual([2, '2', '0.97', '1.03']);
    expect([s.dealerAfter.inventory, s.dealerAfter.cash, s.dealerAfter.bid, s.dealerAfter.ask]).toEqual([3, '1.03', '0.92', '0.98']);
    expect(s.traderCashAfter).toBe('1.47');
    expect(s.isLiquidityDriven).toBe(true);
    expect([b.dealerAfter.inventory, b.dealerAfter.cash, b.dealerAfter.bid, b.dealerAfter.ask]).toEqual([2, '2.01', '0.97', '1.03']);
    expect(b.traderCashAfter).toBe('1.02');
  });
});

describe('§V5 settlement', () => {
  const ring = (cash: [string, string, string], amounts: [string, string, string], clearing: 'gross' | 'gross+multilateral') =>
    run({
      regime: 'passive',
      dealerShare: '0',
      vbtShare: '0',
      clearing,
      scenario: {
        traders: [
          { id: 'H1', cash: cash[0] },
          { id: 'H2', cash: cash[1] },
          { id: 'H3', cash: cash[2] },
        ],
        payables: [
          { debtor: 'H1', creditor: 'H2', amount: amounts[0], dueDay: 1 },
          { debtor: 'H2', creditor: 'H3', amount: amounts[1], dueDay: 1 },
          { debtor: 'H3', creditor: 'H1', amount: amounts[2], dueDay: 1 },
        ],
      },
    });
  const finalCash = (events: RingEvent[]) => {
    const last = events.filter((e) => e.kind === 'day_end').pop();
    return last?.kind === 'day_end' ? last.traderCash : {};
  };

  it('fixed point: receipts fund later payments in later passes; everything settles', () => {
    const { events, result } = ring(['0', '0', '2'], ['2', '2', '2'], 'gross');
    expect(result.delta).toBe('0');
    expect(events.filter((e) => e.kind === 'settled').map((e) => e.kind === 'settled' && e.debtor)).toEqual(['H3', 'H1', 'H2']);
    expect(finalCash(events)).toEqual({ H1: '0', H2: '0', H3: '2' });
  });

  it('netting clears the 5/3/4 ring with cash (1, 0, 1) → (0, 2, 0)', () => {
    const { events, result } = ring(['1', '0', '1'], ['5', '3', '4'], 'gross+multilateral');
    expect(result.delta).toBe('0');
    expect(finalCash(events)).toEqual({ H1: '0', H2: '2', H3: '0' });
  });

  it('gross on the same ring: simultaneous recovery, every cohort defaults; cash (1, 1, 0)', () => {
    const { events, result } = ring(['1', '0', '1'], ['5', '3', '4'], 'gross');
    expect(result.delta).toBe('1');
    const d = events.filter((e): e is DefaultedEvent => e.kind === 'defaulted');
    expect(d.map((x) => [x.debtor, x.recoveryRate, x.paid])).toEqual([
      ['H1', '0.2', '1'],
      ['H2', '0', '0'],
      ['H3', '0.25', '1'],
    ]);
    expect(finalCash(events)).toEqual({ H1: '1', H2: '1', H3: '0' });
    expect(result.nDefaults).toBe(3);
  });

  it('R-01: an equal-amount ring with zero cash defaults under gross and settles under multilateral', () => {
    for (const n of [2, 3, 7]) {
      const traders = Array.from({ length: n }, (_, i) => ({ id: `H${i + 1}`, cash: '0' }));
      const payables = traders.map((t, i) => ({ debtor: t.id, creditor: traders[(i + 1) % n]!.id, amount: '10', dueDay: 1 }));
      const gross = run({ regime: 'passive', dealerShare: '0', vbtShare: '0', scenario: { traders, payables } });
      const net = run({
        regime: 'passive',
        dealerShare: '0',
        vbtShare: '0',
        clearing: 'gross+multilateral',
        scenario: { traders, payables },
      });
      expect(gross.result.delta).toBe('1');
      expect(gross.events.filter((e) => e.kind === 'defaulted').every((e) => e.kind === 'defaulted' && e.recoveryRate === '0')).toBe(true);
      expect(net.result.delta).toBe('0');
    }
  });

  it('R-03: issuer cash 30, cohort of 100 held 50/30/20 → R = 0.3, payments 15, 9, 6', () => {
    const { events } = run({
      regime: 'passive',
      dealerShare: '0.3',
      vbtShare: '0.2',
      buckets: shortO30,
      scenario: {
        traders: [
          { id: 'I', cash: '30' },
          { id: 'K', cash: '0' },
        ],
        payables: [{ debtor: 'I', creditor: 'K', amount: '100', dueDay: 1 }],
      },
    });
    const d = events.find((e): e is DefaultedEvent => e.kind === 'defaulted')!;
    eq(d.recoveryRate, '0.3');
    expect(d.recoveries.map((r) => [r.holder, r.tickets, r.amount])).toEqual([
      ['dealer_short', 30, '9'],
      ['vbt_short', 20, '6'],
      ['K', 50, '15'],
    ]);
  });
});
