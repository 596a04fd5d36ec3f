/**
 * End-to-end comparisons on generated `spec` rings: the DT, DA, DM, BT, BA, BM cases of
 * docs/policy-eval.md §12 mapped to the ring, R-05, R-08 and CV-01 … CV-03.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigValidationError, RingError, resolveConfig, simulate } from '@ring/engine';
import type { RingEvent, RunConfigInput, SetupEvent, SpecRunConfig } from '@ring/engine';
import { COST_KEYS, CostRatesError, createPolicyMetricsCollector } from '@ring/metrics';
import type { RunPolicyMetrics } from '@ring/metrics';
import { decideAcceptance } from './acceptance';
import { comparePolicies, comparePoliciesAsync, comparisonId, planComparison, runArmJob } from './compare';
import type { ComparePoliciesOptions } from './compare';
import { CompareOptionsError, PolicyValidationError } from './errors';
import { toJsonValue } from './json';
import { DEFAULT_POLICY, PASSIVE_POLICY } from './policy';
import { evaluatePolicyProposal } from './record';
import { iterationSeed, sampleSeed } from './seeds';
import type { PolicyPairEvaluation } from './types';

const SEEDS = JSON.parse(readFileSync(new URL('../../test/fixtures/stats.json', import.meta.url), 'utf8')).seeds;

const N_TRADERS = 20;
/** A stressed ring with grace, an overdraft facility and multilateral clearing, so that every cost key can be non-zero. */
const SCENARIO: RunConfigInput = {
  profile: 'spec',
  seed: 42,
  nAgents: N_TRADERS,
  allowSmallRing: true,
  qTotal: '2000',
  kappa: '2',
  concentration: '1',
  mu: '0.5',
  graceDays: 1,
  overdraft: { limit: '3', rateBpsPerDay: '10' },
  clearing: 'gross+multilateral',
};
const TRADERS = Array.from({ length: N_TRADERS }, (_, i) => `H${i + 1}`);
const SELLER = { version: '1.0', policy_id: 'early_seller', parameters: { sellHorizonDays: 2, minBidFraction: '0.5' } };

const base = (o: Partial<ComparePoliciesOptions> = {}): ComparePoliciesOptions => ({
  scenario: SCENARIO,
  oldPolicy: PASSIVE_POLICY,
  newPolicy: SELLER,
  ...o,
});

/** Independent re-run of one arm: resolve, set seed and policies by hand, collect metrics. */
function rerun(seed: number, policies: Record<string, object>): RunPolicyMetrics {
  const cfg = {
    ...(resolveConfig(SCENARIO) as SpecRunConfig),
    seed,
    policies: (resolveConfig({ ...SCENARIO, policies }) as SpecRunConfig).policies,
  } as SpecRunConfig;
  const c = createPolicyMetricsCollector({ overdraftRateBpsPerDay: '10' });
  simulate(cfg, { observer: c.observer });
  return c.finish();
}
const objective = (m: RunPolicyMetrics, id: string) => m.agents.find((a) => a.agent_id === id)!.cost;
const isInt = (x: unknown) => typeof x === 'bigint';
const floorDivRef = (a: bigint, n: bigint) => (a >= 0n ? a / n : -((-a + n - 1n) / n));
const allSameKeys = (b: object) => expect(Object.keys(b).sort()).toEqual([...COST_KEYS].sort());

