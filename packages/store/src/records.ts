import { createHash } from 'node:crypto';
import { runParameters } from '@ring/engine';
import type { RunConfig, RunResult } from '@ring/engine';
import { COST_KEYS } from '@ring/metrics';
import { comparisonId, locatePair, pairConfigs, pairCount, resolveAcceptanceOptions, sweepHash, toJsonValue } from '@ring/policy-eval';
import type {
  AcceptanceOptionsInput,
  PairRecord,
  PolicyEvaluationRecord,
  ResolvedCompareOptions,
  SweepDefinition,
} from '@ring/policy-eval';
import { inferType, snakeCase } from './schema';
import type { StoreColumn } from './schema';
import { POLICY_EVALUATIONS_TABLE, RUNS_TABLE } from './tables';
import { canonicalJsonText } from './values';

/** Rows for one table plus the dynamic columns they bring. */
export interface TableRows {
  readonly rows: Record<string, unknown>[];
  readonly extra: StoreColumn[];
}

/** Keys of a resolved configuration that are columns of their own already (or meaningless as one). */
const NOT_FLATTENED = new Set(['schema', 'regime', 'profile']);

/**
 * One column per configuration key (`outsideMidRatio` → `outside_mid_ratio`), typed by its value;
 * nested values (buckets, policies, overdraft) as JSON. Keys that clash with a fixed column of the
 * table are left to the JSON copy of the configuration.
 */
export function flattenConfig(config: object, fixed: ReadonlySet<string>): { values: Record<string, unknown>; columns: StoreColumn[] } {
  const values: Record<string, unknown> = {};
  const columns: StoreColumn[] = [];
  for (const [key, v] of Object.entries(config)) {
    const name = snakeCase(key);
    if (NOT_FLATTENED.has(key) || fixed.has(name)) continue;
    const type = inferType(v);
    if (type === null) continue;
    values[name] = v;
    columns.push({ name, type });
  }
  return { values, columns };
}

const RUN_FIXED = new Set(RUNS_TABLE.columns.map((c) => c.name));

/** The canonical JSON text of a resolved configuration (what `runs/<run_id>/config.json` holds, on one line). */
export const configJson = (config: RunConfig): string => canonicalJsonText(config);

interface RunOutcome {
  readonly run_id: string;
  readonly pair_id: string;
  readonly delta: string | null;
  readonly phi: string | null;
  readonly n_defaults: number;
  readonly final_day: number;
  readonly end_reason: string;
}

/**
 * The parameters every run reports under the same names (`runParameters`): `kappa` is ring's κ
 * whichever κ the configuration gave, `kappa_reference` the reference's κ (`bilancio2026`), and
 * `monotonicity` the Dirichlet draw's.
 */
function sharedParameters(config: RunConfig): { values: Record<string, unknown>; columns: StoreColumn[] } {
  const p = runParameters(config);
  const values: Record<string, unknown> = { kappa: p.kappa, monotonicity: p.monotonicity };
  if (p.kappaReference !== null) values.kappa_reference = p.kappaReference;
  return { values, columns: Object.keys(values).map((name) => ({ name, type: 'decimal' as const })) };
}

function runRow(config: RunConfig, o: RunOutcome): { row: Record<string, unknown>; columns: StoreColumn[] } {
  const flat = flattenConfig(config, RUN_FIXED);
  const shared = sharedParameters(config);
  const known = new Set(flat.columns.map((c) => c.name));
  return {
    row: {
      ...flat.values,
      ...shared.values,
      run_id: o.run_id,
      pair_id: o.pair_id,
      regime: config.regime,
      profile: config.profile,
      status: o.delta === null ? 'failed' : 'completed',
      delta: o.delta,
      phi: o.phi,
      n_defaults: o.n_defaults,
      final_day: o.final_day,
      end_reason: o.end_reason,
      config,
    },
    columns: [...flat.columns, ...shared.columns.filter((c) => !known.has(c.name))],
  };
}

function collect(parts: { row: Record<string, unknown>; columns: StoreColumn[] }[]): TableRows {
  const extra = new Map<string, StoreColumn>();
  for (const p of parts) for (const c of p.columns) if (!extra.has(c.name)) extra.set(c.name, c);
  return { rows: parts.map((p) => p.row), extra: [...extra.values()] };
}

