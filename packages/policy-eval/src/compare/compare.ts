import { createHash } from 'node:crypto';
import { D, canon, canonicalJson, getProfile, isProfileName, policyProfiles, resolveConfig, simulate } from '@ring/engine';
import type { RunConfig, RunConfigInput, SpecRunConfig, TraderPolicy } from '@ring/engine';
import { COST_KEYS, createPolicyMetricsCollector, resolveCostRates, sumBreakdown } from '@ring/metrics';
import type { CostBreakdown, CostKey, CostRates, CostRatesInput, RunPolicyMetrics } from '@ring/metrics';
import { centStatistics, floorDiv, percentileBootstrapCents } from '../stats';
import { CompareOptionsError } from './errors';
import { checkConstraints, parsePolicyDocument, resolveConstraints } from './policy';
import type { PolicyConstraints, PolicyDocument, PolicyDocumentInput } from './policy';
import { iterationSeed, sampleSeed } from './seeds';
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

/** Default number of samples in bootstrap mode. */
export const DEFAULT_BOOTSTRAP_SAMPLES = 30;
/** Default number of percentile-bootstrap resamples (docs/policy-eval.md §9). */
export const DEFAULT_PERCENTILE_RESAMPLES = 2000;
/** Upper bound on samples (a guard against typos such as 1e9). */
export const MAX_SAMPLES = 100_000;

/** The cost keys of each objective (docs/policy-eval.md §4.2). */
export const OBJECTIVE_KEYS: Readonly<Record<Objective, readonly CostKey[]>> = {
  total: COST_KEYS,
  default_loss: ['deadline_penalty', 'credit_loss'],
};

/** Options of {@link comparePolicies}. Only `scenario`, `oldPolicy` and `newPolicy` are required. */
export interface ComparePoliciesOptions {
  /**
   * The run configuration of the scenario, of a profile with trader policies (`spec` when it names
   * none; `bilancio2026` too). Its `seed` is the master seed unless `masterSeed` is given. Resolved
   * configurations are typed as `SpecRunConfig`; any profile's resolved configuration is accepted.
   */
  readonly scenario: RunConfigInput | SpecRunConfig;
  readonly oldPolicy: PolicyDocumentInput | PolicyDocument;
  readonly newPolicy: PolicyDocumentInput | PolicyDocument;
  /** Default `deterministic`. */
  readonly mode?: EvaluationMode;
  /** Bootstrap: number of paired samples N ≥ 1 (default 30). Deterministic: absent or 1. */
  readonly samples?: number;
  /** Default `all_agents`. */
  readonly scope?: EvaluationScope;
  /** The focal trader id (required for `focal_agent`). */
  readonly focalAgent?: string;
  /** 0-based iteration of a surrounding optimisation loop (default 0). */
  readonly iteration?: number;
  /** Default: the scenario's seed. */
  readonly masterSeed?: number;
  /** Default `total`. */
  readonly objective?: Objective;
  readonly costRates?: CostRatesInput;
  /** CI of the paired deltas: `t` (default) or `percentile`. */
  readonly ci?: CiMethod;
  /** Percentile-bootstrap resamples B (default 2000). */
  readonly percentileResamples?: number;
  /** `exact` (default) or `simcash` parity for the statistics. */
  readonly rounding?: Rounding;
  /** Experiment constraints; a new policy outside them is rejected before any run. */
  readonly constraints?: PolicyConstraints;
}

/** Every option validated and filled in. */
export interface ResolvedCompareOptions {
  readonly base: SpecRunConfig;
  readonly oldPolicy: PolicyDocument;
  readonly newPolicy: PolicyDocument;
  readonly mode: EvaluationMode;
  readonly samples: number;
  readonly scope: EvaluationScope;
  readonly focalAgent: string | null;
  readonly iteration: number;
  readonly masterSeed: number;
  readonly objective: Objective;
  readonly costRates: CostRates;
  readonly ci: CiMethod;
  readonly percentileResamples: number;
  readonly rounding: Rounding;
  readonly traderIds: readonly string[];
}