describe('A. deterministic, total (DT-01 … DT-09)', () => {
  const e = comparePolicies(base({ mode: 'deterministic' }));
  it('uses the iteration seed of key ALL (docs/policy-eval.md §7 vectors) for both arms', () => {
    expect(e.sample_results).toHaveLength(1);
    expect(e.sample_results[0]!.seed).toBe(SEEDS.iterationSeed['42:0:ALL']);
    expect(e.iteration_seed).toBe(SEEDS.iterationSeed['42:0:ALL']);
  });
  it('DT-01, DT-02: settlement_rate is a double in [0, 1]; avg_delay ≥ 0', () => {
    expect(typeof e.settlement_rate).toBe('number');
    expect(e.settlement_rate).toBeGreaterThanOrEqual(0);
    expect(e.settlement_rate).toBeLessThanOrEqual(1);
    expect(e.avg_delay).toBeGreaterThanOrEqual(0);
  });
  it('DT-03 … DT-06: the four SimCash keys are integers ≥ 0', () => {
    for (const k of ['delay_cost', 'overdraft_cost', 'deadline_penalty', 'eod_penalty'] as const) {
      expect(isInt(e.cost_breakdown[k])).toBe(true);
      expect(e.cost_breakdown[k] >= 0n).toBe(true);
    }
  });
  it('DT-07: Σ of the breakdown over objective_keys = mean_new_cost exactly', () => {
    expect(e.objective_keys).toEqual([...COST_KEYS]);
    expect(e.objective_keys.reduce((s, k) => s + e.cost_breakdown[k], 0n)).toBe(e.mean_new_cost);
    const d = comparePolicies(base({ objective: 'default_loss' }));
    expect(d.objective_keys.reduce((s, k) => s + d.cost_breakdown[k], 0n)).toBe(d.mean_new_cost);
  });
  it('DT-08, DT-09: cost_std_dev, confidence_interval_95 and delta_ci_95 are null', () => {
    expect(e.cost_std_dev).toBeNull();
    expect(e.confidence_interval_95).toBeNull();
    expect(e.delta_ci_95).toBeNull();
    expect(e.sampling).toBe('deterministic');
  });
  it('full metrics for both runs: the old arm in old_* (passive: no trading gains)', () => {
    expect(e.old_settlement_rate).toBeGreaterThanOrEqual(0);
    expect(e.old_settlement_rate).toBeLessThanOrEqual(1);
    expect(e.old_cost_breakdown.investment_pnl_offset).toBe(0n);
    expect(e.mean_old_cost).toBe(e.old_system_cost);
    expect(typeof e.old_delta).toBe('string');
  });
  it('the stressed scenario makes costs non-trivial (the assertions above can fail)', () => {
    expect(e.mean_new_cost > 0n).toBe(true);
    expect(e.cost_breakdown.deadline_penalty > 0n || e.cost_breakdown.delay_cost > 0n).toBe(true);
    expect(e.cost_breakdown.overdraft_cost > 0n).toBe(true);
  });
});

describe('B. deterministic, per agent, focal trader (DA-01 … DA-10)', () => {
  const focal = 'H3';
  const e = comparePolicies(base({ scope: 'focal_agent', focalAgent: focal }));
  const seed = iterationSeed(42, 0, focal);
  it("DA-01: agent_stats[focal].cost equals the focal trader's cost in an independent re-run of the new arm", () => {
    expect(e.sample_results[0]!.seed).toBe(seed);
    const m = rerun(seed, { [focal]: SELLER.parameters });
    expect(e.agent_stats[focal]!.cost).toBe(objective(m, focal));
    expect(e.mean_new_cost).toBe(objective(m, focal));
    expect(e.mean_old_cost).toBe(objective(rerun(seed, { [focal]: PASSIVE_POLICY.parameters }), focal));
  });
  it("DA-02, DA-03: rates in [0, 1] and delay ≥ 0, from the focal trader's own liabilities", () => {
    const a = e.agent_stats[focal]!;
    for (const r of [a.settlement_rate, a.payoff_rate, a.default_rate]) {
      expect(r).toBeGreaterThanOrEqual(0);
      expect(r).toBeLessThanOrEqual(1);
    }
    expect(a.avg_delay).toBeGreaterThanOrEqual(0);
    const m = rerun(seed, { [focal]: SELLER.parameters }).agents.find((x) => x.agent_id === focal)!;
    expect(a.settlement_rate).toBe(m.settlement_rate);
    expect(a.n_matured).toBe(m.n_matured);
  });
  it('DA-04 … DA-07: six keys, the four SimCash keys integers ≥ 0; the focal breakdown is the top-level breakdown', () => {
    const a = e.agent_stats[focal]!;
    allSameKeys(a.cost_breakdown);
    for (const k of ['delay_cost', 'overdraft_cost', 'deadline_penalty', 'eod_penalty'] as const)
      expect(a.cost_breakdown[k] >= 0n).toBe(true);
    expect(e.cost_breakdown).toEqual(a.cost_breakdown);
    expect(COST_KEYS.reduce((s, k) => s + a.cost_breakdown[k], 0n)).toBe(a.cost);
  });
  it('DA-08 … DA-10: std_dev and CI bounds are null', () => {
    const a = e.agent_stats[focal]!;
    expect([a.std_dev, a.ci_95_lower, a.ci_95_upper]).toEqual([null, null, null]);
  });
  it('only the focal trader changes policy; relief ratio is all_agents only', () => {
    const plan = planComparison(base({ scope: 'focal_agent', focalAgent: focal }));
    expect(Object.keys(plan.jobs[0]!.config.policies)).toEqual([focal]);
    expect(plan.jobs[1]!.config.policies).toEqual({ [focal]: SELLER.parameters });
    expect(e.relief_ratio).toBeNull();
  });
  it("other traders keep the scenario's policies in both arms; the focal trader's override is replaced, also by {}", () => {
    const scenario = { ...SCENARIO, policies: { [focal]: { sellEnabled: false }, H5: { maxBuysPerDay: 0 } } };
    const plan = planComparison({
      scenario,
      oldPolicy: PASSIVE_POLICY,
      newPolicy: DEFAULT_POLICY,
      scope: 'focal_agent',
      focalAgent: focal,
    });
    expect(plan.jobs[0]!.config.policies).toEqual({ H5: { maxBuysPerDay: 0 }, [focal]: { sellEnabled: false, buyEnabled: false } });
    expect(plan.jobs[1]!.config.policies).toEqual({ H5: { maxBuysPerDay: 0 } });
    const all = planComparison({ scenario, oldPolicy: DEFAULT_POLICY, newPolicy: SELLER });
    expect(all.jobs[0]!.config.policies).toEqual({});
    expect(Object.keys(all.jobs[1]!.config.policies)).toEqual(TRADERS);
  });
});

