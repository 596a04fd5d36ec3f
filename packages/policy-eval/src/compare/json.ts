import { RingError } from '@ring/engine';
import { COST_KEYS } from '@ring/metrics';
import type { PolicyEvaluationRecord, PolicyPairEvaluation } from './types';

/** A JSON value: what evaluations become on disk and on `--json` (bigints as decimal strings). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** An evaluation or record could not be read back: `path` (also `field`) names the offending JSON field. Code `EVALUATION_FORMAT`. */
export class EvaluationFormatError extends RingError {
  declare readonly code: 'EVALUATION_FORMAT';
  readonly path: string;
  constructor(path: string, message: string) {
    super('EVALUATION_FORMAT', `${path}: ${message}`, { field: path });
    this.path = path;
  }
}

/**
 * Plain JSON of an evaluation value: bigints become decimal strings (docs/policy-eval.md §11: money is
 * BIGINT and survives serialisation exactly, also near 2^63); null stays null and {} stays {}.
 * Non-finite numbers are rejected.
 */
export function toJsonValue(v: unknown, path = '$'): JsonValue {
  if (v === null) return null;
  switch (typeof v) {
    case 'bigint':
      return v.toString();
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      if (!Number.isFinite(v)) throw new EvaluationFormatError(path, `non-finite number ${v}`);
      return Object.is(v, -0) ? 0 : v;
    case 'object': {
      if (Array.isArray(v)) return v.map((x, i) => toJsonValue(x, `${path}[${i}]`));
      const out: { [key: string]: JsonValue } = {};
      for (const k of Object.keys(v as object).sort()) {
        const x = (v as Record<string, unknown>)[k];
        if (x !== undefined) out[k] = toJsonValue(x, `${path}.${k}`);
      }
      return out;
    }
    default:
      throw new EvaluationFormatError(path, `cannot serialise a ${typeof v}`);
  }
}

// ---- reading back -----------------------------------------------------------------------------

type Obj = Record<string, unknown>;

function obj(v: unknown, path: string): Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new EvaluationFormatError(path, 'expected an object');
  return v as Obj;
}
function bigintOf(v: unknown, path: string): bigint {
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  throw new EvaluationFormatError(path, `expected an integer (decimal string), got ${JSON.stringify(v)}`);
}
function nullableBigint(v: unknown, path: string): bigint | null {
  return v === null ? null : bigintOf(v, path);
}
function pairOf(v: unknown, path: string): [bigint, bigint] | null {
  if (v === null) return null;
  if (!Array.isArray(v) || v.length !== 2) throw new EvaluationFormatError(path, 'expected [lower, upper] or null');
  return [bigintOf(v[0], `${path}[0]`), bigintOf(v[1], `${path}[1]`)];
}
function breakdownOf(v: unknown, path: string): PolicyPairEvaluation['cost_breakdown'] {
  const o = obj(v, path);
  const out = {} as PolicyPairEvaluation['cost_breakdown'];
  for (const k of COST_KEYS) out[k] = bigintOf(o[k], `${path}.${k}`);
  return out;
}
function arrayOf(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw new EvaluationFormatError(path, 'expected an array');
  return v;
}

/** Parse the JSON form of a {@link PolicyPairEvaluation} back, restoring every money field as a bigint. */
export function evaluationFromJson(json: unknown, path = '$'): PolicyPairEvaluation {
  const o = obj(json, path);
  const agentStats: PolicyPairEvaluation['agent_stats'] = {};
  for (const [id, a] of Object.entries(obj(o.agent_stats, `${path}.agent_stats`))) {
    const p = `${path}.agent_stats.${id}`;
    const ao = obj(a, p);
    agentStats[id] = {
      ...(ao as unknown as PolicyPairEvaluation['agent_stats'][string]),
      cost: bigintOf(ao.cost, `${p}.cost`),
      old_cost: bigintOf(ao.old_cost, `${p}.old_cost`),
      cost_breakdown: breakdownOf(ao.cost_breakdown, `${p}.cost_breakdown`),
      std_dev: nullableBigint(ao.std_dev, `${p}.std_dev`),
      ci_95_lower: nullableBigint(ao.ci_95_lower, `${p}.ci_95_lower`),
      ci_95_upper: nullableBigint(ao.ci_95_upper, `${p}.ci_95_upper`),
    };
  }
  return {
    ...(o as unknown as PolicyPairEvaluation),
    sample_results: arrayOf(o.sample_results, `${path}.sample_results`).map((r, i) => {
      const p = `${path}.sample_results[${i}]`;
      const ro = obj(r, p);
      return {
        ...(ro as unknown as PolicyPairEvaluation['sample_results'][number]),
        old_cost: bigintOf(ro.old_cost, `${p}.old_cost`),
        new_cost: bigintOf(ro.new_cost, `${p}.new_cost`),
        delta: bigintOf(ro.delta, `${p}.delta`),
      };
    }),
    delta_sum: bigintOf(o.delta_sum, `${path}.delta_sum`),
    mean_delta: bigintOf(o.mean_delta, `${path}.mean_delta`),
    mean_old_cost: bigintOf(o.mean_old_cost, `${path}.mean_old_cost`),
    mean_new_cost: bigintOf(o.mean_new_cost, `${path}.mean_new_cost`),
    cost_breakdown: breakdownOf(o.cost_breakdown, `${path}.cost_breakdown`),
    old_cost_breakdown: breakdownOf(o.old_cost_breakdown, `${path}.old_cost_breakdown`),
    cost_std_dev: nullableBigint(o.cost_std_dev, `${path}.cost_std_dev`),
    confidence_interval_95: pairOf(o.confidence_interval_95, `${path}.confidence_interval_95`),
    delta_ci_95: pairOf(o.delta_ci_95, `${path}.delta_ci_95`),
    agent_stats: agentStats,
    system_cost: bigintOf(o.system_cost, `${path}.system_cost`),
    old_system_cost: bigintOf(o.old_system_cost, `${path}.old_system_cost`),
  };
}

/** Parse the JSON form of a `PolicyEvaluationRecord` back (bigints restored, null kept, {} kept). */
export function evaluationRecordFromJson(json: unknown): PolicyEvaluationRecord {
  const o = obj(json, '$');
  const details =
    o.sample_details === null
      ? null
      : arrayOf(o.sample_details, '$.sample_details').map((r, i) => {
          const p = `$.sample_details[${i}]`;
          const ro = obj(r, p);
          return {
            ...(ro as unknown as NonNullable<PolicyEvaluationRecord['sample_details']>[number]),
            old_cost: bigintOf(ro.old_cost, `${p}.old_cost`),
            new_cost: bigintOf(ro.new_cost, `${p}.new_cost`),
            delta: bigintOf(ro.delta, `${p}.delta`),
          };
        });
  return {
    ...(o as unknown as PolicyEvaluationRecord),
    proposed_policy: obj(o.proposed_policy, '$.proposed_policy'),
    old_cost: bigintOf(o.old_cost, '$.old_cost'),
    new_cost: bigintOf(o.new_cost, '$.new_cost'),
    context_simulation_cost: nullableBigint(o.context_simulation_cost, '$.context_simulation_cost'),
    delta_sum: bigintOf(o.delta_sum, '$.delta_sum'),
    sample_details: details,
    evaluation: evaluationFromJson(o.evaluation, '$.evaluation'),
  };
}