/** One run to perform: a fully resolved configuration and the cost rates. Structured-clonable (worker-safe). */
export interface ArmJob {
  readonly sample: number;
  readonly arm: 'old' | 'new';
  readonly config: SpecRunConfig;
  readonly costRates: CostRates;
}

/** What a run contributes to an evaluation. Structured-clonable. */
export interface ArmOutcome {
  readonly run_id: string;
  /** δ of docs/model.md §11 as a D string (null when nothing was created). */
  readonly delta: string | null;
  readonly metrics: RunPolicyMetrics;
}

/** A planned comparison: the resolved options, the per-sample seeds and the runs to perform (old, new per sample). */
export interface ComparisonPlan {
  readonly options: ResolvedCompareOptions;
  readonly iterationSeed: number;
  readonly seeds: readonly number[];
  readonly jobs: readonly ArmJob[];
}

function intOpt(v: unknown, field: string, allowed: string, ok: (n: number) => boolean): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || !ok(v)) throw new CompareOptionsError(field, allowed, v);
  return v;
}

function oneOf<T extends string>(v: unknown, field: string, values: readonly T[], dflt: T): T {
  if (v === undefined) return dflt;
  if (!(values as readonly unknown[]).includes(v)) throw new CompareOptionsError(field, values.map((x) => `"${x}"`).join(' or '), v);
  return v as T;
}

function policyProfileError(profile: unknown): CompareOptionsError {
  const names = policyProfiles().map((n) => `"${n}"`);
  return new CompareOptionsError(
    'scenario.profile',
    `${names.join(' or ')} (policy evaluation needs a profile with trader policies)`,
    profile,
  );
}

function isResolved(c: RunConfigInput | RunConfig): c is RunConfig {
  return (c as RunConfig).schema === 'ring-run/1';
}

const OPTION_KEYS = [
  'scenario',
  'oldPolicy',
  'newPolicy',
  'mode',
  'samples',
  'scope',
  'focalAgent',
  'iteration',
  'masterSeed',
  'objective',
  'costRates',
  'ci',
  'percentileResamples',
  'rounding',
  'constraints',
];

/**
 * Validate and fill in the options of a comparison. Every error is typed and names the field
 * (`CompareOptionsError`, `PolicyValidationError`, the engine's `ConfigValidationError`,
 * `CostRatesError`), and nothing is run.
 */