describe('C. deterministic, per agent, all traders (DM-01 … DM-08, CV-01, CV-02)', () => {
  const e = comparePolicies(base());
  it('DM-01: agent_stats keys are exactly H1 … HN (no desks)', () => {
    expect(Object.keys(e.agent_stats)).toEqual(TRADERS);
  });
  it('DM-02 … DM-05: integer cost, double rates, six-key breakdown', () => {
    for (const a of Object.values(e.agent_stats)) {
      expect(isInt(a.cost)).toBe(true);
      for (const r of [a.settlement_rate, a.payoff_rate, a.default_rate, a.avg_delay]) expect(typeof r).toBe('number');
      allSameKeys(a.cost_breakdown);
    }
  });
  it('DM-06 / CV-01: Σ_a agent cost = system_cost exactly; CV-02: Σ breakdown = cost for every trader', () => {
    expect(Object.values(e.agent_stats).reduce((s, a) => s + a.cost, 0n)).toBe(e.system_cost);
    for (const a of Object.values(e.agent_stats)) expect(COST_KEYS.reduce((s, k) => s + a.cost_breakdown[k], 0n)).toBe(a.cost);
    for (const k of COST_KEYS) expect(Object.values(e.agent_stats).reduce((s, a) => s + a.cost_breakdown[k], 0n)).toBe(e.cost_breakdown[k]);
  });
  it('DM-07, DM-08: std and CI null for every trader', () => {
    for (const a of Object.values(e.agent_stats)) expect([a.std_dev, a.ci_95_lower, a.ci_95_upper]).toEqual([null, null, null]);
  });
  it('traders differ: per-agent figures are not copies of the system figures (SimCash defect 4)', () => {
    expect(new Set(Object.values(e.agent_stats).map((a) => a.cost)).size).toBeGreaterThan(1);
  });
  it('passive vs active: relief_ratio = (δ_old − δ_new)/δ_old or 0', () => {
    const x = comparePolicies(base({ newPolicy: DEFAULT_POLICY }));
    const dOld = Number(x.old_delta);
    const expected = dOld > 0 ? (dOld - Number(x.delta)) / dOld : 0;
    expect(x.relief_ratio).toBeCloseTo(expected, 12);
  });
});