/** `runs` rows of finished runs (`ring run`). */
export function runRowsFromResults(results: readonly RunResult[]): TableRows {
  return collect(
    results.map((r) =>
      runRow(r.config, {
        run_id: r.runId,
        pair_id: r.pairId,
        delta: r.delta,
        phi: r.phi,
        n_defaults: r.nDefaults,
        final_day: r.finalDay,
        end_reason: r.endReason,
      }),
    ),
  );
}

const str = (v: unknown): string => String(v);
const num = (v: unknown): number => Number(v);
const decOrNull = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));

/**
 * `runs` rows of a sweep's pairs (both arms), from the records its journal keeps: each arm's
 * configuration is the sweep definition's, its outcome the comparison row's `passive_*` (baseline)
 * and `active_*` (treatment) columns. Gives the same rows as {@link runRowsFromResults} of the runs.
 * `configs` (pair index → both arms' resolved configurations, as the sweep hands them over with each pair)
 * saves resolving them again.
 */
export function runRowsFromSweep(
  def: SweepDefinition,
  records: readonly PairRecord[],
  configs?: ReadonlyMap<number, readonly RunConfig[]>,
): TableRows {
  const parts = records.flatMap((rec) => {
    const c = rec.comparison;
    const given = configs?.get(rec.index) ?? pairConfigs(def, rec.index);
    return (['passive', 'active'] as const).map((side, k) =>
      runRow(given[k]!, {
        run_id: str(c[`${side}_run_id`]),
        pair_id: str(c.pair_id),
        delta: decOrNull(c[`delta_${side}`]),
        phi: decOrNull(c[`phi_${side}`]),
        n_defaults: num(c[`n_defaults_${side}`]),
        final_day: num(c[`final_day_${side}`]),
        end_reason: str(c[`end_reason_${side}`]),
      }),
    );
  });
  return collect(parts);
}

/** The `sweeps` row of a sweep definition and its `sweep_pairs` rows for the given records. */
export function sweepRows(
  def: SweepDefinition,
  records: readonly PairRecord[],
): { sweep: Record<string, unknown>; pairs: Record<string, unknown>[] } {
  const sweepId = sweepHash(def);
  return {
    sweep: {
      sweep_id: sweepId,
      preset: def.preset,
      profile: def.profile,
      replicates: def.replicates,
      base_seed: def.baseSeed,
      total_pairs: pairCount(def),
      definition: def,
    },
    pairs: records.map((r) => {
      const loc = locatePair(def, r.index);
      return {
        sweep_id: sweepId,
        pair_index: r.index,
        cell: loc.cell,
        replicate: loc.replicate,
        seed: loc.seed,
        pair_id: r.comparison.pair_id,
      };
    }),
  };
}

/** What a `policy_evaluations` row is made of: the record and the inputs it came from. */
export interface EvaluationInput {
  readonly record: PolicyEvaluationRecord;
  /** The resolved comparison options (scenario, both policies, mode, samples, …). */
  readonly options: ResolvedCompareOptions;
  /** The acceptance options the decision used (defaults filled in). */
  readonly acceptance?: AcceptanceOptionsInput;
}

const EVAL_FIXED = new Set(POLICY_EVALUATIONS_TABLE.columns.map((c) => c.name));

/**
 * The deterministic id of an evaluation row: a hash of every input — the comparison id (scenario,
 * both policies, mode, samples, iteration, scope, objective, CI method, rounding, cost rates),
 * the §11 key and the acceptance options. The same inputs give the same id (and replace the row).
 */
export function evaluationId(input: EvaluationInput): string {
  const { record } = input;
  const text = canonicalJsonText({
    schema: 'ring-store-evaluation/1',
    comparison: comparisonId(input.options),
    run_id: record.run_id,
    iteration: record.iteration,
    agent_id: record.agent_id,
    acceptance: resolveAcceptanceOptions(input.acceptance ?? {}),
  });
  return `evalrow_${createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16)}`;
}

const pairOf = (p: [bigint, bigint] | null, k: 0 | 1): bigint | null => (p === null ? null : p[k]);

