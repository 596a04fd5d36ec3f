import { D, canon } from '@ring/engine';
import { COST_KEYS, sumBreakdown } from '@ring/metrics';
import type { AgentPolicyMetrics, CostBreakdown, CostKey, RunPolicyMetrics } from '@ring/metrics';
import { centStatistics, floorDiv, percentileBootstrapCents } from '../stats';
import type { ArmOutcome } from './compare';
import { CompareOptionsError } from './errors';
import type {
  AgentStats,
  CiMethod,
  EvaluationMode,
  EvaluationScope,
  Objective,
  PolicyPairEvaluation,
  Rounding,
  SampleEvaluationResult,
} from './types';

/*
 * Aggregation of paired samples into an evaluation (docs/policy-eval.md §8, §9), as named steps: check the
 * arms, cost each run, the per-sample deltas and their interval, per-trader statistics, the means
 * of each arm, the relief ratio.
 */

/** The cost keys of each objective (docs/policy-eval.md §4.2). */
export const OBJECTIVE_KEYS: Readonly<Record<Objective, readonly CostKey[]>> = {
  total: COST_KEYS,
  default_loss: ['deadline_penalty', 'credit_loss'],
};

/** What {@link aggregateSamples} needs to know about the comparison. */
export interface AggregationContext {
  readonly mode: EvaluationMode;
  readonly scope: EvaluationScope;
  readonly focalAgent: string | null;
  readonly objective: Objective;
  readonly ci: CiMethod;
  readonly rounding: Rounding;
  readonly percentileResamples: number;
  readonly iterationSeed: number;
}

/** One paired sample: the seed used by both arms and their outcomes. */
export interface PairedSample {
  readonly seed: number;
  readonly old: ArmOutcome;
  readonly new: ArmOutcome;
}

/** An integer mean of a sum over the samples (mode-dependent for costs, see {@link costMean}). */
type Mean = (sum: bigint) => bigint;

/** The aggregation's fixed facts: sample count, objective keys, traders and how a run is costed. */
interface Frame {
  readonly n: number;
  readonly N: bigint;
  readonly keys: readonly CostKey[];
  readonly ids: readonly string[];
  /** Index of the focal trader, −1 without one. */
  readonly focalIndex: number;
  /** Integer mean of costs (docs/policy-eval.md §8.2; truncated in SimCash parity, §9). */
  readonly costMean: Mean;
}

function zeroBreakdown(): CostBreakdown {
  return { delay_cost: 0n, overdraft_cost: 0n, deadline_penalty: 0n, eod_penalty: 0n, credit_loss: 0n, investment_pnl_offset: 0n };
}

function big(x: number | null): bigint | null {
  return x === null ? null : BigInt(x);
}

const sum = (xs: readonly bigint[]): bigint => xs.reduce((a, b) => a + b, 0n);

/**
 * floorDiv means in exact mode; truncation toward zero in SimCash parity mode (docs/policy-eval.md §9:
 * "mean … truncated toward zero") for the costs.
 */
function costMean(rounding: Rounding, N: bigint): Mean {
  return rounding === 'exact' ? (a) => floorDiv(a, N) : (a) => a / N;
}

/**
 * Per-key means of summed breakdowns: floorDiv(Σ_i component_k,i, N) for each of the six keys in
 * every mode (docs/policy-eval.md §8.2), so a negative component (investment_pnl_offset) rounds down.
 */
function breakdownMean(total: CostBreakdown, N: bigint): CostBreakdown {
  const out = zeroBreakdown();
  for (const k of COST_KEYS) out[k] = floorDiv(total[k], N);
  return out;
}

function addBreakdown(into: CostBreakdown, b: CostBreakdown): void {
  for (const k of COST_KEYS) into[k] += b[k];
}

/** The traders of the runs; every arm must list the same traders in the same order. */
function tradersOf(samples: readonly PairedSample[]): string[] {
  const ids = samples[0]!.new.metrics.agents.map((a) => a.agent_id);
  for (const s of samples) {
    for (const arm of [s.old, s.new]) {
      const got = arm.metrics.agents.map((a) => a.agent_id);
      if (got.length !== ids.length || got.some((id, i) => id !== ids[i]))
        throw new CompareOptionsError(
          'samples',
          `arms with the same ${ids.length} traders in the same order`,
          got.length === ids.length ? 'the same traders in another order' : `${got.length} traders`,
        );
    }
  }
  return ids;
}

