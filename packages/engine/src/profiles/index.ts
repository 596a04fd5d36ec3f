/**
 * The profile registry. A model profile is a plugin (one folder `src/profiles/<name>/` exporting
 * one {@link Profile}); this file lists them. Everything outside the profile folders asks the
 * registry instead of testing a profile's name: adding a profile is one folder and one line here.
 */
import { ConfigValidationError } from '../errors';
import type { RingEventKind, RingObserver } from '../events';
import type { RunResult } from '../outcome';
import { checkKnownKeys, quoteList } from './fields';
import { BILANCIO2026_PROFILE } from './bilancio2026/profile';
import { PAPER2025_PROFILE } from './paper2025/index';
import { SPEC_PROFILE } from './spec/index';
import type { KeyDoc, Profile, SweepPresetData } from './types';

/** Every registered profile by name (the first is the default). */
export const PROFILE_REGISTRY = {
  spec: SPEC_PROFILE,
  paper2025: PAPER2025_PROFILE,
  bilancio2026: BILANCIO2026_PROFILE,
} as const;

type Registry = typeof PROFILE_REGISTRY;

/** Name of a registered model profile (docs/model.md §0). */
export type ModelProfile = keyof Registry;

/** A resolved run configuration of any registered profile. */
export type RunConfig = { [K in ModelProfile]: ReturnType<Registry[K]['resolve']> }[ModelProfile];

type InputOf<P> = P extends { resolve(input: infer I): unknown } ? I : never;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/**
 * What a user passes to `resolveConfig`: the profile (default `spec`), regime and seed plus any
 * keys of that profile to override (a key of another profile is refused).
 */
export type RunConfigInput = { readonly profile?: ModelProfile } & UnionToIntersection<InputOf<Registry[ModelProfile]>>;

/** The profile of a configuration that names none. */
export const DEFAULT_PROFILE: ModelProfile = 'spec';

const NAMES = Object.keys(PROFILE_REGISTRY) as ModelProfile[];

/** The registered profile names, in registry order. */
export function profileNames(): readonly ModelProfile[] {
  return NAMES;
}

/** True when `name` is a registered profile. */
export function isProfileName(name: unknown): name is ModelProfile {
  return typeof name === 'string' && Object.hasOwn(PROFILE_REGISTRY, name);
}

/**
 * The registered profile called `name`. Throws `ConfigValidationError` (`PROFILE_INVALID`, field
 * `profile`) listing the registered names otherwise.
 */
export function getProfile(name: unknown): Profile<RunConfig, Readonly<Record<string, unknown>>> {
  if (!isProfileName(name)) throw new ConfigValidationError('PROFILE_INVALID', 'profile', quoteList(NAMES), name);
  return PROFILE_REGISTRY[name] as unknown as Profile<RunConfig, Readonly<Record<string, unknown>>>;
}

const TOP_KEYS = new Map<string, ReadonlySet<string>>(
  NAMES.map((n) => [n, new Set(PROFILE_REGISTRY[n].keys.map((k) => k.key).filter((k) => !k.includes('.')))]),
);

/** The configuration keys of a profile (top-level; dotted rows of the key table are flags into object keys). */
export function profileKeys(name: ModelProfile): ReadonlySet<string> {
  return TOP_KEYS.get(name)!;
}

/** The profiles that have configuration key `key`. */
export function keyOwners(key: string): ModelProfile[] {
  return NAMES.filter((n) => TOP_KEYS.get(n)!.has(key));
}

/** The key documentation row of `key` in a profile, or undefined. */
export function keyDoc(name: ModelProfile, key: string): KeyDoc | undefined {
  return PROFILE_REGISTRY[name].keys.find((k) => k.key === key);
}

const PRESETS = NAMES.flatMap((n) => (PROFILE_REGISTRY[n].presets as readonly SweepPresetData[]).map((p) => ({ ...p, profile: n }))).sort(
  (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
);

/** Every sweep preset of every profile, with its profile, sorted by name. */
export function sweepPresets(): readonly (SweepPresetData & { readonly profile: ModelProfile })[] {
  return PRESETS;
}

/** The profiles that declare trader policies (the ones `ring compare` accepts). */
export function policyProfiles(): ModelProfile[] {
  return NAMES.filter((n) => getProfile(n).policy !== undefined);
}

/**
 * Fill in every default and validate every field (docs/model.md §2.4) with the profile's own rules.
 * Throws `ConfigValidationError` naming the field and its allowed range — an unknown profile, a key
 * the profile does not have (`UnknownConfigKeyError`, with the nearest key), a bad value — and
 * never starts any work.
 */
export function resolveConfig(input: RunConfigInput): RunConfig {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ConfigValidationError('CONFIG_INVALID', 'config', 'an object', input);
  }
  const p = getProfile(input.profile ?? DEFAULT_PROFILE);
  const raw = input as unknown as Readonly<Record<string, unknown>>;
  checkKnownKeys(p.name, profileKeys(p.name as ModelProfile), raw, keyOwners);
  return p.resolve(raw);
}

/** Run one arm with the run loop of its profile. */
export function runWithProfile(config: RunConfig, observer?: RingObserver, wanted?: ReadonlySet<RingEventKind>): RunResult {
  return getProfile(config.profile).run(config, observer, wanted);
}

/** A profile as a run strategy (kept for callers of the earlier API): its name and its run loop. */
export type ProfileStrategy<C extends RunConfig> = Pick<Profile<C>, 'name' | 'run'>;

/** The registered profiles (the earlier name of {@link PROFILE_REGISTRY}). */
export const PROFILES: Registry = PROFILE_REGISTRY;
