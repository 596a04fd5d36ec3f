import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { D } from '../../decimal';
import type { RingEvent, RingEventKind } from '../../events';
import { RING_EVENT_KINDS } from '../../events';
import type { RunResult } from '../../outcome';
import type { Bilancio2026RunConfig } from './config';
import { resolveBilancio2026Config } from './config';
import { kernel26, vbtQuotes26 } from './kernel';
import { effectiveCreditor } from './ledger';
import { runArm, runBilancio2026 } from './run';
import type { Subsystem } from './subsystem';

/*
 * Properties of the bilancio2026 profile over random valid configurations
 * (docs/model-bilancio2026.md): determinism, equivalence of the cached and the literal
 * computation, conservation of cash apart from the documented money creation of the ledger sync,
 * conservation of claims, and the kernel's par cap.
 */

const decimal = (scale: number, min: number, max: number) => fc.integer({ min, max }).map((n) => new D(n).div(scale).toString());

const config: fc.Arbitrary<Bilancio2026RunConfig> = fc
  .record({
    seed: fc.integer({ min: 0, max: 2 ** 31 }),
    nAgents: fc.integer({ min: 3, max: 10 }),
    maturityDays: fc.integer({ min: 1, max: 12 }),
    qTotal: fc.constantFrom('10000', '5000', '777.5', '20000'),
    ticketSize: fc.constantFrom('20', '1', '12.5', '50'),
    kappa: decimal(100, 20, 500), // 0.2 … 5
    concentration: decimal(100, 20, 500),
    mu: decimal(100, 0, 100),
    outsideMidRatio: decimal(100, 30, 100),
    vbtShare: decimal(100, 0, 60),
    dealerShare: decimal(100, 0, 40),
    planningHorizon: fc.integer({ min: 1, max: 20 }),
    buyReserveFraction: decimal(100, 0, 100),
    aggressiveness: decimal(100, 0, 100),
    riskAversion: decimal(100, 0, 100),
    regime: fc.constantFrom('passive' as const, 'active' as const),
    h1Horizon: fc.option(fc.integer({ min: 1, max: 20 })),
  })
  .map(({ planningHorizon, buyReserveFraction, aggressiveness, riskAversion, h1Horizon, ...r }) =>
    resolveBilancio2026Config({
      ...r,
      traderProfile: { planningHorizon, buyReserveFraction, aggressiveness, riskAversion },
      policies: h1Horizon === null ? {} : { H1: { planningHorizon: h1Horizon } },
    }),
  );
const activeConfig = config.map((c) => ({ ...c, regime: 'active' as const }));

function collect(cfg: Bilancio2026RunConfig, literal = false): { events: RingEvent[]; result: RunResult } {
  const events: RingEvent[] = [];
  const result = runArm(cfg, { observer: (e) => events.push(e), literal });
  return { events, result };
}

const RUNS = { numRuns: 25 };

describe('determinism', () => {
  it('the same configuration gives identical events and result', () => {
    fc.assert(
      fc.property(config, (cfg) => {
        const a = collect(cfg);
        const b = collect(structuredClone(cfg));
        expect(JSON.stringify(b.events)).toBe(JSON.stringify(a.events));
        expect(b.result).toEqual(a.result);
      }),
      RUNS,
    );
  });

  it('the replayed buy attempts and cached kernel states change nothing: the literal computation gives the same events', () => {
    fc.assert(
      fc.property(activeConfig, (cfg) => {
        const cached = collect(cfg);
        const literal = collect(cfg, true);
        expect(JSON.stringify(cached.events)).toBe(JSON.stringify(literal.events));
        expect(cached.result).toEqual(literal.result);
      }),
      { numRuns: 12 },
    );
  });

  it('observing fewer event kinds changes neither the result nor the events of the kinds observed', () => {
    fc.assert(
      fc.property(activeConfig, fc.subarray([...RING_EVENT_KINDS]), (cfg, kinds) => {
        const all = collect(cfg);
        const wanted = new Set<RingEventKind>(kinds);
        const seen: RingEvent[] = [];
        const result = runBilancio2026(cfg, (e) => seen.push(e), wanted);
        expect(result).toEqual(all.result);
        expect(JSON.stringify(seen.filter((e) => wanted.has(e.kind)))).toBe(JSON.stringify(all.events.filter((e) => wanted.has(e.kind))));
        expect(runBilancio2026(cfg)).toEqual(all.result);
      }),
      { numRuns: 20 },
    );
  });
});