function frameOf(ctx: AggregationContext, samples: readonly PairedSample[]): Frame {
  const n = samples.length;
  if (n === 0) throw new CompareOptionsError('samples', 'at least one paired sample', 0);
  const ids = tradersOf(samples);
  if (ctx.scope === 'focal_agent' && (ctx.focalAgent === null || !ids.includes(ctx.focalAgent))) {
    throw new CompareOptionsError('focalAgent', 'a trader of the runs', ctx.focalAgent);
  }
  const N = BigInt(n);
  return {
    n,
    N,
    keys: OBJECTIVE_KEYS[ctx.objective],
    ids,
    focalIndex: ctx.focalAgent === null ? -1 : ids.indexOf(ctx.focalAgent),
    costMean: costMean(ctx.rounding, N),
  };
}

/** The system's objective cost of a run: Σ over every trader. */
function systemCost(f: Frame, m: RunPolicyMetrics): bigint {
  return m.agents.reduce((s, a) => s + sumBreakdown(a.cost_breakdown, f.keys), 0n);
}

/** The cost of a run for the comparison (docs/policy-eval.md §4.1): the focal trader's, or the system's. */
function runCost(ctx: AggregationContext, f: Frame, m: RunPolicyMetrics): bigint {
  return ctx.scope === 'focal_agent' ? sumBreakdown(m.agents[f.focalIndex]!.cost_breakdown, f.keys) : systemCost(f, m);
}

/** Per-sample old and new costs and delta = old − new. */
function sampleResultsOf(ctx: AggregationContext, f: Frame, samples: readonly PairedSample[]): SampleEvaluationResult[] {
  return samples.map((s, i) => {
    const oldCost = runCost(ctx, f, s.old.metrics);
    const newCost = runCost(ctx, f, s.new.metrics);
    return { sample_index: i, seed: s.seed, old_cost: oldCost, new_cost: newCost, delta: oldCost - newCost };
  });
}

/** The 95 % interval of the paired deltas: t-based, or the percentile bootstrap (docs/policy-eval.md §9). */
function deltaInterval(ctx: AggregationContext, deltas: readonly bigint[]): [bigint, bigint] | null {
  if (ctx.ci === 't') {
    const ds = centStatistics(deltas, ctx.rounding);
    return ds.ci95 ? [BigInt(ds.ci95[0]), BigInt(ds.ci95[1])] : null;
  }
  const pb = percentileBootstrapCents(deltas, ctx.iterationSeed, ctx.percentileResamples);
  return pb ? [BigInt(pb.ci95[0]), BigInt(pb.ci95[1])] : null;
}

/** One trader's statistics in the new arm, from its own per-sample costs (docs/policy-eval.md §8.2). */
function agentStatsOf(ctx: AggregationContext, f: Frame, samples: readonly PairedSample[], ai: number): AgentStats {
  const costs: bigint[] = [];
  let oldSum = 0n;
  const components = zeroBreakdown();
  const rates = { sr: 0, ad: 0, pr: 0, dr: 0, nm: 0, ns: 0, nd: 0 };
  let dtdSum = 0;
  let dtdCount = 0;
  for (const s of samples) {
    const a: AgentPolicyMetrics = s.new.metrics.agents[ai]!;
    costs.push(sumBreakdown(a.cost_breakdown, f.keys));
    oldSum += sumBreakdown(s.old.metrics.agents[ai]!.cost_breakdown, f.keys);
    addBreakdown(components, a.cost_breakdown);
    rates.sr += a.settlement_rate;
    rates.ad += a.avg_delay;
    rates.pr += a.payoff_rate;
    rates.dr += a.default_rate;
    rates.nm += a.n_matured;
    rates.ns += a.n_settled;
    rates.nd += a.n_defaulted;
    if (a.avg_days_to_default !== null) {
      dtdSum += a.avg_days_to_default;
      dtdCount += 1;
    }
  }
  const st = centStatistics(costs, ctx.rounding);
  const { n } = f;
  return {
    cost: f.costMean(sum(costs)),
    settlement_rate: rates.sr / n,
    avg_delay: rates.ad / n,
    payoff_rate: rates.pr / n,
    default_rate: rates.dr / n,
    cost_breakdown: breakdownMean(components, f.N),
    std_dev: big(st.stdDev),
    ci_95_lower: st.ci95 ? BigInt(st.ci95[0]) : null,
    ci_95_upper: st.ci95 ? BigInt(st.ci95[1]) : null,
    n_matured: rates.nm / n,
    n_settled: rates.ns / n,
    n_defaulted: rates.nd / n,
    avg_days_to_default: dtdCount === 0 ? null : dtdSum / dtdCount,
    old_cost: f.costMean(oldSum),
  };
}

/** System-level means of one arm over the samples. */
interface ArmMeans {
  readonly sr: number;
  readonly ad: number;
  readonly pr: number;
  readonly dr: number;
  /** Mean δ (D). */
  readonly delta: D;
  readonly cost: bigint;
  readonly breakdown: CostBreakdown;
}

