import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COST_KEYS } from '@ring/metrics';
import type { AgentPolicyMetrics, CostBreakdown, RunPolicyMetrics } from '@ring/metrics';
import { aggregateSamples, planComparison, runArmJob } from './compare';
import { floorDiv } from '../stats';
import type { AggregationContext, ArmOutcome, PairedSample } from './compare';

const V = JSON.parse(readFileSync(new URL('../../test/fixtures/stats.json', import.meta.url), 'utf8'));

// Hand-built run metrics: per-trader breakdowns (cents) and rates.
interface AgentSpec {
  b?: Partial<CostBreakdown>;
  sr?: number;
  ad?: number;
  pr?: number;
  dr?: number;
  defaults?: number;
}
function arm(agents: Record<string, AgentSpec>, delta = '0'): ArmOutcome {
  const rows: AgentPolicyMetrics[] = Object.entries(agents).map(([id, s]) => {
    const b: CostBreakdown = {
      delay_cost: 0n,
      overdraft_cost: 0n,
      deadline_penalty: 0n,
      eod_penalty: 0n,
      credit_loss: 0n,
      investment_pnl_offset: 0n,
      ...s.b,
    };
    const cost = COST_KEYS.reduce((x, k) => x + b[k], 0n);
    const units = Object.fromEntries(COST_KEYS.map((k) => [k, '0'])) as AgentPolicyMetrics['cost_units'];
    return {
      agent_id: id,
      n_matured: 1,
      n_settled: s.defaults ? 0 : 1,
      n_defaulted: s.defaults ?? 0,
      n_open: 0,
      face_matured: '1',
      amount_paid: '1',
      settlement_rate: s.sr ?? 1,
      payoff_rate: s.pr ?? 1,
      default_rate: s.dr ?? 0,
      avg_delay: s.ad ?? 0,
      avg_days_to_default: s.defaults ? 0 : null,
      cost_breakdown: b,
      cost_units: units,
      cost,
    };
  });
  const sys = { delay_cost: 0n, overdraft_cost: 0n, deadline_penalty: 0n, eod_penalty: 0n, credit_loss: 0n, investment_pnl_offset: 0n };
  for (const r of rows) for (const k of COST_KEYS) sys[k] += r.cost_breakdown[k];
  const metrics: RunPolicyMetrics = {
    run_id: 'r',
    final_day: 3,
    agents: rows,
    system: {
      n_matured: rows.length,
      n_settled: rows.length,
      n_defaulted: 0,
      n_open: 0,
      face_matured: '1',
      amount_paid: '1',
      settlement_rate: rows.reduce((x, r) => x + r.settlement_rate, 0) / rows.length,
      payoff_rate: 1,
      default_rate: rows.reduce((x, r) => x + r.default_rate, 0) / rows.length,
      avg_delay: 0,
      cost_breakdown: sys,
      cost: rows.reduce((x, r) => x + r.cost, 0n),
    },
  };
  return { run_id: 'r', delta, metrics };
}
/** One trader whose whole cost is a deadline penalty of `c` cents (any one key works). */
const one = (c: number | bigint, id = 'H1') => arm({ [id]: { b: { deadline_penalty: BigInt(c) } } });

const ctx = (o: Partial<AggregationContext> = {}): AggregationContext => ({
  mode: 'bootstrap',
  scope: 'all_agents',
  focalAgent: null,
  objective: 'total',
  ci: 't',
  rounding: 'exact',
  percentileResamples: 2000,
  iterationSeed: 1088125515,
  ...o,
});
const pairs = (old: readonly number[], nw: readonly number[]): PairedSample[] =>
  old.map((o, i) => ({ seed: 100 + i, old: one(o), new: one(nw[i]!) }));

