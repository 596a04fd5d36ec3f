import { describe, expect, it } from 'vitest';
import { resolveConfig, simulate } from '@ring/engine';
import type { RunConfigInput, RunResult, SetupEvent } from '@ring/engine';
import { createRunCollector } from './collector';
import { MetricsInputError } from './errors';
import { LIABILITY_COLUMNS, liabilityRows } from './liabilities';

function run(input: RunConfigInput): { setup: SetupEvent; result: RunResult } {
  let setup: SetupEvent | null = null;
  const result = simulate(resolveConfig(input), {
    observer: (e) => {
      if (e.kind === 'setup') setup = e;
    },
  });
  return { setup: setup!, result };
}

const paper = {
  profile: 'paper2025',
  regime: 'active',
  kappa: '1',
  concentration: '1',
  mu: '0.5',
  outsideMidRatio: '1',
  seed: 42,
} as const;

describe('liabilities rows (the whole created set of docs/model.md §11)', () => {
  it('paper2025: one row per created payable, in creation order, including those due after the run stopped', () => {
    const { setup, result } = run(paper);
    const rows = liabilityRows(setup, result);
    expect(rows.map((r) => r.liability_id)).toEqual(setup.payables.map((p) => p.id));
    expect(result.finalDay).toBe(3);
    const late = rows.filter((r) => r.due_day > result.finalDay);
    expect(late.length).toBeGreaterThan(0);
    for (const r of late) expect([r.settled_in_full, r.settled_day, r.amount_paid]).toEqual([false, null, '0']);
    expect(rows.every((r) => r.created_day === 0 && r.run_id === result.runId && r.regime === 'active')).toBe(true);
    expect(Object.keys(rows[0]!)).toEqual([...LIABILITY_COLUMNS]);
  });

  it('spec: settled rows carry their day and face, defaulted rows their recovery', () => {
    const { setup, result } = run({
      profile: 'spec',
      regime: 'passive',
      nAgents: 20,
      allowSmallRing: true,
      kappa: '4',
      concentration: '1',
      mu: '0.5',
      seed: 3,
    });
    const rows = liabilityRows(setup, result);
    const settled = rows.filter((r) => r.settled_in_full);
    const failed = rows.filter((r) => !r.settled_in_full);
    expect(settled.length).toBeGreaterThan(0);
    expect(failed.length).toBeGreaterThan(0);
    for (const r of settled) {
      expect(r.amount_paid).toBe(r.face);
      expect(r.settled_day).toBeGreaterThanOrEqual(r.due_day);
    }
    for (const r of failed) expect(r.settled_day).toBeNull();
  });

  it('the collector returns the same rows', () => {
    const c = createRunCollector();
    const result = simulate(resolveConfig(paper), { observer: c.observer });
    const rows = c.finish(result);
    const again = run(paper);
    expect(rows.liabilities).toEqual(liabilityRows(again.setup, again.result));
  });

  it('a payable whose status disagrees with δ is a typed error, not a silent mismatch', () => {
    const { setup, result } = run(paper);
    const i = result.payables.findIndex((p) => p.status !== 'settled' && Number(p.amount) > 0);
    const forged: RunResult = {
      ...result,
      payables: result.payables.map((p, k) =>
        k === i ? { ...p, status: 'settled', settledDay: p.dueDay, amountPaid: p.amount, settledInTime: true } : p,
      ),
    };
    expect(() => liabilityRows(setup, forged)).toThrow(MetricsInputError);
    expect(() => liabilityRows(setup, forged)).toThrow(/RESULT_MISMATCH/);
  });

  it('settled_in_full is what the engine says δ counts; a profile that does not say falls back to the status', () => {
    const { setup, result } = run(paper);
    const i = result.payables.findIndex((p) => p.status === 'settled');
    const notCounted: RunResult = { ...result, payables: result.payables.map((p, k) => (k === i ? { ...p, settledInTime: false } : p)) };
    expect(() => liabilityRows(setup, notCounted)).toThrow(/RESULT_MISMATCH/);
    const silent: RunResult = { ...result, payables: result.payables.map(({ settledInTime: _, ...p }) => p) };
    expect(liabilityRows(setup, silent)).toEqual(liabilityRows(setup, result));
  });

  it('a payable created during the run gets the created day the engine reports, else an empty field', () => {
    const { setup, result } = run(paper);
    const extra = {
      id: 'PAY_99',
      debtor: 'H1',
      creditor: 'H3',
      amount: '0',
      dueDay: 2,
      status: 'open' as const,
      settledDay: null,
      defaultDay: null,
      amountPaid: '0',
    };
    const withDay = liabilityRows(setup, { ...result, payables: [...result.payables, { ...extra, createdDay: 1 } as typeof extra] });
    expect(withDay.at(-1)!.created_day).toBe(1);
    const without = liabilityRows(setup, { ...result, payables: [...result.payables, extra] });
    expect(without.at(-1)!.created_day).toBeNull();
  });
});

describe('explainRows: false', () => {
  it('skips the liabilities and initial-state rows (a sweep without run directories) and nothing else', () => {
    const cfg = resolveConfig(paper);
    const full = createRunCollector();
    const lean = createRunCollector({ explainRows: false });
    const a = full.finish(simulate(cfg, { observer: full.observer }));
    const b = lean.finish(simulate(cfg, { observer: lean.observer }));
    expect([b.liabilities, b.initialState]).toEqual([[], []]);
    expect(a.liabilities.length).toBeGreaterThan(0);
    expect({ ...b, liabilities: a.liabilities, initialState: a.initialState }).toEqual(a);
  });
});