const SAMPLES = 8;
describe('D. bootstrap, total (BT-01 … BT-12, R-08)', () => {
  const e = comparePolicies(base({ mode: 'bootstrap', samples: SAMPLES }));
  const iter = SEEDS.iterationSeed['42:0:ALL'];
  it('sample i uses sampleSeed(iterSeed, i) for both arms (vectors for i = 0 … 2)', () => {
    expect(e.sample_results.slice(0, 3).map((r) => r.seed)).toEqual(SEEDS.sampleSeed[String(iter)]);
    expect(e.sample_results.map((r) => r.seed)).toEqual(Array.from({ length: SAMPLES }, (_, i) => sampleSeed(iter, i)));
    expect(e.sampling).toBe('crn_montecarlo');
    expect(e.aggregation).toBe('mean_of_samples');
  });
  it('BT-01, BT-02: mean rates in [0, 1], mean delay ≥ 0, never null (SimCash defect 1)', () => {
    for (const r of [e.settlement_rate, e.payoff_rate, e.default_rate, e.old_settlement_rate]) {
      expect(r).not.toBeNull();
      expect(r).toBeGreaterThanOrEqual(0);
      expect(r).toBeLessThanOrEqual(1);
    }
    expect(e.avg_delay).toBeGreaterThanOrEqual(0);
  });
  it('BT-03 … BT-06: floor-mean components are integers; the four SimCash keys ≥ 0', () => {
    for (const k of COST_KEYS) expect(isInt(e.cost_breakdown[k])).toBe(true);
    for (const k of ['delay_cost', 'overdraft_cost', 'deadline_penalty', 'eod_penalty'] as const)
      expect(e.cost_breakdown[k] >= 0n).toBe(true);
  });
  it('BT-07 / R-08: 0 ≤ mean_new_cost − Σ_k breakdown[k] ≤ 5', () => {
    const gap = e.mean_new_cost - COST_KEYS.reduce((s, k) => s + e.cost_breakdown[k], 0n);
    expect(gap >= 0n && gap <= 5n).toBe(true);
  });
  it('mean_new_cost and mean_old_cost are floor means of the sample costs; delta_sum is Σ deltas', () => {
    const N = BigInt(SAMPLES);
    expect(e.mean_new_cost).toBe(
      floorDivRef(
        e.sample_results.reduce((s, r) => s + r.new_cost, 0n),
        N,
      ),
    );
    expect(e.mean_old_cost).toBe(
      floorDivRef(
        e.sample_results.reduce((s, r) => s + r.old_cost, 0n),
        N,
      ),
    );
    expect(e.delta_sum).toBe(e.sample_results.reduce((s, r) => s + r.delta, 0n));
    for (const r of e.sample_results) expect(r.delta).toBe(r.old_cost - r.new_cost);
  });
  it('BT-08 … BT-12: integer std ≥ 0; integer bounds with lower ≤ mean_new_cost ≤ upper; std = 0 ⇔ degenerate CI', () => {
    expect(isInt(e.cost_std_dev)).toBe(true);
    expect(e.cost_std_dev! >= 0n).toBe(true);
    const [lo, hi] = e.confidence_interval_95!;
    expect(lo <= e.mean_new_cost && e.mean_new_cost <= hi).toBe(true);
    if (e.cost_std_dev! > 0n) expect(hi > lo).toBe(true);
    else expect([lo, hi]).toEqual([e.mean_new_cost, e.mean_new_cost]);
    const [dl, dh] = e.delta_ci_95!;
    expect(dl <= e.mean_delta && e.mean_delta <= dh).toBe(true);
  });
});

describe('E. bootstrap, per agent, focal trader (BA-01 … BA-08)', () => {
  const focal = 'H7';
  const e = comparePolicies(base({ mode: 'bootstrap', samples: SAMPLES, scope: 'focal_agent', focalAgent: focal }));
  it("uses the focal key's own iteration seed", () => {
    expect(e.iteration_seed).toBe(iterationSeed(42, 0, focal));
  });
  it("BA-01: agent cost = floorDiv of the focal trader's per-sample costs (re-run independently)", () => {
    const costs = e.sample_results.map((r) => objective(rerun(r.seed, { [focal]: SELLER.parameters }), focal));
    expect(e.sample_results.map((r) => r.new_cost)).toEqual(costs);
    expect(e.agent_stats[focal]!.cost).toBe(
      floorDivRef(
        costs.reduce((a, b) => a + b, 0n),
        BigInt(SAMPLES),
      ),
    );
  });
  it('BA-02 … BA-08: rates in range, six keys, std ≥ 0 and lower ≤ cost ≤ upper', () => {
    const a = e.agent_stats[focal]!;
    for (const r of [a.settlement_rate, a.payoff_rate, a.default_rate]) expect(r >= 0 && r <= 1).toBe(true);
    allSameKeys(a.cost_breakdown);
    expect(a.std_dev! >= 0n).toBe(true);
    expect(a.ci_95_lower! <= a.cost && a.cost <= a.ci_95_upper!).toBe(true);
  });
});

