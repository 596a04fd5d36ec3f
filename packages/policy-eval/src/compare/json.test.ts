import { describe, expect, it } from 'vitest';
import { comparePolicies } from './compare';
import { EvaluationFormatError, evaluationFromJson, evaluationRecordFromJson, toJsonValue } from './json';
import { DEFAULT_POLICY, PASSIVE_POLICY } from './policy';
import { buildEvaluationRecord } from './record';
import type { PolicyEvaluationRecord, PolicyPairEvaluation } from './types';

const scenario = { seed: 5, nAgents: 8, allowSmallRing: true, kappa: '2', concentration: '1', mu: '0.5', graceDays: 1 };
const det = comparePolicies({ scenario, oldPolicy: PASSIVE_POLICY, newPolicy: DEFAULT_POLICY });
const boot = comparePolicies({
  scenario,
  oldPolicy: PASSIVE_POLICY,
  newPolicy: DEFAULT_POLICY,
  mode: 'bootstrap',
  samples: 3,
  scope: 'focal_agent',
  focalAgent: 'H2',
});

const through = (v: unknown) => JSON.parse(JSON.stringify(toJsonValue(v)));

function record(ev: PolicyPairEvaluation, extra: Partial<PolicyEvaluationRecord> = {}): PolicyEvaluationRecord {
  return {
    ...buildEvaluationRecord({
      evaluation: ev,
      decision: { accepted: false, reason: 'delta_sum ≤ 0' },
      proposedPolicy: DEFAULT_POLICY,
      runId: 'eval_x',
      timestamp: 't',
    }),
    ...extra,
  };
}

describe('persistence round trips (PR-01 … PR-08, EC-08)', () => {
  it('PR-01 … PR-04: every field of a deterministic and a bootstrap evaluation survives JSON', () => {
    expect(evaluationFromJson(through(det))).toEqual(det);
    expect(evaluationFromJson(through(boot))).toEqual(boot);
  });
  it('PR-05: nested breakdowns are preserved key by key as bigints', () => {
    const back = evaluationFromJson(through(boot));
    expect(back.agent_stats.H2!.cost_breakdown).toEqual(boot.agent_stats.H2!.cost_breakdown);
    expect(typeof back.agent_stats.H2!.cost_breakdown.credit_loss).toBe('bigint');
  });
  it('PR-06, PR-07: null stays null and {} stays {}', () => {
    const r = record(det);
    const back = evaluationRecordFromJson(through(r));
    expect(back.sample_details).toBeNull();
    expect(back.context_simulation_cost).toBeNull();
    expect(back.evaluation.cost_std_dev).toBeNull();
    expect(back.evaluation.delta_ci_95).toBeNull();
    expect(back.proposed_policy).toEqual({ version: '1.0', policy_id: 'default', parameters: {} });
    expect(back).toEqual(r);
  });
  it('PR-08: bootstrap records keep sample details with their seeds', () => {
    const r = record(boot, { context_simulation_cost: 12n });
    expect(evaluationRecordFromJson(through(r))).toEqual(r);
  });
  it('EC-08: costs near ±2^63 survive exactly (BIGINT)', () => {
    const big = 2n ** 63n - 1n;
    const ev: PolicyPairEvaluation = {
      ...boot,
      mean_new_cost: big,
      mean_old_cost: -(2n ** 63n),
      delta_sum: big,
      system_cost: big,
      sample_results: boot.sample_results.map((s) => ({ ...s, old_cost: big, new_cost: big - 1n, delta: 1n })),
      agent_stats: { ...boot.agent_stats, H2: { ...boot.agent_stats.H2!, cost: big, std_dev: big, ci_95_upper: big } },
    };
    const json = through(record(ev, { old_cost: big, new_cost: -(2n ** 63n) }));
    expect(json.evaluation.mean_new_cost).toBe('9223372036854775807');
    const back = evaluationRecordFromJson(json);
    expect(back.evaluation.mean_new_cost).toBe(big);
    expect(back.new_cost).toBe(-(2n ** 63n));
    expect(back.evaluation.sample_results[0]!.new_cost).toBe(big - 1n);
  });
  it('serialises with sorted keys and bigints as decimal strings', () => {
    const j = toJsonValue({ b: 1n, a: { d: null, c: [2n, -3n] } });
    expect(JSON.stringify(j)).toBe('{"a":{"c":["2","-3"],"d":null},"b":"1"}');
    expect(() => toJsonValue({ x: Number.NaN })).toThrow(EvaluationFormatError);
  });
  it('malformed money fields are rejected naming the path', () => {
    const j = through(det);
    j.agent_stats.H1.cost = 1.5;
    expect(() => evaluationFromJson(j)).toThrow(/\$\.agent_stats\.H1\.cost/);
    const k = through(det);
    k.delta_ci_95 = ['1'];
    expect(() => evaluationFromJson(k)).toThrow(/delta_ci_95/);
  });
});