export function resolveCompareOptions(o: ComparePoliciesOptions): ResolvedCompareOptions {
  if (o === null || typeof o !== 'object') throw new CompareOptionsError('options', 'an object', o);
  for (const k of Object.keys(o)) if (!OPTION_KEYS.includes(k)) throw new CompareOptionsError(k, `one of ${OPTION_KEYS.join(', ')}`, k);
  if (o.scenario === null || typeof o.scenario !== 'object')
    throw new CompareOptionsError('scenario', 'a spec run configuration', o.scenario);
  // Policy evaluation needs a profile that declares trader policies (the registry knows which).
  const named = (o.scenario as { profile?: unknown }).profile;
  if (named !== undefined && !(isProfileName(named) && getProfile(named).policy)) throw policyProfileError(named);
  const cfg = isResolved(o.scenario) ? o.scenario : resolveConfig(o.scenario);
  const policy = getProfile(cfg.profile).policy;
  if (!policy) throw policyProfileError(cfg.profile);
  const base = { ...cfg, regime: 'active' } as SpecRunConfig;
  if (o.oldPolicy === undefined) throw new CompareOptionsError('oldPolicy', 'a policy document (required)', undefined);
  if (o.newPolicy === undefined) throw new CompareOptionsError('newPolicy', 'a policy document (required)', undefined);
  const oldPolicy = parsePolicyDocument(o.oldPolicy, 'old', policy.resolve);
  const newPolicy = parsePolicyDocument(o.newPolicy, 'new', policy.resolve);
  const mode = oneOf(o.mode, 'mode', ['deterministic', 'bootstrap'] as const, 'deterministic');
  let samples: number;
  if (mode === 'deterministic') {
    if (o.samples !== undefined && o.samples !== 1)
      throw new CompareOptionsError('samples', 'absent or 1 in deterministic mode', o.samples);
    samples = 1;
  } else {
    samples =
      o.samples === undefined
        ? DEFAULT_BOOTSTRAP_SAMPLES
        : intOpt(o.samples, 'samples', `an integer in [1, ${MAX_SAMPLES}]`, (n) => n >= 1 && n <= MAX_SAMPLES);
  }
  const scope = oneOf(o.scope, 'scope', ['all_agents', 'focal_agent'] as const, 'all_agents');
  const traderIds = policy.traderIds(base);
  let focalAgent: string | null = null;
  if (scope === 'focal_agent') {
    if (typeof o.focalAgent !== 'string' || !traderIds.includes(o.focalAgent)) {
      throw new CompareOptionsError(
        'focalAgent',
        `a trader id of the scenario (${traderIds[0]} … ${traderIds[traderIds.length - 1]})`,
        o.focalAgent,
      );
    }
    focalAgent = o.focalAgent;
  } else if (o.focalAgent !== undefined) {
    throw new CompareOptionsError('focalAgent', 'absent when scope is "all_agents"', o.focalAgent);
  }
  const iteration = o.iteration === undefined ? 0 : intOpt(o.iteration, 'iteration', 'an integer ≥ 0', (n) => n >= 0);
  const masterSeed = o.masterSeed === undefined ? base.seed : intOpt(o.masterSeed, 'masterSeed', 'an integer ≥ 0', (n) => n >= 0);
  const objective = oneOf(o.objective, 'objective', ['total', 'default_loss'] as const, 'total');
  const costRates = resolveCostRates(o.costRates ?? {});
  const ci = oneOf(o.ci, 'ci', ['t', 'percentile'] as const, 't');
  const percentileResamples =
    o.percentileResamples === undefined
      ? DEFAULT_PERCENTILE_RESAMPLES
      : intOpt(o.percentileResamples, 'percentileResamples', 'an integer in [1, 1000000]', (n) => n >= 1 && n <= 1_000_000);
  const rounding = oneOf(o.rounding, 'rounding', ['exact', 'simcash'] as const, 'exact');
  if (o.constraints !== undefined)
    checkConstraints(newPolicy, resolveConstraints(o.constraints, 'constraints', policy.keys), base, 'new', policy.defaults(base));
  return {
    base,
    oldPolicy,
    newPolicy,
    mode,
    samples,
    scope,
    focalAgent,
    iteration,
    masterSeed,
    objective,
    costRates,
    ci,
    percentileResamples,
    rounding,
    traderIds,
  };
}

/** The `policies` map of one arm (docs/policy-eval.md §4.1): every trader, or the focal trader on top of the scenario's policies. */
export function armPolicies(o: ResolvedCompareOptions, policy: PolicyDocument): Record<string, Partial<TraderPolicy>> {
  const params = policy.parameters;
  const nonEmpty = Object.keys(params).length > 0;
  if (o.scope === 'all_agents') {
    const out: Record<string, Partial<TraderPolicy>> = {};
    if (nonEmpty) for (const id of o.traderIds) out[id] = { ...params };
    return out;
  }
  const out: Record<string, Partial<TraderPolicy>> = { ...o.base.policies };
  delete out[o.focalAgent!];
  if (nonEmpty) out[o.focalAgent!] = { ...params };
  return out;
}