describe('conservation of cash', () => {
  it('settlement, recovery and rollover move cash without creating it; only the trading sync mints and retires', () => {
    fc.assert(
      fc.property(config, (cfg) => {
        let total = new D(0);
        let minted = new D(0);
        let retired = new D(0);
        let trading = true;
        const check = (sub: Subsystem, phase: string) => {
          const got = sub.ledger.totalCash();
          // Total = setup money + Σ mints − Σ retirements, and the counters only move in the sync.
          expect(got.toString(), phase).toBe(total.plus(sub.ledger.minted).minus(sub.ledger.retired).toString());
          if (!trading)
            expect([sub.ledger.minted.toString(), sub.ledger.retired.toString()], phase).toEqual([minted.toString(), retired.toString()]);
          minted = sub.ledger.minted;
          retired = sub.ledger.retired;
          for (const c of sub.ledger.cash) expect(c.gte(0) && c.isInteger(), phase).toBe(true);
        };
        runArm(cfg, {
          probe: {
            afterSetup(sub) {
              total = sub.ledger.totalCash();
            },
            afterTrading(t, sub) {
              trading = true;
              check(sub, `day ${t} trading`);
              trading = false;
            },
            afterDay(t, sub) {
              check(sub, `day ${t} settlement`);
            },
          },
        });
        if (cfg.regime === 'passive') expect([minted.toString(), retired.toString()]).toEqual(['0', '0']);
      }),
      RUNS,
    );
  });

  it('trades: trader cash moves by the unit price × face', () => {
    fc.assert(
      fc.property(activeConfig, (cfg) => {
        const { events } = collect(cfg);
        for (const e of events) {
          if (e.kind !== 'trade') continue;
          const sign = e.side === 'BUY' ? -1 : 1;
          expect(new D(e.traderCashAfter).eq(new D(e.traderCashBefore).plus(new D(e.price).times(sign)))).toBe(true);
          expect(new D(e.price).eq(new D(e.unitPrice).times(e.face))).toBe(true);
        }
      }),
      RUNS,
    );
  });
});

