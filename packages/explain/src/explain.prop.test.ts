import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { D, pairMetrics, resolveBilancio2026Config, resolveConfig, runBilancio2026, simulate, withRegime } from '@ring/engine';
import type { RunConfigInput, SetupEvent } from '@ring/engine';
import { createRunCollector, liabilityRows } from '@ring/metrics';
import type { TradeRow } from '@ring/metrics';
import { explainPair } from './explain';
import { NO_DIFFERENCE_REASONS, noDifferenceReason } from './reasons';
import type { ReasonFacts } from './reasons';
import { arm } from './test-rows';
import type { L, T } from './test-rows';
import type { NoDifferenceReason } from './types';

const TOLERANCE = new D('1e-26');

const decimal = (xs: string[]) => fc.constantFrom(...xs);
const config = fc.oneof(
  fc.record({
    profile: fc.constant('paper2025' as const),
    kappa: decimal(['0.25', '0.5', '1', '2', '4']),
    concentration: decimal(['0.2', '1', '5']),
    mu: decimal(['0', '0.5', '1']),
    outsideMidRatio: decimal(['1', '0.75', '0.5']),
    emulateDisplayAbort: fc.boolean(),
    seed: fc.integer({ min: 0, max: 100_000 }),
  }),
  fc.record({
    profile: fc.constant('spec' as const),
    nAgents: fc.integer({ min: 5, max: 30 }),
    allowSmallRing: fc.constant(true),
    kappa: decimal(['0.5', '1', '2', '4']),
    concentration: decimal(['0.5', '1', '5']),
    mu: decimal(['0', '0.5', '1']),
    graceDays: fc.integer({ min: 0, max: 2 }),
    seed: fc.integer({ min: 0, max: 100_000 }),
  }),
);

describe('attribution reproduces Δ (engine pairs)', () => {
  it('face(saved) − face(harmed) = face not settled passively − actively, and over total_face it is Δ within 10⁻²⁶', () => {
    fc.assert(
      fc.property(config, (input) => {
        const cfg = resolveConfig({ ...input, regime: 'passive' } as RunConfigInput);
        const arms = (['passive', 'active'] as const).map((r) => {
          const c = createRunCollector();
          const result = simulate(withRegime(cfg, r), { observer: c.observer });
          return { result, rows: c.finish(result) };
        });
        const [p, a] = arms as [(typeof arms)[0], (typeof arms)[0]];
        const pm = pairMetrics(p.result, a.result);
        const x = explainPair(p.rows, a.rows).pairs[0]!;
        expect([x.liabilities.passive_only.count, x.liabilities.active_only.count]).toEqual([0, 0]);
        const unsettled = (rows: typeof p.rows) =>
          rows.liabilities.filter((l) => !l.settled_in_full).reduce((s, l) => s + BigInt(l.face), 0n);
        const net = BigInt(x.liabilities.saved.face) - BigInt(x.liabilities.harmed.face);
        expect(net).toBe(unsettled(p.rows) - unsettled(a.rows));
        expect([x.delta_passive, x.delta_active, x.trading_effect]).toEqual([p.result.delta, a.result.delta, pm.tradingEffect]);
        if (x.total_face !== '0') {
          const attributed = new D(net.toString()).div(x.total_face!);
          expect(attributed.minus(pm.tradingEffect!).abs().lte(TOLERANCE)).toBe(true);
        }
        expect(x.effect_class).toBe(pm.effectClass);
        expect(x.no_difference_reason !== null).toBe(pm.effectClass === 'unchanged');
        expect(x.total_trades).toBe(a.result.trades.total);
      }),
      { numRuns: 40 },
    );
  });
});