describe('F. bootstrap, per agent, all traders (BM-01 … BM-09)', () => {
  const e = comparePolicies(base({ mode: 'bootstrap', samples: SAMPLES }));
  const reruns = e.sample_results.map((r) => rerun(r.seed, Object.fromEntries(TRADERS.map((id) => [id, SELLER.parameters]))));
  it('BM-01 … BM-05: every trader present, no desks; integer costs, double rates, six keys', () => {
    expect(Object.keys(e.agent_stats)).toEqual(TRADERS);
    for (const a of Object.values(e.agent_stats)) {
      expect(isInt(a.cost)).toBe(true);
      expect(typeof a.settlement_rate).toBe('number');
      allSameKeys(a.cost_breakdown);
    }
  });
  it("BM-06 … BM-08: std and CI non-null for every trader, computed from that trader's own sample costs", () => {
    for (const id of TRADERS) {
      const a = e.agent_stats[id]!;
      const xs = reruns.map((m) => objective(m, id));
      const n = BigInt(xs.length);
      const sum = xs.reduce((p, q) => p + q, 0n);
      const sq = xs.reduce((p, q) => p + q * q, 0n);
      expect(a.cost).toBe(floorDivRef(sum, n));
      expect(a.std_dev).toBe(BigInt(Math.floor(Math.sqrt(Number(n * sq - sum * sum) / Number(n * (n - 1n))))));
      expect(a.ci_95_lower).not.toBeNull();
      expect(a.ci_95_lower! <= a.cost && a.cost <= a.ci_95_upper!).toBe(true);
      const mean = (p: (x: RunPolicyMetrics) => number) => reruns.reduce((s, m) => s + p(m), 0) / reruns.length;
      expect(a.settlement_rate).toBe(mean((m) => m.agents.find((x) => x.agent_id === id)!.settlement_rate));
    }
    expect(new Set(Object.values(e.agent_stats).map((a) => a.std_dev)).size).toBeGreaterThan(1);
  });
  it('BM-09: 0 ≤ system_cost − Σ_a agent cost ≤ N_traders − 1', () => {
    const gap = e.system_cost - Object.values(e.agent_stats).reduce((s, a) => s + a.cost, 0n);
    expect(gap >= 0n && gap <= BigInt(N_TRADERS - 1)).toBe(true);
  });
});

describe('R-05: identical old and new policies', () => {
  const e = comparePolicies(base({ mode: 'bootstrap', samples: 6, oldPolicy: DEFAULT_POLICY, newPolicy: DEFAULT_POLICY }));
  it('delta_i = 0 for every sample, delta_sum = 0, rejected "delta_sum ≤ 0"', () => {
    expect(e.sample_results.every((r) => r.delta === 0n)).toBe(true);
    expect(e.delta_sum).toBe(0n);
    expect(e.delta_ci_95).toEqual([0n, 0n]);
    expect(decideAcceptance(e)).toEqual({ accepted: false, reason: 'delta_sum ≤ 0' });
    expect(e.sample_results.some((r) => r.new_cost !== e.sample_results[0]!.new_cost)).toBe(true); // the samples do differ
  });
  it('CRN: both arms of a sample share the seed and the ring draw, and differ only in the policies', () => {
    const plan = planComparison(base({ mode: 'bootstrap', samples: 3 }));
    for (let i = 0; i < 3; i++) {
      const { policies: po, ...old } = plan.jobs[2 * i]!.config;
      const { policies: pn, ...nw } = plan.jobs[2 * i + 1]!.config;
      expect(old).toEqual(nw);
      expect(po).not.toEqual(pn);
      const setups = [plan.jobs[2 * i]!, plan.jobs[2 * i + 1]!].map((j) => {
        let s: SetupEvent | null = null;
        simulate(j.config, {
          observer: (ev: RingEvent) => {
            if (ev.kind === 'setup') s = ev;
          },
        });
        return s as unknown as SetupEvent;
      });
      expect(setups[0]!.payables).toEqual(setups[1]!.payables);
      expect(setups[0]!.cash).toEqual(setups[1]!.cash);
      expect(setups[0]!.holdings).toEqual(setups[1]!.holdings);
    }
  });
});

