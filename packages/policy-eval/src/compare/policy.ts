import { ConfigValidationError, D, defaultPolicy, getProfile, resolvePolicyOverride } from '@ring/engine';
import type { KeyDoc, SpecRunConfig, TraderPolicy, TraderPolicyInput } from '@ring/engine';
import { PolicyValidationError } from './errors';

/**
 * An agent policy as data (docs/policy-eval.md §3): the trader-policy parameters of docs/model.md §7.1.
 * Omitted parameters take the run configuration's defaults; `{}` is the default policy.
 */
export interface PolicyDocument {
  readonly version: string;
  readonly policy_id: string | null;
  /** Resolved overrides: decimals as canonical strings, only the keys given. */
  readonly parameters: Partial<TraderPolicy>;
}

/** A policy document as read from JSON: every field optional. */
export interface PolicyDocumentInput {
  readonly version?: string;
  readonly policy_id?: string | null;
  readonly parameters?: TraderPolicyInput;
}

/** The `version` of a policy document this package writes and accepts by default. */
export const POLICY_DOCUMENT_VERSION = '1.0';

/** The passive policy: trading disabled (docs/model.md §10; docs/policy-eval.md §4.3). */
export const PASSIVE_POLICY: PolicyDocument = Object.freeze({
  version: POLICY_DOCUMENT_VERSION,
  policy_id: 'passive',
  parameters: Object.freeze({ sellEnabled: false, buyEnabled: false }),
});

/** The default policy (the design documents' trader rules). */
export const DEFAULT_POLICY: PolicyDocument = Object.freeze({
  version: POLICY_DOCUMENT_VERSION,
  policy_id: 'default',
  parameters: Object.freeze({}),
});

const DOC_KEYS = ['version', 'policy_id', 'parameters'] as const;

/**
 * Validate a policy document (docs/policy-eval.md §3). Every field is optional; the version must be 1.x.
 * Throws {@link PolicyValidationError} (`POLICY_INVALID`) naming the field, e.g. `old.parameters.maxSellsPerDay`.
 * `resolveParameters` validates the parameters (default: the `spec` profile's trader policy, docs/model.md §7.1;
 * `resolveCompareOptions` passes the scenario profile's own).
 */
export function parsePolicyDocument(
  input: unknown,
  field = 'policy',
  resolveParameters: (params: unknown, field: string) => Readonly<Record<string, unknown>> = (p, f) =>
    resolvePolicyOverride(p as TraderPolicyInput, f),
): PolicyDocument {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new PolicyValidationError('POLICY_INVALID', field, 'a policy object { "version", "policy_id", "parameters" }', input);
  }
  const o = input as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!(DOC_KEYS as readonly string[]).includes(k))
      throw new PolicyValidationError('POLICY_INVALID', `${field}.${k}`, `one of ${DOC_KEYS.join(', ')}`, k);
  }
  const version = o.version ?? POLICY_DOCUMENT_VERSION;
  if (typeof version !== 'string' || !/^1(\.\d+)*$/.test(version)) {
    throw new PolicyValidationError('POLICY_INVALID', `${field}.version`, 'a version string "1.x"', o.version);
  }
  const id = o.policy_id ?? null;
  if (id !== null && (typeof id !== 'string' || id === '')) {
    throw new PolicyValidationError('POLICY_INVALID', `${field}.policy_id`, 'a non-empty string or null', o.policy_id);
  }
  const params = o.parameters ?? {};
  let parameters: Partial<TraderPolicy>;
  try {
    parameters = resolveParameters(params, `${field}.parameters`) as Partial<TraderPolicy>;
  } catch (e) {
    if (e instanceof ConfigValidationError) throw new PolicyValidationError('POLICY_INVALID', e.field, e.allowed, e.value);
    throw e;
  }
  return { version, policy_id: id, parameters };
}

/** The effective parameters of a policy under a configuration (its defaults with the overrides). */
export function effectivePolicy(policy: PolicyDocument, cfg: Pick<SpecRunConfig, 'investHorizon' | 'cashBuffer'>): TraderPolicy {
  return { ...defaultPolicy(cfg), ...policy.parameters };
}

// ---- constraints ------------------------------------------------------------------------------

/** A range or a list of allowed values for one parameter. */
export type ParameterConstraint =
  | { readonly min?: number | string; readonly max?: number | string }
  | { readonly values: readonly unknown[] };

/** Experiment constraints on proposals (docs/policy-eval.md §3). */
export interface PolicyConstraints {
  readonly allowedParameters: Readonly<Record<string, ParameterConstraint>>;
}

/** The `spec` profile's policy parameters (the default of {@link resolveConstraints}). */
const SPEC_POLICY_KEYS: readonly KeyDoc[] = getProfile('spec').policy!.keys;

function decimalOf(v: unknown): D | null {
  if (typeof v === 'number' && Number.isFinite(v)) return new D(String(v));
  if (typeof v === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v.trim())) return new D(v.trim());
  return null;
}