describe('bilancio2026 pairs: created sets differ (reassigned receivables), attribution still adds up', () => {
  it('liabilities of both arms are classified once; the δ arithmetic of each arm is its created set; the class is the engine’s', () => {
    fc.assert(
      fc.property(
        decimal(['0.5', '1', '2']),
        decimal(['0.5', '1', '5']),
        fc.integer({ min: 0, max: 10_000 }),
        (kappa, concentration, seed) => {
          const config = resolveBilancio2026Config({ kappa, concentration, mu: '0.5', seed, nAgents: 5 });
          // the rows straight from the events (the run collector needs the profile in the registry)
          const arms = (['passive', 'active'] as const).map((regime) => {
            let setup: SetupEvent | null = null;
            const trades: TradeRow[] = [];
            const result = runBilancio2026({ ...config, regime }, (e) => {
              if (e.kind === 'setup') setup = e;
              if (e.kind === 'trade') {
                const t = {
                  day: e.day,
                  seq: e.seq,
                  trader_id: e.traderId,
                  ticket_id: e.ticketId,
                  issuer_id: e.issuerId,
                  maturity_day: e.maturityDay,
                };
                trades.push(t as TradeRow);
              }
            });
            const rows = {
              summary: { run_id: result.runId, pair_id: result.pairId, regime, delta: result.delta, final_day: result.finalDay },
              liabilities: liabilityRows(setup!, result),
              trades,
            };
            return { result, rows };
          });
          const [p, a] = arms as [(typeof arms)[0], (typeof arms)[0]];
          const x = explainPair(p.rows, a.rows).pairs[0]!;
          const c = x.liabilities;
          const face = (k: keyof typeof c) => BigInt(c[k].face);
          const sum = (rows: typeof p.rows, settled: boolean | null) =>
            rows.liabilities.filter((l) => settled === null || l.settled_in_full === settled).reduce((s, l) => s + BigInt(l.face), 0n);
          // passive created set = saved + harmed + both classes + passive_only; the same for the active arm
          expect(face('saved') + face('harmed') + face('settled_both') + face('defaulted_both') + face('passive_only')).toBe(
            sum(p.rows, null),
          );
          expect(face('saved') + face('harmed') + face('settled_both') + face('defaulted_both') + face('active_only')).toBe(
            sum(a.rows, null),
          );
          expect([x.total_face, x.total_face_active]).toEqual([sum(p.rows, null).toString(), sum(a.rows, null).toString()]);
          expect(x.effect_class).toBe(pairMetrics(p.result, a.result).effectClass);
          expect(x.no_difference_reason !== null).toBe(x.effect_class === 'unchanged');
        },
      ),
      { numRuns: 25 },
    );
  });
});

/** Random created sets over ids PAY_1 … PAY_12: each id in the passive set, the active set or both, with random outcomes. */
const liabilitySets = fc
  .array(
    fc.record({
      debtor: fc.constantFrom('H1', 'H2', 'H3', 'H4', 'H5'),
      face: fc.integer({ min: 0, max: 1000 }),
      due: fc.integer({ min: 1, max: 8 }),
      where: fc.constantFrom('both', 'both', 'both', 'passive', 'active', 'collide'),
      sp: fc.boolean(),
      sa: fc.boolean(),
    }),
    { minLength: 1, maxLength: 12 },
  )
  .map((xs) => {
    const p: L[] = [];
    const a: L[] = [];
    let collisions = 0;
    xs.forEach((x, i) => {
      const id = `PAY_${i + 1}`;
      if (x.where !== 'active') p.push([id, x.debtor, x.face, x.due, x.sp]);
      // 'collide': each arm created a different liability under the same id (ids are creation numbers)
      if (x.where === 'collide') {
        a.push([id, x.debtor === 'H1' ? 'H2' : 'H1', x.face + 1, x.due, x.sa]);
        collisions++;
      } else if (x.where !== 'passive') a.push([id, x.debtor, x.face, x.due, x.sa]);
    });
    return { p, a, collisions };
  });

const tradesArb = fc.array(
  fc.record({ day: fc.integer({ min: 0, max: 9 }), trader: fc.constantFrom('H1', 'H2', 'H3', 'H4', 'H5', 'big_mid') }),
  { maxLength: 6 },
);