/** The `policy_evaluations` row and `policy_evaluation_agents` rows of one evaluation. */
export function evaluationRows(input: EvaluationInput): { evaluation: TableRows; agents: Record<string, unknown>[] } {
  const { record, options } = input;
  const ev = record.evaluation;
  const id = evaluationId(input);
  const { traderIds: _ids, ...inputs } = options;
  const flat = flattenConfig(options.base, EVAL_FIXED);
  const row: Record<string, unknown> = {
    ...flat.values,
    evaluation_id: id,
    run_id: record.run_id,
    iteration: record.iteration,
    agent_id: record.agent_id,
    evaluation_mode: record.evaluation_mode,
    scope: ev.scope,
    focal_agent: ev.focal_agent,
    objective: ev.objective,
    ci_method: ev.ci_method,
    rounding: ev.rounding,
    sampling: ev.sampling,
    num_samples: record.num_samples,
    iteration_seed: ev.iteration_seed,
    scenario_seed: record.scenario_seed,
    old_policy_id: options.oldPolicy.policy_id ?? null,
    new_policy_id: options.newPolicy.policy_id ?? null,
    old_policy: options.oldPolicy,
    new_policy: options.newPolicy,
    scenario_config: options.base,
    options: inputs,
    acceptance_options: resolveAcceptanceOptions(input.acceptance ?? {}),
    accepted: record.accepted,
    acceptance_reason: record.acceptance_reason,
    old_cost: record.old_cost,
    new_cost: record.new_cost,
    context_simulation_cost: record.context_simulation_cost,
    delta_sum: record.delta_sum,
    mean_delta: ev.mean_delta,
    mean_old_cost: ev.mean_old_cost,
    mean_new_cost: ev.mean_new_cost,
    system_cost: ev.system_cost,
    old_system_cost: ev.old_system_cost,
    cost_std_dev: ev.cost_std_dev,
    ci_95_lower: pairOf(ev.confidence_interval_95, 0),
    ci_95_upper: pairOf(ev.confidence_interval_95, 1),
    delta_ci_95_lower: pairOf(ev.delta_ci_95, 0),
    delta_ci_95_upper: pairOf(ev.delta_ci_95, 1),
    settlement_rate: ev.settlement_rate,
    old_settlement_rate: ev.old_settlement_rate,
    avg_delay: ev.avg_delay,
    old_avg_delay: ev.old_avg_delay,
    payoff_rate: ev.payoff_rate,
    old_payoff_rate: ev.old_payoff_rate,
    default_rate: ev.default_rate,
    old_default_rate: ev.old_default_rate,
    delta: ev.delta,
    old_delta: ev.old_delta,
    relief_ratio: ev.relief_ratio,
    sample_details: record.sample_details,
    timestamp: record.timestamp,
    record: toJsonValue(record),
  };
  for (const k of COST_KEYS) {
    row[k] = ev.cost_breakdown[k];
    row[`old_${k}`] = ev.old_cost_breakdown[k];
  }
  const agents = Object.entries(ev.agent_stats).map(([agentId, a]) => {
    const r: Record<string, unknown> = {
      evaluation_id: id,
      run_id: record.run_id,
      iteration: record.iteration,
      evaluation_agent_id: record.agent_id,
      agent_id: agentId,
      is_focal: ev.focal_agent === agentId,
      evaluation_mode: record.evaluation_mode,
      scope: ev.scope,
      objective: ev.objective,
      sampling: ev.sampling,
      num_samples: record.num_samples,
      accepted: record.accepted,
      acceptance_reason: record.acceptance_reason,
      delta_sum: record.delta_sum,
      cost: a.cost,
      old_cost: a.old_cost,
      settlement_rate: a.settlement_rate,
      avg_delay: a.avg_delay,
      payoff_rate: a.payoff_rate,
      default_rate: a.default_rate,
      std_dev: a.std_dev,
      ci_95_lower: a.ci_95_lower,
      ci_95_upper: a.ci_95_upper,
      n_matured: a.n_matured,
      n_settled: a.n_settled,
      n_defaulted: a.n_defaulted,
      avg_days_to_default: a.avg_days_to_default,
      timestamp: record.timestamp,
    };
    for (const k of COST_KEYS) r[k] = a.cost_breakdown[k];
    return r;
  });
  return { evaluation: { rows: [row], extra: flat.columns }, agents };
}