/**
 * Validate a constraints object against a profile's policy parameters (`keys`: its
 * `PolicySupport.keys`; default the `spec` profile's); throws {@link PolicyValidationError}
 * (`POLICY_INVALID`) naming the field.
 */
export function resolveConstraints(input: unknown, field = 'constraints', keys: readonly KeyDoc[] = SPEC_POLICY_KEYS): PolicyConstraints {
  const allKeys = keys.map((k) => k.key);
  const numericKeys = keys.filter((k) => k.type === 'decimal' || k.type === 'integer').map((k) => k.key);
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    throw new PolicyValidationError('POLICY_INVALID', field, '{ "allowedParameters": { … } }', input);
  const o = input as Record<string, unknown>;
  for (const k of Object.keys(o))
    if (k !== 'allowedParameters') throw new PolicyValidationError('POLICY_INVALID', `${field}.${k}`, 'absent (only allowedParameters)', k);
  const ap = o.allowedParameters ?? {};
  if (ap === null || typeof ap !== 'object' || Array.isArray(ap))
    throw new PolicyValidationError('POLICY_INVALID', `${field}.allowedParameters`, 'an object keyed by parameter name', ap);
  const out: Record<string, ParameterConstraint> = {};
  for (const [name, c] of Object.entries(ap as Record<string, unknown>)) {
    const f = `${field}.allowedParameters.${name}`;
    if (!allKeys.includes(name)) throw new PolicyValidationError('POLICY_INVALID', f, `a policy parameter (${allKeys.join(', ')})`, name);
    if (c === null || typeof c !== 'object' || Array.isArray(c))
      throw new PolicyValidationError('POLICY_INVALID', f, '{ "min", "max" } or { "values": [...] }', c);
    const co = c as Record<string, unknown>;
    if ('values' in co) {
      if (Object.keys(co).length !== 1 || !Array.isArray(co.values))
        throw new PolicyValidationError('POLICY_INVALID', `${f}.values`, 'a list of allowed values (and no min/max)', co.values);
      out[name] = { values: [...co.values] };
      continue;
    }
    if (!numericKeys.includes(name))
      throw new PolicyValidationError('POLICY_INVALID', f, '{ "values": [...] } (the parameter is not numeric)', c);
    for (const k of Object.keys(co))
      if (k !== 'min' && k !== 'max') throw new PolicyValidationError('POLICY_INVALID', `${f}.${k}`, 'min or max', k);
    for (const k of ['min', 'max'] as const) {
      if (co[k] !== undefined && decimalOf(co[k]) === null)
        throw new PolicyValidationError('POLICY_INVALID', `${f}.${k}`, 'a number or decimal string', co[k]);
    }
    if (co.min !== undefined && co.max !== undefined && decimalOf(co.min)!.gt(decimalOf(co.max)!)) {
      throw new PolicyValidationError('POLICY_INVALID', `${f}.max`, `≥ min (${String(co.min)})`, co.max);
    }
    out[name] = {
      ...(co.min !== undefined ? { min: co.min as number | string } : {}),
      ...(co.max !== undefined ? { max: co.max as number | string } : {}),
    };
  }
  return { allowedParameters: out };
}

function sameValue(a: unknown, b: unknown): boolean {
  const da = decimalOf(a);
  const db = decimalOf(b);
  if (da && db) return da.eq(db);
  return a === b;
}

/**
 * Check a proposal's effective parameters against the constraints; a proposal outside them is
 * rejected before any run with {@link PolicyValidationError} (`POLICY_CONSTRAINT_VIOLATION`,
 * reason "policy violates constraints") naming the parameter. `defaults`: the parameters a trader
 * runs with when the policy gives none (the profile's `PolicySupport.defaults(config)`; default:
 * the `spec` defaults of `cfg`).
 */
export function checkConstraints(
  policy: PolicyDocument,
  constraints: PolicyConstraints,
  cfg: Pick<SpecRunConfig, 'investHorizon' | 'cashBuffer'>,
  field = 'new',
  defaults?: object,
): void {
  const eff = (defaults ? { ...defaults, ...policy.parameters } : effectivePolicy(policy, cfg)) as unknown as Record<string, unknown>;
  for (const [name, c] of Object.entries(constraints.allowedParameters)) {
    const f = `${field}.parameters.${name}`;
    const v = eff[name];
    if ('values' in c) {
      if (!c.values.some((x) => sameValue(x, v)))
        throw new PolicyValidationError('POLICY_CONSTRAINT_VIOLATION', f, `one of ${JSON.stringify(c.values)}`, v);
      continue;
    }
    const d = decimalOf(v);
    const range = `in [${c.min ?? '−∞'}, ${c.max ?? '+∞'}]`;
    if (d === null) throw new PolicyValidationError('POLICY_CONSTRAINT_VIOLATION', f, range, v);
    if ((c.min !== undefined && d.lt(decimalOf(c.min)!)) || (c.max !== undefined && d.gt(decimalOf(c.max)!))) {
      throw new PolicyValidationError('POLICY_CONSTRAINT_VIOLATION', f, range, v);
    }
  }
}