describe('attribution on synthetic rows (any profile: only the rows matter)', () => {
  it('every liability is in exactly one class; arm-specific ones are the set differences; the face identity holds when the sets agree', () => {
    fc.assert(
      fc.property(liabilitySets, tradesArb, fc.boolean(), ({ p, a, collisions: c0 }, ts, sameSets) => {
        const active = sameSets ? p.map(([id, d, f, due], i) => [id, d, f, due, a[i]?.[4] ?? false] as L) : a;
        const collisions = sameSets ? 0 : c0;
        const x = explainPair(arm('passive', p), arm('active', active, { trades: ts })).pairs[0]!;
        const pIds = new Set(p.map((l) => l[0]));
        const aIds = new Set(active.map((l) => l[0]));
        const both = [...pIds].filter((id) => aIds.has(id)).length - collisions;
        const c = x.liabilities;
        expect(c.saved.count + c.harmed.count + c.settled_both.count + c.defaulted_both.count).toBe(both);
        expect(c.passive_only.count).toBe(pIds.size - both);
        expect(c.active_only.count).toBe(aIds.size - both);
        const face = (ls: readonly L[], settled: boolean | null) =>
          ls.filter((l) => settled === null || l[4] === settled).reduce((s, l) => s + l[2], 0);
        expect(x.total_face).toBe(String(face(p, null)));
        expect(x.total_face_active).toBe(String(face(active, null)));
        if (sameSets) {
          const net = Number(c.saved.face) - Number(c.harmed.face);
          expect(net).toBe(face(p, false) - face(active, false));
          if (x.total_face !== '0') {
            const attributed = new D(net).div(x.total_face!);
            expect(attributed.minus(x.trading_effect!).abs().lte(TOLERANCE)).toBe(true);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

/** The README's definitions, restated one by one as full conditions (not as a decision list). */
const DEFINITIONS: Record<NoDifferenceReason, (f: ReasonFacts) => boolean> = {
  no_trades: (f) => f.trades.length === 0,
  liquidity_not_binding: (f) => f.trades.length > 0 && f.everySettled,
  saved_equals_harmed: (f) => f.trades.length > 0 && !f.everySettled && f.saved.count + f.harmed.count > 0,
  only_unattempted: (f) => f.trades.length > 0 && !f.everySettled && f.saved.count + f.harmed.count === 0 && f.defaulters.length === 0,
  trades_too_late: (f) =>
    f.trades.length > 0 &&
    !f.everySettled &&
    f.saved.count + f.harmed.count === 0 &&
    f.defaulters.length > 0 &&
    f.trades.every((t) => t.day > f.lastDefaultDay!),
  defaulters_never_traded: (f) =>
    f.trades.length > 0 &&
    !f.everySettled &&
    f.saved.count + f.harmed.count === 0 &&
    f.defaulters.length > 0 &&
    f.trades.some((t) => t.day <= f.lastDefaultDay!) &&
    !f.trades.some((t) => f.defaulters.includes(t.trader_id)),
  trades_insufficient: (f) =>
    f.trades.length > 0 &&
    !f.everySettled &&
    f.saved.count + f.harmed.count === 0 &&
    f.defaulters.length > 0 &&
    f.trades.some((t) => t.day <= f.lastDefaultDay!) &&
    f.trades.some((t) => f.defaulters.includes(t.trader_id)),
};

const facts: fc.Arbitrary<ReasonFacts> = fc
  .record({
    trades: fc.array(fc.record({ day: fc.integer({ min: 0, max: 6 }), trader_id: fc.constantFrom('H1', 'H2', 'H3', 'big_mid') }), {
      maxLength: 5,
    }),
    everySettled: fc.boolean(),
    saved: fc.integer({ min: 0, max: 2 }),
    harmed: fc.integer({ min: 0, max: 2 }),
    defaulters: fc.uniqueArray(fc.constantFrom('H1', 'H2', 'H3', 'H4'), { maxLength: 3 }),
    lastDefaultDay: fc.integer({ min: 0, max: 6 }),
  })
  .map((r) => ({
    trades: r.trades,
    everySettled: r.everySettled,
    saved: { count: r.saved, face: String(10 * r.saved) },
    harmed: { count: r.harmed, face: String(10 * r.harmed) },
    defaulters: r.defaulters,
    lastDefaultDay: r.defaulters.length > 0 ? r.lastDefaultDay : null,
    finalDay: 6,
    unsettled: { count: 1, face: '10' },
  }));

describe('no-difference reasons are exhaustive and mutually exclusive', () => {
  it('for any facts exactly one definition holds, and it is the reason given', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const holding = NO_DIFFERENCE_REASONS.filter((r) => DEFINITIONS[r](f));
        expect(holding).toHaveLength(1);
        expect(noDifferenceReason(f).code).toBe(holding[0]);
      }),
      { numRuns: 2000 },
    );
  });

  it('every pair with Δ = 0 gets the one reason whose definition its rows satisfy', () => {
    // Δ = 0 by construction: common outcomes, plus optionally one saved and one harmed liability of equal face
    const rows = fc.record({
      common: fc.array(
        fc.record({
          debtor: fc.constantFrom('H1', 'H2', 'H3'),
          face: fc.integer({ min: 1, max: 100 }),
          due: fc.integer({ min: 1, max: 6 }),
          settled: fc.boolean(),
        }),
        {
          minLength: 1,
          maxLength: 6,
        },
      ),
      swap: fc.option(fc.record({ face: fc.integer({ min: 1, max: 100 }), due: fc.integer({ min: 1, max: 6 }) })),
      trades: tradesArb,
      finalDay: fc.integer({ min: 1, max: 7 }),
    });
    fc.assert(
      fc.property(rows, (r) => {
        const p: L[] = r.common.map((c, i) => [`PAY_${i + 1}`, c.debtor, c.face, c.due, c.settled]);
        const a: L[] = [...p];
        if (r.swap) {
          p.push(['PAY_98', 'H4', r.swap.face, r.swap.due, false], ['PAY_99', 'H5', r.swap.face, r.swap.due, true]);
          a.push(['PAY_98', 'H4', r.swap.face, r.swap.due, true], ['PAY_99', 'H5', r.swap.face, r.swap.due, false]);
        }
        const ts: T[] = r.trades;
        const x = explainPair(arm('passive', p, { finalDay: r.finalDay }), arm('active', a, { trades: ts, finalDay: r.finalDay }))
          .pairs[0]!;
        expect(x.effect_class).toBe('unchanged');
        // the facts, derived here from the rows by the README's words
        const defaulted = a.filter((l) => !l[4] && l[3] <= r.finalDay);
        const f: ReasonFacts = {
          trades: ts.map((t) => ({ day: t.day, trader_id: t.trader })),
          everySettled: p.every((l) => l[4]) && a.every((l) => l[4]),
          saved: { count: r.swap ? 1 : 0, face: '0' },
          harmed: { count: r.swap ? 1 : 0, face: '0' },
          defaulters: [...new Set(defaulted.map((l) => l[1]))],
          lastDefaultDay: defaulted.length > 0 ? Math.max(...defaulted.map((l) => l[3])) : null,
          finalDay: r.finalDay,
          unsettled: { count: 0, face: '0' },
        };
        const holding = NO_DIFFERENCE_REASONS.filter((code) => DEFINITIONS[code](f));
        expect(holding).toHaveLength(1);
        expect(x.no_difference_reason).toBe(holding[0]);
        expect(x.no_difference_detail).toBeTypeOf('string');
        expect(x.defaulters).toBe(f.defaulters.length);
      }),
      { numRuns: 1000 },
    );
  });
});
