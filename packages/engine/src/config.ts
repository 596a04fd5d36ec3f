/**
 * Run configurations (docs/model.md §2): each profile's keys, defaults and validation live in its folder
 * (`profiles/<name>/config.ts`); this module is the public face — `resolveConfig` dispatches by
 * profile through the registry — plus the canonical JSON and the run and pair ids of docs/model.md §2.5.
 */
import { createHash } from 'node:crypto';
import { getProfile, isProfileName } from './profiles/index';
import type { RunConfig } from './profiles/index';
import type { Regime } from './profiles/types';

export { resolveConfig } from './profiles/index';
export type { ModelProfile, RunConfig, RunConfigInput } from './profiles/index';
export type { Regime, DecimalInput } from './profiles/types';
export { DEFAULT_BUCKETS, resolvePolicyOverride, defaultPolicy, policyOf } from './profiles/spec/config';
export type {
  BucketConfig,
  TraderPolicy,
  TraderPolicyInput,
  OverdraftConfig,
  ExplicitScenario,
  ExplicitScenarioInput,
  SpecRunConfig,
} from './profiles/spec/config';
export type { Paper2025RunConfig } from './profiles/paper2025/config';

/** JSON with object keys sorted by UTF-16 code unit and no whitespace (docs/model.md §2.5). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

function hash12(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex').slice(0, 12);
}

/** What the ids hash: the profile's canonical form (a configuration of a profile not yet registered hashes as it is). */
function canonicalForm(cfg: { readonly profile: string }): unknown {
  return isProfileName(cfg.profile) ? getProfile(cfg.profile).canonical(cfg as RunConfig) : cfg;
}

/** Deterministic run id `regime_<12 hex>` of a resolved configuration (docs/model.md §2.5): its profile's canonical form, hashed. */
export function runId(cfg: RunConfig): string {
  return `${cfg.regime}_${hash12(canonicalJson(canonicalForm(cfg)))}`;
}

/** Deterministic pair id `pair_<12 hex>`: the canonical form without `regime` (docs/model.md §2.5). */
export function pairId(cfg: RunConfig): string {
  const { regime: _omit, ...rest } = canonicalForm(cfg) as Record<string, unknown>;
  return `pair_${hash12(canonicalJson(rest))}`;
}

/** The same configuration in the other regime. */
export function withRegime<C extends RunConfig>(cfg: C, regime: Regime): C {
  return { ...cfg, regime };
}