describe('paired statistics (docs/policy-eval.md §9 paired example)', () => {
  const pc = V.paired_case;
  const ev = aggregateSamples(ctx(), pairs(pc.old, pc.new));
  it('deltas, delta_sum and floor means', () => {
    expect(ev.sample_results.map((r) => Number(r.delta))).toEqual(pc.deltas);
    expect(ev.sample_results.map((r) => r.seed)).toEqual([100, 101, 102, 103, 104]);
    expect(ev.delta_sum).toBe(BigInt(pc.delta_sum));
    expect(ev.mean_delta).toBe(BigInt(pc.delta_stats.mean));
    expect(ev.mean_old_cost).toBe(BigInt(pc.mean_old_cost));
    expect(ev.mean_new_cost).toBe(BigInt(pc.mean_new_cost));
  });
  it('delta_ci_95 is the interval of the paired deltas [−69, 609], not of the new cost (SimCash defect 5)', () => {
    expect(ev.delta_ci_95).toEqual(pc.delta_stats.ci_95.map(BigInt));
    expect(ev.confidence_interval_95).toEqual(pc.new_cost_stats.ci_95.map(BigInt));
    expect(ev.cost_std_dev).toBe(BigInt(pc.new_cost_stats.std_dev));
  });
  it('percentile bootstrap of the same deltas with iterSeed 1088125515 gives [60, 480]', () => {
    const pb = V.percentile_bootstrap_case;
    const e = aggregateSamples(
      ctx({ ci: 'percentile', iterationSeed: pb.iteration_seed, percentileResamples: pb.B }),
      pairs(pc.old, pc.new),
    );
    expect(e.delta_ci_95).toEqual(pb.ci_95.map(BigInt));
    expect(e.ci_method).toBe('percentile');
    expect(e.confidence_interval_95).toEqual(pc.new_cost_stats.ci_95.map(BigInt)); // the cost CI stays t-based
  });
  it('SimCash parity rounding reproduces the truncated bounds', () => {
    const five = V.statistics_cases.find((c: { name: string }) => c.name === 'five');
    const e = aggregateSamples(
      ctx({ rounding: 'simcash' }),
      pairs(
        five.input.map(() => 0),
        five.input,
      ),
    );
    expect(e.confidence_interval_95).toEqual(five.simcash_parity.ci_95.map(BigInt));
    expect(e.rounding).toBe('simcash');
  });
});

describe('edge cases EC-01, EC-02, EC-06', () => {
  it('EC-01: N = 1 in bootstrap mode gives null statistics everywhere', () => {
    const e = aggregateSamples(ctx(), pairs([7], [7]));
    expect(e.cost_std_dev).toBeNull();
    expect(e.confidence_interval_95).toBeNull();
    expect(e.delta_ci_95).toBeNull();
    expect(e.agent_stats.H1!.std_dev).toBeNull();
    expect(e.agent_stats.H1!.ci_95_lower).toBeNull();
    expect(e.agent_stats.H1!.ci_95_upper).toBeNull();
    expect(e.sampling).toBe('crn_montecarlo');
  });
  it('EC-02: N = 2 computes statistics with a wide interval [−1071, 1471] for 100, 300', () => {
    const e = aggregateSamples(ctx(), pairs([0, 0], [100, 300]));
    expect(e.confidence_interval_95).toEqual([-1071n, 1471n]);
    expect(e.agent_stats.H1!.ci_95_lower).toBe(-1071n);
    expect(e.agent_stats.H1!.ci_95_upper).toBe(1471n);
    expect(e.delta_ci_95).toEqual([-1471n, 1071n]);
  });
  it('EC-06: zero costs give an all-zero breakdown, std 0 and CI [0, 0]', () => {
    const e = aggregateSamples(ctx(), pairs([0, 0, 0], [0, 0, 0]));
    for (const k of COST_KEYS) expect(e.cost_breakdown[k]).toBe(0n);
    expect(e.cost_std_dev).toBe(0n);
    expect(e.confidence_interval_95).toEqual([0n, 0n]);
    expect(e.agent_stats.H1!.std_dev).toBe(0n);
    expect(e.agent_stats.H1!.ci_95_lower).toBe(0n);
  });
  it('deterministic mode labels the sampling and has null statistics', () => {
    const e = aggregateSamples(ctx({ mode: 'deterministic' }), pairs([5], [3]));
    expect(e.sampling).toBe('deterministic');
    expect(e.delta_sum).toBe(2n);
    expect(e.mean_new_cost).toBe(3n);
    expect(e.cost_std_dev).toBeNull();
  });
});