/** Resolve the options and list the runs: for each sample, the old arm then the new arm, with one common seed. */
export function planComparison(options: ComparePoliciesOptions): ComparisonPlan {
  const o = resolveCompareOptions(options);
  const iterSeed = iterationSeed(o.masterSeed, o.iteration, o.focalAgent ?? 'ALL');
  const seeds = o.mode === 'deterministic' ? [iterSeed] : Array.from({ length: o.samples }, (_, i) => sampleSeed(iterSeed, i));
  const oldPolicies = armPolicies(o, o.oldPolicy);
  const newPolicies = armPolicies(o, o.newPolicy);
  const jobs: ArmJob[] = [];
  seeds.forEach((seed, i) => {
    jobs.push({ sample: i, arm: 'old', config: { ...o.base, seed, policies: oldPolicies }, costRates: o.costRates });
    jobs.push({ sample: i, arm: 'new', config: { ...o.base, seed, policies: newPolicies }, costRates: o.costRates });
  });
  return { options: o, iterationSeed: iterSeed, seeds, jobs };
}

/** Perform one run of a plan and reduce its events to policy metrics. Pure; safe to call in a worker. */
export function runArmJob(job: ArmJob): ArmOutcome {
  const c = createPolicyMetricsCollector({ costRates: job.costRates, overdraftRateBpsPerDay: job.config.overdraft?.rateBpsPerDay ?? '0' });
  const result = simulate(job.config, { observer: c.observer, events: c.events });
  return { run_id: result.runId, delta: result.delta, metrics: c.finish() };
}

// ---- aggregation (docs/policy-eval.md §8, §9) ----------------------------------------------------------

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

function truncDiv(a: bigint, n: bigint): bigint {
  return a / n;
}

function zeroBreakdown(): CostBreakdown {
  return { delay_cost: 0n, overdraft_cost: 0n, deadline_penalty: 0n, eod_penalty: 0n, credit_loss: 0n, investment_pnl_offset: 0n };
}

function big(x: number | null): bigint | null {
  return x === null ? null : BigInt(x);
}

/**
 * Aggregate paired samples into a {@link PolicyPairEvaluation} (docs/policy-eval.md §8): the cost of a run
 * is the focal trader's objective cost or the system's; integer means are floor divisions; every
 * trader's statistics come from its own per-sample costs; statistics are null for N < 2.
 */
