import { createHash } from 'node:crypto';
import { canonicalJson, getProfile, isProfileName, policyProfiles, resolveConfig, simulate } from '@ring/engine';
import type { RunConfig, RunConfigInput, SpecRunConfig, TraderPolicy } from '@ring/engine';
import { createPolicyMetricsCollector, resolveCostRates } from '@ring/metrics';
import type { CostRates, CostRatesInput, RunPolicyMetrics } from '@ring/metrics';
import { aggregateSamples } from './aggregate';
import { CompareOptionsError } from './errors';
import { checkConstraints, parsePolicyDocument, resolveConstraints } from './policy';
import type { PolicyConstraints, PolicyDocument, PolicyDocumentInput } from './policy';
import { iterationSeed, sampleSeed } from './seeds';
import type { PairedSample } from './aggregate';
import type { CiMethod, EvaluationMode, EvaluationScope, Objective, PolicyPairEvaluation, Rounding } from './types';

export { OBJECTIVE_KEYS, aggregateSamples } from './aggregate';
export type { AggregationContext, PairedSample } from './aggregate';

/** Default number of samples in bootstrap mode. */
export const DEFAULT_BOOTSTRAP_SAMPLES = 30;
/** Default number of percentile-bootstrap resamples (docs/policy-eval.md §9). */
export const DEFAULT_PERCENTILE_RESAMPLES = 2000;
/** Upper bound on samples (a guard against typos such as 1e9). */
export const MAX_SAMPLES = 100_000;

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

/** Combine a plan with the outcomes of its jobs (in job order) into the evaluation. */
export function evaluatePlan(plan: ComparisonPlan, outcomes: readonly ArmOutcome[]): PolicyPairEvaluation {
  if (outcomes.length !== plan.jobs.length)
    throw new CompareOptionsError('outcomes', `one outcome per job of the plan (${plan.jobs.length})`, outcomes.length);
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