describe("per-agent statistics come from each trader's own samples (SimCash defect 4)", () => {
  // Three traders with different cost series; old arm costs are higher for H2 only.
  const series = { H1: [5000, 6000, 5500], H2: [100, 300, 200], H3: [-1, 0, 0] };
  const samples: PairedSample[] = [0, 1, 2].map((i) => ({
    seed: i,
    old: arm({
      H1: { b: { credit_loss: BigInt(series.H1[i]!) } },
      H2: { b: { credit_loss: BigInt(series.H2[i]! + 50) } },
      H3: { b: { investment_pnl_offset: BigInt(series.H3[i]!) } },
    }),
    new: arm({
      H1: { b: { credit_loss: BigInt(series.H1[i]!) }, sr: [1, 0.5, 1][i] },
      H2: { b: { overdraft_cost: BigInt(series.H2[i]! - 1), delay_cost: 1n } },
      H3: { b: { investment_pnl_offset: BigInt(series.H3[i]!) } },
    }),
  }));
  const e = aggregateSamples(ctx(), samples);
  it('each trader has its own mean, std and CI (agent_A vector: 5500, 500, [4257, 6743])', () => {
    const a = V.statistics_cases.find((c: { name: string }) => c.name === 'agent_A').exact;
    expect(e.agent_stats.H1!.cost).toBe(BigInt(a.mean));
    expect(e.agent_stats.H1!.std_dev).toBe(BigInt(a.std_dev));
    expect([e.agent_stats.H1!.ci_95_lower, e.agent_stats.H1!.ci_95_upper]).toEqual(a.ci_95.map(BigInt));
    expect(e.agent_stats.H2!.cost).toBe(200n);
    expect(e.agent_stats.H2!.std_dev).toBe(100n);
    expect(e.agent_stats.H3!.cost).toBe(-1n); // floorDiv(−1, 3) = −1, not 0 (BigInt / truncates)
    expect(e.agent_stats.H1!.settlement_rate).toBe((1 + 0.5 + 1) / 3);
    expect(e.agent_stats.H2!.settlement_rate).toBe(1);
    expect(e.agent_stats.H2!.old_cost).toBe(250n);
  });
  it('per-agent floor-mean breakdowns; gap to the cost within K − 1 = 5 (BT-07) and Σ_a within n − 1 (BM-09)', () => {
    for (const s of Object.values(e.agent_stats)) {
      const sumK = COST_KEYS.reduce((x, k) => x + s.cost_breakdown[k], 0n);
      expect(s.cost - sumK >= 0n && s.cost - sumK <= 5n).toBe(true);
    }
    const sumAgents = Object.values(e.agent_stats).reduce((x, s) => x + s.cost, 0n);
    expect(e.system_cost - sumAgents >= 0n && e.system_cost - sumAgents <= 2n).toBe(true);
    expect(e.system_cost).toBe(e.mean_new_cost); // all_agents: the run cost is the system cost
    const gap = e.mean_new_cost - COST_KEYS.reduce((x, k) => x + e.cost_breakdown[k], 0n);
    expect(gap >= 0n && gap <= 5n).toBe(true);
  });
  it("focal scope: the run cost is the focal trader's, the top-level breakdown is its floor means", () => {
    const f = aggregateSamples(ctx({ scope: 'focal_agent', focalAgent: 'H2' }), samples);
    expect(f.sample_results.map((r) => r.new_cost)).toEqual([100n, 300n, 200n]);
    expect(f.sample_results.map((r) => r.delta)).toEqual([50n, 50n, 50n]);
    expect(f.cost_breakdown).toEqual(f.agent_stats.H2!.cost_breakdown);
    expect(f.relief_ratio).toBeNull();
    expect(f.system_cost).toBe(e.system_cost);
    expect(f.focal_agent).toBe('H2');
    expect(() => aggregateSamples(ctx({ scope: 'focal_agent', focalAgent: 'H9' }), samples)).toThrow(/focalAgent/);
  });
  it('objective default_loss counts deadline_penalty + credit_loss only; the breakdown keeps six keys', () => {
    const d = aggregateSamples(ctx({ objective: 'default_loss' }), samples);
    expect(d.objective_keys).toEqual(['deadline_penalty', 'credit_loss']);
    expect(d.agent_stats.H2!.cost).toBe(0n);
    expect(d.agent_stats.H1!.cost).toBe(5500n);
    expect(Object.keys(d.cost_breakdown).sort()).toEqual([...COST_KEYS].sort());
    expect(d.mean_new_cost).toBe(5500n);
  });
});

describe('relief ratio and δ means (docs/policy-eval.md §4.3)', () => {
  it('(δ_old − δ_new)/δ_old of the means over samples; 0 when δ_old = 0', () => {
    const s: PairedSample[] = [
      { seed: 1, old: arm({ H1: {} }, '0.5'), new: arm({ H1: {} }, '0.25') },
      { seed: 2, old: arm({ H1: {} }, '0.3'), new: arm({ H1: {} }, '0.35') },
    ];
    const e = aggregateSamples(ctx(), s);
    expect(e.old_delta).toBe('0.4');
    expect(e.delta).toBe('0.3');
    expect(e.relief_ratio).toBe(0.25);
    const z = aggregateSamples(ctx(), [{ seed: 1, old: arm({ H1: {} }, '0'), new: arm({ H1: {} }, '0') }]);
    expect(z.relief_ratio).toBe(0);
  });
  it('arms with different trader lists are refused', () => {
    expect(() => aggregateSamples(ctx(), [{ seed: 1, old: one(1, 'H1'), new: one(1, 'H2') }])).toThrow(/same traders/);
  });
});