describe('conservation of claims', () => {
  it('after each trading phase every live ticket is held exactly once, by its owner, who is its payable’s effective creditor', () => {
    fc.assert(
      fc.property(activeConfig, (cfg) => {
        runArm(cfg, {
          probe: {
            afterTrading(t, sub) {
              const held = new Map<number, number>();
              const hold = (serial: number) => held.set(serial, (held.get(serial) ?? 0) + 1);
              for (const tr of sub.traders)
                for (const tk of tr.own) {
                  expect(tk.owner).toBe(tr.agent);
                  hold(tk.serial);
                }
              for (const desk of [...sub.dealers, ...sub.vbts])
                for (const tk of desk.inv) {
                  expect(tk.owner).toBe(desk.agent);
                  expect(tk.bucket).toBe(desk.bucket);
                  hold(tk.serial);
                }
              const issued = new Map<number, number>();
              for (const tr of sub.traders) for (const tk of tr.obl) issued.set(tk.serial, (issued.get(tk.serial) ?? 0) + 1);
              for (const tk of sub.tickets) {
                expect(tk.alive && tk.payable.live && tk.due > t, `day ${t} TKT_${tk.serial}`).toBe(true);
                expect(held.get(tk.serial), `day ${t} TKT_${tk.serial} holders`).toBe(1);
                expect(issued.get(tk.serial)).toBe(1);
                expect(effectiveCreditor(tk.payable)).toBe(tk.owner);
                expect(tk.face.eq(tk.payable.amount)).toBe(true);
              }
              expect(held.size).toBe(sub.tickets.length);
            },
          },
        });
      }),
      RUNS,
    );
  });

  it('a payable leaves the ledger once; a reassignment never hands out more than the receivable', () => {
    fc.assert(
      fc.property(config, (cfg) => {
        runArm(cfg, {
          probe: {
            afterDay(t, sub) {
              const ledger = sub.ledger;
              for (const p of ledger.payables) {
                expect(p.live).toBe(p.fate === 'open');
                if (!p.live) expect(p.endDay <= t).toBe(true);
                if (p.fate === 'settled') expect(p.paid.eq(p.amount) && p.endDay === p.due).toBe(true);
                if (p.fate === 'defaulted') expect(p.paid.lt(p.amount)).toBe(true);
              }
              // A reassigned receivable is split into truncated shares: never more than its amount.
              const shares = new Map<number, D>();
              for (const q of ledger.payables) if (q.source) shares.set(q.source.k, (shares.get(q.source.k) ?? new D(0)).plus(q.amount));
              for (const [k, sum] of shares) {
                const src = ledger.payables[k - 1]!;
                expect(src.fate).toBe('reassigned_away');
                expect(sum.lte(src.amount)).toBe(true);
              }
              // An expelled agent owes nothing any more.
              for (let a = 0; a < ledger.ids.length; a++)
                if (ledger.defaulted[a]) expect(ledger.byDebtor[a]!.some((q) => q.live)).toBe(false);
            },
          },
        });
      }),
      RUNS,
    );
  });

  it('δ is the day-weighted share of created face not settled on its due day; defaults count expelled agents once', () => {
    fc.assert(
      fc.property(config, (cfg) => {
        const r = runBilancio2026(cfg);
        if (r.delta !== null) {
          expect(new D(r.delta).gte(0) && new D(r.delta).lte(1)).toBe(true);
          expect(r.deltaExact).not.toBeNull();
        }
        expect(new Set(r.defaultedDebtors).size).toBe(r.nDefaults);
        expect(r.finalDay).toBeLessThan(Math.max(30, 3 * cfg.maturityDays));
        if (cfg.regime === 'passive') expect(r.trades.total).toBe(0);
      }),
      RUNS,
    );
  });
});

describe('kernel: the par cap', () => {
  it('A, bid and ask ≤ 1, B ≥ 0, bid ≤ ask, pins exactly at the outside quotes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 }),
        decimal(100, 0, 1_000_000),
        decimal(1000, 0, 1000), // M = ρ(1 − p) ≤ 1
        decimal(1000, 0, 600),
        fc.constantFrom('1', '5', '12.5', '20'),
        (a, C, M, O, S) => {
          const q = vbtQuotes26(new D(M), new D(O));
          const k = kernel26(a, new D(C), new D(M), new D(O), q.A, q.B, new D(S));
          expect(q.A.lte(1) && q.B.gte(0)).toBe(true);
          expect(k.bid.lte(1) && k.ask.lte(1) && k.bid.lte(k.ask)).toBe(true);
          expect(k.pinnedAsk).toBe(k.ask.gte(q.A));
          expect(k.pinnedBid).toBe(k.bid.eq(q.B));
          if (!k.guard) expect(k.bid.gte(q.B)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('every dealer view in a run respects the cap', () => {
    fc.assert(
      fc.property(activeConfig, (cfg) => {
        const { events } = collect(cfg);
        for (const e of events) {
          const views = e.kind === 'trade' ? [e.dealerBefore, e.dealerAfter] : e.kind === 'snapshot' ? e.buckets.map((b) => b.dealer) : [];
          for (const v of views) expect(new D(v.bid).lte(v.ask) && new D(v.ask).lte(1)).toBe(true);
          if (e.kind === 'snapshot') for (const b of e.buckets) expect(new D(b.vbtAsk).lte(1) && new D(b.vbtBid).gte(0)).toBe(true);
        }
      }),
      { numRuns: 20 },
    );
  });
});