export function aggregateSamples(ctx: AggregationContext, samples: readonly PairedSample[]): PolicyPairEvaluation {
  const n = samples.length;
  if (n === 0) throw new CompareOptionsError('samples', 'at least one paired sample', 0);
  const N = BigInt(n);
  const mean = ctx.rounding === 'exact' ? (a: bigint) => floorDiv(a, N) : (a: bigint) => truncDiv(a, N);
  const keys = OBJECTIVE_KEYS[ctx.objective];
  const ids = samples[0]!.new.metrics.agents.map((a) => a.agent_id);
  for (const s of samples) {
    for (const arm of [s.old, s.new]) {
      const got = arm.metrics.agents.map((a) => a.agent_id);
      if (got.length !== ids.length || got.some((id, i) => id !== ids[i]))
        throw new Error('aggregateSamples: the arms of a comparison must have the same traders in the same order');
    }
  }
  if (ctx.scope === 'focal_agent' && (ctx.focalAgent === null || !ids.includes(ctx.focalAgent))) {
    throw new CompareOptionsError('focalAgent', 'a trader of the runs', ctx.focalAgent);
  }
  const focalIndex = ctx.focalAgent === null ? -1 : ids.indexOf(ctx.focalAgent);
  const systemObjective = (m: RunPolicyMetrics): bigint => m.agents.reduce((s, a) => s + sumBreakdown(a.cost_breakdown, keys), 0n);
  const runCost = (m: RunPolicyMetrics): bigint =>
    ctx.scope === 'focal_agent' ? sumBreakdown(m.agents[focalIndex]!.cost_breakdown, keys) : systemObjective(m);

  const sampleResults: SampleEvaluationResult[] = samples.map((s, i) => {
    const oldCost = runCost(s.old.metrics);
    const newCost = runCost(s.new.metrics);
    return { sample_index: i, seed: s.seed, old_cost: oldCost, new_cost: newCost, delta: oldCost - newCost };
  });
  const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n);
  const deltas = sampleResults.map((r) => r.delta);
  const newCosts = sampleResults.map((r) => r.new_cost);
  const deltaSum = sum(deltas);
  const newStats = centStatistics(newCosts, ctx.rounding);
  let deltaCi: [bigint, bigint] | null = null;
  if (ctx.ci === 't') {
    const ds = centStatistics(deltas, ctx.rounding);
    deltaCi = ds.ci95 ? [BigInt(ds.ci95[0]), BigInt(ds.ci95[1])] : null;
  } else {
    const pb = percentileBootstrapCents(deltas, ctx.iterationSeed, ctx.percentileResamples);
    deltaCi = pb ? [BigInt(pb.ci95[0]), BigInt(pb.ci95[1])] : null;
  }

  // Per-trader statistics of the new arm, each from that trader's own samples.
  const agentStats: Record<string, AgentStats> = {};
  ids.forEach((id, ai) => {
    const costs: bigint[] = [];
    let oldSum = 0n;
    const comp = zeroBreakdown();
    let sr = 0;
    let ad = 0;
    let pr = 0;
    let dr = 0;
    let nm = 0;
    let ns = 0;
    let nd = 0;
    let dtdSum = 0;
    let dtdCount = 0;
    for (const s of samples) {
      const a = s.new.metrics.agents[ai]!;
      costs.push(sumBreakdown(a.cost_breakdown, keys));
      oldSum += sumBreakdown(s.old.metrics.agents[ai]!.cost_breakdown, keys);
      for (const k of COST_KEYS) comp[k] += a.cost_breakdown[k];
      sr += a.settlement_rate;
      ad += a.avg_delay;
      pr += a.payoff_rate;
      dr += a.default_rate;
      nm += a.n_matured;
      ns += a.n_settled;
      nd += a.n_defaulted;
      if (a.avg_days_to_default !== null) {
        dtdSum += a.avg_days_to_default;
        dtdCount += 1;
      }
    }
    const st = centStatistics(costs, ctx.rounding);
    const breakdown = zeroBreakdown();
    for (const k of COST_KEYS) breakdown[k] = mean(comp[k]);
    agentStats[id] = {
      cost: mean(sum(costs)),
      settlement_rate: sr / n,
      avg_delay: ad / n,
      payoff_rate: pr / n,
      default_rate: dr / n,
      cost_breakdown: breakdown,
      std_dev: big(st.stdDev),
      ci_95_lower: st.ci95 ? BigInt(st.ci95[0]) : null,
      ci_95_upper: st.ci95 ? BigInt(st.ci95[1]) : null,
      n_matured: nm / n,
      n_settled: ns / n,
      n_defaulted: nd / n,
      avg_days_to_default: dtdCount === 0 ? null : dtdSum / dtdCount,
      old_cost: mean(oldSum),
    };
  });

  // Top level: system means of the new arm (old_* of the old arm).
  const sys = (arm: 'old' | 'new') => {
    let sr = 0;
    let ad = 0;
    let pr = 0;
    let dr = 0;
    let delta = new D(0);
    let cost = 0n;
    const comp = zeroBreakdown();
    for (const s of samples) {
      const m = s[arm].metrics;
      sr += m.system.settlement_rate;
      ad += m.system.avg_delay;
      pr += m.system.payoff_rate;
      dr += m.system.default_rate;
      delta = delta.plus(s[arm].delta ?? '0');
      cost += systemObjective(m);
      const src = ctx.scope === 'focal_agent' ? m.agents[focalIndex]!.cost_breakdown : m.system.cost_breakdown;
      for (const k of COST_KEYS) comp[k] += src[k];
    }
    const breakdown = zeroBreakdown();
    for (const k of COST_KEYS) breakdown[k] = mean(comp[k]);
    const deltaMean = delta.div(n);
    return { sr: sr / n, ad: ad / n, pr: pr / n, dr: dr / n, delta: deltaMean, cost: mean(cost), breakdown };
  };
  const sNew = sys('new');
  const sOld = sys('old');
  const relief = ctx.scope === 'all_agents' ? (sOld.delta.gt(0) ? Number(canon(sOld.delta.minus(sNew.delta).div(sOld.delta))) : 0) : null;

  return {
    sample_results: sampleResults,
    delta_sum: deltaSum,
    mean_delta: mean(deltaSum),
    mean_old_cost: mean(sum(sampleResults.map((r) => r.old_cost))),
    mean_new_cost: mean(sum(newCosts)),
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
    delta_ci_95: deltaCi,
    agent_stats: agentStats,
    system_cost: sNew.cost,
    old_system_cost: sOld.cost,
    relief_ratio: relief,
    objective: ctx.objective,
    objective_keys: [...keys],
    scope: ctx.scope,
    focal_agent: ctx.focalAgent,
    sampling: ctx.mode === 'deterministic' ? 'deterministic' : 'crn_montecarlo',
    aggregation: 'mean_of_samples',
    ci_method: ctx.ci,
    rounding: ctx.rounding,
    num_samples: n,
    iteration_seed: ctx.iterationSeed,
  };
}