describe('determinism and executors', () => {
  it('the same options give the same evaluation; the executor (any order of work) does not matter', async () => {
    const o = base({ mode: 'bootstrap', samples: 4 });
    const a = comparePolicies(o);
    expect(comparePolicies(o)).toEqual(a);
    const reversed = await comparePoliciesAsync(o, async (jobs) => {
      const out = new Array(jobs.length);
      for (let i = jobs.length - 1; i >= 0; i--) out[i] = runArmJob(structuredClone(jobs[i]!));
      return structuredClone(out);
    });
    expect(reversed).toEqual(a);
    expect(await comparePoliciesAsync(o)).toEqual(a);
  });
  it('CV-03: identical inputs give byte-identical records apart from the timestamp', () => {
    const o = base({ mode: 'bootstrap', samples: 3 });
    const acceptance = { requireStatisticalSignificance: true };
    const r1 = evaluatePolicyProposal({ ...o, acceptance, timestamp: '2026-01-01T00:00:00.000Z' });
    const r2 = evaluatePolicyProposal({ ...o, acceptance, timestamp: '2026-02-02T00:00:00.000Z' });
    const bytes = (r: typeof r1) => JSON.stringify(toJsonValue({ ...r, timestamp: null }));
    expect(bytes(r1)).toBe(bytes(r2));
    expect(r1.timestamp).not.toBe(r2.timestamp);
    expect(r1.run_id).toBe(comparisonId(o));
    expect(r1.run_id).toMatch(/^eval_[0-9a-f]{12}$/);
    expect(comparisonId({ ...o, samples: 4 })).not.toBe(r1.run_id);
  });
  it('records: deterministic has scenario_seed and no sample details; bootstrap the reverse', () => {
    const d = evaluatePolicyProposal(base());
    expect(d.evaluation_mode).toBe('deterministic');
    expect(d.scenario_seed).toBe(SEEDS.iterationSeed['42:0:ALL']);
    expect(d.sample_details).toBeNull();
    expect(d.agent_id).toBe('ALL');
    expect(d.old_cost).toBe(d.evaluation.mean_old_cost);
    expect(d.proposed_policy).toEqual({
      version: '1.0',
      policy_id: 'early_seller',
      parameters: { sellHorizonDays: 2, minBidFraction: '0.5' },
    });
    const b = evaluatePolicyProposal(base({ mode: 'bootstrap', samples: 2, scope: 'focal_agent', focalAgent: 'H2', iteration: 3 }));
    expect(b.scenario_seed).toBeNull();
    expect(b.sample_details!.map((s) => s.seed)).toEqual(b.evaluation.sample_results.map((r) => r.seed));
    expect(b.agent_id).toBe('H2');
    expect(b.iteration).toBe(3);
    expect(b.evaluation.iteration_seed).toBe(iterationSeed(42, 3, 'H2'));
  });
});