describe('cost_breakdown is exactly docs/policy-eval.md §8.2 (floor means of the per-sample components)', () => {
  // Recomputed here from the per-sample run metrics: per trader floorDiv(Σ_i component_{a,k,i}, N);
  // top level the focal trader's, or (all_agents) the floor means of the per-sample system sums;
  // the same for the old arm. Floor, not truncation, in SimCash parity mode as well: a negative
  // investment_pnl_offset must round down.
  const breakdownOf = (m: RunPolicyMetrics, scope: 'all_agents' | 'focal_agent', focal: string): CostBreakdown =>
    scope === 'focal_agent'
      ? m.agents.find((a) => a.agent_id === focal)!.cost_breakdown
      : (Object.fromEntries(COST_KEYS.map((k) => [k, m.agents.reduce((x, a) => x + a.cost_breakdown[k], 0n)])) as CostBreakdown);
  const floorMeans = (bs: readonly CostBreakdown[]): CostBreakdown =>
    Object.fromEntries(
      COST_KEYS.map((k) => [
        k,
        floorDiv(
          bs.reduce((x, b) => x + b[k], 0n),
          BigInt(bs.length),
        ),
      ]),
    ) as CostBreakdown;

  for (const scope of ['all_agents', 'focal_agent'] as const) {
    const plan = planComparison({
      scenario: {
        profile: 'spec',
        allowSmallRing: true,
        nAgents: 10,
        seed: 5,
        kappa: '2',
        concentration: '1',
        mu: '0.5',
        graceDays: 1,
        ticketSize: '10',
        qTotal: '1000',
        nMax: 10,
        overdraft: { limit: '5', rateBpsPerDay: '10' },
      },
      oldPolicy: { version: '1.0', policy_id: 'passive', parameters: { sellEnabled: false, buyEnabled: false } },
      newPolicy: { version: '1.0', policy_id: 'default', parameters: {} },
      mode: 'bootstrap',
      samples: 7,
      scope,
      ...(scope === 'focal_agent' ? { focalAgent: 'H3' } : {}),
    });
    const outcomes = plan.jobs.map(runArmJob);
    const old = outcomes.filter((_, i) => i % 2 === 0).map((o) => o.metrics);
    const nw = outcomes.filter((_, i) => i % 2 === 1).map((o) => o.metrics);
    const samples: PairedSample[] = plan.seeds.map((seed, i) => ({ seed, old: outcomes[2 * i]!, new: outcomes[2 * i + 1]! }));
    for (const rounding of ['exact', 'simcash'] as const) {
      it(`${scope}, ${rounding}: every trader's, the top-level and the old arm's breakdowns`, () => {
        const e = aggregateSamples(ctx({ scope, focalAgent: scope === 'focal_agent' ? 'H3' : null, rounding }), samples);
        for (const id of Object.keys(e.agent_stats)) {
          const want = floorMeans(nw.map((m) => m.agents.find((a) => a.agent_id === id)!.cost_breakdown));
          expect(e.agent_stats[id]!.cost_breakdown, id).toEqual(want);
        }
        expect(e.cost_breakdown).toEqual(floorMeans(nw.map((m) => breakdownOf(m, scope, 'H3'))));
        expect(e.old_cost_breakdown).toEqual(floorMeans(old.map((m) => breakdownOf(m, scope, 'H3'))));
        // the run must exercise a negative component, where floor and truncation differ
        expect(nw.some((m) => m.agents.some((a) => a.cost_breakdown.investment_pnl_offset < 0n))).toBe(true);
      });
    }
  }

  it('hand-built: investment_pnl_offset −1 and −2 over two samples has the floor mean −2 (truncation gives −1), in both modes', () => {
    const s = [-1n, -2n].map((x, i) => ({
      seed: i,
      old: arm({ H1: {} }),
      new: arm({ H1: { b: { investment_pnl_offset: x, credit_loss: 7n } } }),
    }));
    for (const rounding of ['exact', 'simcash'] as const) {
      const e = aggregateSamples(ctx({ rounding }), s);
      expect(e.agent_stats.H1!.cost_breakdown.investment_pnl_offset).toBe(-2n);
      expect(e.cost_breakdown.investment_pnl_offset).toBe(-2n);
      expect(e.cost_breakdown.credit_loss).toBe(7n);
    }
  });
});
