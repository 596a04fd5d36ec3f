import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { D, outcomeMetrics, resolveBilancio2026Config, resolveConfig, runBilancio2026, simulate } from '@ring/engine';
import type { RunConfigInput, SetupEvent } from '@ring/engine';
import { createRunCollector } from './collector';
import { liabilityRows } from './liabilities';

const decimal = (xs: string[]) => fc.constantFrom(...xs);
const config = fc.oneof(
  fc.record({
    profile: fc.constant('paper2025' as const),
    regime: fc.constantFrom('passive' as const, 'active' as const),
    kappa: decimal(['0.25', '0.5', '1', '2', '4']),
    concentration: decimal(['0.2', '1', '5']),
    mu: decimal(['0', '0.5', '1']),
    outsideMidRatio: decimal(['1', '0.75', '0.5']),
    emulateDisplayAbort: fc.boolean(),
    seed: fc.integer({ min: 0, max: 10_000 }),
  }),
  fc.record({
    profile: fc.constant('spec' as const),
    regime: fc.constantFrom('passive' as const, 'active' as const),
    nAgents: fc.integer({ min: 5, max: 30 }),
    allowSmallRing: fc.constant(true),
    kappa: decimal(['0.5', '1', '2', '4']),
    concentration: decimal(['0.5', '1', '5']),
    mu: decimal(['0', '0.5', '1']),
    graceDays: fc.integer({ min: 0, max: 2 }),
    seed: fc.integer({ min: 0, max: 10_000 }),
  }),
);

describe('liabilities.csv rebuilds δ; repayment_events.csv is its part due by the final day', () => {
  it('the docs/model.md §11 procedure over the liability rows gives the run δ digit for digit', () => {
    fc.assert(
      fc.property(config, (input) => {
        const c = createRunCollector();
        const result = simulate(resolveConfig(input as RunConfigInput), { observer: c.observer });
        const rows = c.finish(result);
        const m = outcomeMetrics(
          rows.liabilities.map((l) => ({ amount: new D(l.face), dueDay: l.due_day, settledInTime: l.settled_in_full })),
        );
        expect(m.delta === null ? null : m.delta.toString()).toBe(result.delta === null ? null : new D(result.delta).toString());
        const byId = new Map(rows.liabilities.map((l) => [l.liability_id, l]));
        expect(rows.repayments.length).toBe(rows.liabilities.filter((l) => l.due_day <= result.finalDay).length);
        for (const r of rows.repayments) {
          const l = byId.get(r.liability_id)!;
          expect([l.debtor, l.due_day, l.face, l.settled_in_full, l.amount_paid]).toEqual([
            r.trader_id,
            r.maturity_day,
            r.face_value,
            r.outcome === 'repaid',
            r.amount_paid,
          ]);
        }
        const debt = rows.initialState.reduce((a, s) => a.plus(s.initial_debt), new D(0));
        expect(debt.eq(rows.summary.initial_total_debt)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

describe('bilancio2026: liabilities.csv also covers the reassigned receivables and rebuilds δ', () => {
  it('the created set includes payables created during the run (with their day), none of them counted as settled', () => {
    fc.assert(
      fc.property(
        decimal(['0.5', '1', '2', '4']),
        decimal(['0.5', '1', '5']),
        fc.integer({ min: 0, max: 10_000 }),
        fc.constantFrom('passive' as const, 'active' as const),
        (kappa, concentration, seed, regime) => {
          const config = resolveBilancio2026Config({ kappa, concentration, mu: '0.5', seed, nAgents: 5 });
          // the rows straight from the setup event and the result (the run collector needs the profile in the registry)
          let setup: SetupEvent | null = null;
          const result = runBilancio2026({ ...config, regime }, (e) => {
            if (e.kind === 'setup') setup = e;
          });
          const rows = { liabilities: liabilityRows(setup!, result) };
          const m = outcomeMetrics(
            rows.liabilities.map((l) => ({ amount: new D(l.face), dueDay: l.due_day, settledInTime: l.settled_in_full })),
          );
          expect(m.delta === null ? null : m.delta.toString()).toBe(result.delta === null ? null : new D(result.delta).toString());
          const later = rows.liabilities.filter((l) => l.created_day !== 0);
          for (const l of later) {
            expect(l.created_day).toBeGreaterThan(0);
            expect(l.settled_in_full).toBe(false);
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