/**
 * Means of one arm: system rates and δ (sequential sums / N), the system cost, and the breakdown —
 * the focal trader's per-key floor means, or (all_agents) those of the per-sample system sums.
 */
function armMeansOf(ctx: AggregationContext, f: Frame, samples: readonly PairedSample[], arm: 'old' | 'new'): ArmMeans {
  let sr = 0;
  let ad = 0;
  let pr = 0;
  let dr = 0;
  let delta = new D(0);
  let cost = 0n;
  const components = zeroBreakdown();
  for (const s of samples) {
    const m = s[arm].metrics;
    sr += m.system.settlement_rate;
    ad += m.system.avg_delay;
    pr += m.system.payoff_rate;
    dr += m.system.default_rate;
    delta = delta.plus(s[arm].delta ?? '0');
    cost += systemCost(f, m);
    addBreakdown(components, ctx.scope === 'focal_agent' ? m.agents[f.focalIndex]!.cost_breakdown : m.system.cost_breakdown);
  }
  const { n } = f;
  return {
    sr: sr / n,
    ad: ad / n,
    pr: pr / n,
    dr: dr / n,
    delta: delta.div(n),
    cost: f.costMean(cost),
    breakdown: breakdownMean(components, f.N),
  };
}

/** (δ_old − δ_new)/δ_old of the means when δ_old > 0, else 0; all_agents only (docs/policy-eval.md §4.3). */
function reliefRatio(ctx: AggregationContext, old: ArmMeans, nw: ArmMeans): number | null {
  if (ctx.scope !== 'all_agents') return null;
  return old.delta.gt(0) ? Number(canon(old.delta.minus(nw.delta).div(old.delta))) : 0;
}

/**
 * Aggregate paired samples into a {@link PolicyPairEvaluation} (docs/policy-eval.md §8): the cost of a run
 * is the focal trader's objective cost or the system's; integer means are floor divisions (costs
 * are truncated in SimCash parity mode; breakdowns are floor means in every mode); every trader's
 * statistics come from its own per-sample costs; statistics are null for N < 2.
 */
export function aggregateSamples(ctx: AggregationContext, samples: readonly PairedSample[]): PolicyPairEvaluation {
  const f = frameOf(ctx, samples);
  const sampleResults = sampleResultsOf(ctx, f, samples);
  const deltas = sampleResults.map((r) => r.delta);
  const newCosts = sampleResults.map((r) => r.new_cost);
  const deltaSum = sum(deltas);
  const newStats = centStatistics(newCosts, ctx.rounding);
  const agentStats: Record<string, AgentStats> = {};
  f.ids.forEach((id, ai) => {
    agentStats[id] = agentStatsOf(ctx, f, samples, ai);
  });
  const sNew = armMeansOf(ctx, f, samples, 'new');
  const sOld = armMeansOf(ctx, f, samples, 'old');
  return {
    sample_results: sampleResults,
    delta_sum: deltaSum,
    mean_delta: f.costMean(deltaSum),
    mean_old_cost: f.costMean(sum(sampleResults.map((r) => r.old_cost))),
    mean_new_cost: f.costMean(sum(newCosts)),
    settlement_rate: sNew.sr,
    avg_delay: sNew.ad,
    payoff_rate: sNew.pr,
    default_rate: sNew.dr,
    delta: canon(sNew.delta),
    old_settlement_rate: sOld.sr,
    old_avg_delay: sOld.ad,
    old_payoff_rate: sOld.pr,
    old_default_rate: sOld.dr,
    old_delta: canon(sOld.delta),
    cost_breakdown: sNew.breakdown,
    old_cost_breakdown: sOld.breakdown,
    cost_std_dev: big(newStats.stdDev),
    confidence_interval_95: newStats.ci95 ? [BigInt(newStats.ci95[0]), BigInt(newStats.ci95[1])] : null,
    delta_ci_95: deltaInterval(ctx, deltas),
    agent_stats: agentStats,
    system_cost: sNew.cost,
    old_system_cost: sOld.cost,
    relief_ratio: reliefRatio(ctx, sOld, sNew),
    objective: ctx.objective,
    objective_keys: [...f.keys],
    scope: ctx.scope,
    focal_agent: ctx.focalAgent,
    sampling: ctx.mode === 'deterministic' ? 'deterministic' : 'crn_montecarlo',
    aggregation: 'mean_of_samples',
    ci_method: ctx.ci,
    rounding: ctx.rounding,
    num_samples: f.n,
    iteration_seed: ctx.iterationSeed,
  };
}