/** Combine a plan with the outcomes of its jobs (in job order) into the evaluation. */
export function evaluatePlan(plan: ComparisonPlan, outcomes: readonly ArmOutcome[]): PolicyPairEvaluation {
  if (outcomes.length !== plan.jobs.length) throw new Error(`evaluatePlan: expected ${plan.jobs.length} outcomes, got ${outcomes.length}`);
  const o = plan.options;
  const samples: PairedSample[] = plan.seeds.map((seed, i) => ({ seed, old: outcomes[2 * i]!, new: outcomes[2 * i + 1]! }));
  return aggregateSamples(
    {
      mode: o.mode,
      scope: o.scope,
      focalAgent: o.focalAgent,
      objective: o.objective,
      ci: o.ci,
      rounding: o.rounding,
      percentileResamples: o.percentileResamples,
      iterationSeed: plan.iterationSeed,
    },
    samples,
  );
}

/**
 * Compare an old and a new trader policy on a ring of a profile with trader policies (`spec`, or
 * `bilancio2026` whose policies are its `traderProfile` fields) with paired runs that share every
 * random draw (docs/policy-eval.md §4–§9). Deterministic mode runs one pair with the iteration seed;
 * bootstrap mode runs N pairs with the sample seeds. Synchronous and pure.
 */
export function comparePolicies(options: ComparePoliciesOptions): PolicyPairEvaluation {
  const plan = planComparison(options);
  return evaluatePlan(plan, plan.jobs.map(runArmJob));
}

/** Runs the jobs of a plan, e.g. on a worker pool; must return the outcomes in job order. */
export type ArmExecutor = (jobs: readonly ArmJob[]) => Promise<readonly ArmOutcome[]>;

/**
 * {@link comparePolicies} with the runs delegated to an executor (a worker pool). The result does
 * not depend on the executor: outcomes are consumed in job order.
 */
export async function comparePoliciesAsync(options: ComparePoliciesOptions, executor?: ArmExecutor): Promise<PolicyPairEvaluation> {
  const plan = planComparison(options);
  const outcomes = executor ? await executor(plan.jobs) : plan.jobs.map(runArmJob);
  return evaluatePlan(plan, outcomes);
}

/**
 * A deterministic identifier of a comparison: `eval_` + 12 hex digits of SHA-256 of the canonical
 * JSON of its resolved options (scenario, both policies, mode, samples, scope, seeds, objective,
 * cost rates, CI method, rounding). Used as the record's `run_id`.
 */
export function comparisonId(options: ComparePoliciesOptions | ResolvedCompareOptions): string {
  const o = 'traderIds' in options ? options : resolveCompareOptions(options);
  const { traderIds: _ids, ...rest } = o;
  const json = canonicalJson({ schema: 'ring-policy-eval/1', ...rest });
  return `eval_${createHash('sha256').update(json, 'utf8').digest('hex').slice(0, 12)}`;
}