describe('invalid options are rejected before any run, naming the field', () => {
  const cases: [Partial<ComparePoliciesOptions> & Record<string, unknown>, string][] = [
    [{ mode: 'fast' as never }, 'mode'],
    [{ mode: 'deterministic', samples: 5 }, 'samples'],
    [{ mode: 'bootstrap', samples: 0 }, 'samples'],
    [{ mode: 'bootstrap', samples: 2.5 }, 'samples'],
    [{ scope: 'some' as never }, 'scope'],
    [{ scope: 'focal_agent' }, 'focalAgent'],
    [{ scope: 'focal_agent', focalAgent: 'H99' }, 'focalAgent'],
    [{ focalAgent: 'H1' }, 'focalAgent'],
    [{ iteration: -1 }, 'iteration'],
    [{ masterSeed: 1.5 }, 'masterSeed'],
    [{ objective: 'cheap' as never }, 'objective'],
    [{ ci: 'bca' as never }, 'ci'],
    [{ percentileResamples: 0 }, 'percentileResamples'],
    [{ rounding: 'up' as never }, 'rounding'],
    [{ samplez: 3 }, 'samplez'],
    [{ scenario: { ...SCENARIO, profile: 'paper2025' } }, 'scenario.profile'],
    [{ oldPolicy: undefined }, 'oldPolicy'],
  ];
  it.each(cases)('%j → CompareOptionsError naming %s', (o, field) => {
    try {
      comparePolicies(base(o as Partial<ComparePoliciesOptions>));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CompareOptionsError);
      expect(e).toBeInstanceOf(RingError);
      expect((e as CompareOptionsError).field).toBe(field);
    }
  });
  it('invalid policies, scenario keys, cost rates and constraint violations name their field', () => {
    const field = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return [(e as Error).constructor.name, (e as { field: string }).field];
      }
      return null;
    };
    expect(field(() => comparePolicies(base({ newPolicy: { parameters: { maxBuysPerDay: -2 } } })))).toEqual([
      PolicyValidationError.name,
      'new.parameters.maxBuysPerDay',
    ]);
    expect(field(() => comparePolicies(base({ oldPolicy: { version: '3' } })))).toEqual([PolicyValidationError.name, 'old.version']);
    expect(field(() => comparePolicies(base({ scenario: { ...SCENARIO, kappa: '-1' } })))).toEqual([ConfigValidationError.name, 'kappa']);
    expect(field(() => comparePolicies(base({ scenario: { ...SCENARIO, graceDays: -1 } })))).toEqual([
      ConfigValidationError.name,
      'graceDays',
    ]);
    expect(field(() => comparePolicies(base({ costRates: { delayRatePerDay: '-1' } })))).toEqual([
      CostRatesError.name,
      'costRates.delayRatePerDay',
    ]);
    expect(field(() => comparePolicies(base({ constraints: { allowedParameters: { sellHorizonDays: { max: 1 } } } })))).toEqual([
      PolicyValidationError.name,
      'new.parameters.sellHorizonDays',
    ]);
  });
});

/** Type-level guard: the evaluation carries every contract field of docs/policy-eval.md §11. */
const CONTRACT: (keyof PolicyPairEvaluation)[] = [
  'sample_results',
  'delta_sum',
  'mean_old_cost',
  'mean_new_cost',
  'settlement_rate',
  'avg_delay',
  'payoff_rate',
  'default_rate',
  'delta',
  'old_settlement_rate',
  'old_avg_delay',
  'old_payoff_rate',
  'old_default_rate',
  'old_delta',
  'cost_breakdown',
  'cost_std_dev',
  'confidence_interval_95',
  'delta_ci_95',
  'agent_stats',
  'system_cost',
  'relief_ratio',
  'objective',
  'objective_keys',
  'scope',
  'sampling',
  'aggregation',
  'ci_method',
  'rounding',
];
it('every field of the PolicyPairEvaluation contract is present', () => {
  const e = comparePolicies(base());
  for (const k of CONTRACT) expect(e).toHaveProperty(k);
});

describe('EC-07: traders apportioned no liability in some samples (docs/model.md §3.3 step 2)', () => {
  it('count as settlement and payoff rate 1.0 and default rate 0.0 in those samples, inside the means', () => {
    const o = base({
      scenario: { ...SCENARIO, qTotal: '20', concentration: '0.1', graceDays: 0, overdraft: null, clearing: 'gross' },
      mode: 'bootstrap',
      samples: 4,
    });
    const e = comparePolicies(o);
    const plan = planComparison(o);
    const perSample = plan.seeds.map((_, i) => runArmJob(plan.jobs[2 * i + 1]!).metrics);
    let empty = 0;
    for (const m of perSample) {
      for (const a of m.agents) {
        if (a.n_matured !== 0) continue;
        empty++;
        expect([a.settlement_rate, a.payoff_rate, a.default_rate, a.avg_delay]).toEqual([1, 1, 0, 0]);
      }
    }
    expect(empty).toBeGreaterThan(0); // the scenario does produce traders without a liability
    for (const id of TRADERS) {
      const rates = perSample.map((m) => m.agents.find((a) => a.agent_id === id)!);
      expect(e.agent_stats[id]!.settlement_rate).toBe(rates.reduce((s, a) => s + a.settlement_rate, 0) / rates.length);
      expect(e.agent_stats[id]!.default_rate).toBe(rates.reduce((s, a) => s + a.default_rate, 0) / rates.length);
    }
  });
});
