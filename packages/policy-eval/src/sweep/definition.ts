import { createHash } from 'node:crypto';
import {
  D,
  PUBLISHED_2025_AXES,
  RingError,
  UnknownConfigKeyError,
  canon,
  canonicalJson,
  getProfile,
  keyDoc,
  keyOwners,
  nearest,
  profileKeys,
  profileNames,
  resolveConfig,
  withRegime,
  sweepPresets,
} from '@ring/engine';
import type { ModelProfile, Regime, RunConfig, RunConfigInput } from '@ring/engine';

/** A sweep definition or option is invalid. Thrown before any run starts; `field` names the culprit. */
export class SweepError extends RingError {
  declare readonly field: string;
  constructor(code: string, field: string, message: string, hint?: string) {
    super(code, message, { field, hint });
  }
}

const scalarKeys = (types: readonly string[]): string[] => [
  ...new Set(
    profileNames().flatMap((n) =>
      getProfile(n)
        .keys.filter((k) => types.includes(k.type) && !k.key.includes('.'))
        .map((k) => k.key),
    ),
  ),
];

/** Decimal keys a sweep can vary (of any registered profile; an axis must be a key of the sweep's profile). */
export const DECIMAL_AXIS_KEYS: readonly string[] = scalarKeys(['decimal']);
/** Integer scenario keys a sweep can vary. */
export const INTEGER_AXIS_KEYS: readonly string[] = scalarKeys(['integer']);
/** Boolean scenario keys a sweep can vary. */
export const BOOLEAN_AXIS_KEYS: readonly string[] = scalarKeys(['boolean']);
/** String-valued (enumeration) scenario keys a sweep can vary. */
export const STRING_AXIS_KEYS: readonly string[] = scalarKeys(['enum']);

/** A key of the run configuration that a sweep axis may vary: any scalar key of the sweep's profile. */
export type AxisKey = string;
/** A value on an axis: canonical decimal strings for decimal keys, numbers, booleans. */
export type AxisValue = string | number | boolean;

/** One dimension of the grid. Axes are listed outermost first (the first axis varies slowest). */
export interface SweepAxis {
  readonly key: AxisKey;
  readonly values: readonly AxisValue[];
}

/** One arm of every pair: a regime plus configuration overrides (e.g. a policy). */
export interface SweepArm {
  readonly name: string;
  readonly regime: Regime;
  readonly overrides?: Readonly<Partial<Omit<RunConfigInput, 'seed' | 'regime' | 'profile'>>>;
}

/**
 * A complete, normalised sweep: every pair index maps to one grid cell, one replicate and one
 * seed, and both arms of a pair share the seed and every configuration key except the arm's
 * regime and overrides. Plain JSON (it crosses worker boundaries and is hashed for resume).
 */
export interface SweepDefinition {
  readonly schema: 'ring-sweep/1';
  /** The preset the definition was built from, or null for a custom grid. */
  readonly preset: string | null;
  readonly profile: ModelProfile;
  /** Fixed configuration keys shared by every cell (not varied). */
  readonly base: Readonly<Partial<Omit<RunConfigInput, 'seed' | 'regime' | 'profile'>>>;
  /** Grid axes, outermost first. */
  readonly axes: readonly SweepAxis[];
  /** Pairs per cell (R ≥ 1). */
  readonly replicates: number;
  /** seed(cell, r) = baseSeed + r·nCells + cell. */
  readonly baseSeed: number;
  /** [baseline, treatment]; the comparison's `passive_*` columns hold the baseline, `active_*` the treatment. */
  readonly arms: readonly [SweepArm, SweepArm];
}

/** The default arms: passive (no dealer subsystem / no trading) vs active. */
export const REGIME_ARMS: readonly [SweepArm, SweepArm] = [
  { name: 'passive', regime: 'passive' },
  { name: 'active', regime: 'active' },
];

/** The four published grids, in the published loop order (docs/experiment-paper2025.md §1). */
export const PAPER_GRID: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  PUBLISHED_2025_AXES.map((a) => [a.key, a.values]),
);

/** Names of the built-in presets: every preset a registered profile contributes (`paper2025`, `spec-default`, …). */
export const PRESET_NAMES: readonly string[] = sweepPresets().map((p) => p.name);
/** A built-in preset name (see {@link PRESET_NAMES}). */
export type PresetName = string;

/** Options of {@link sweepPreset}. */
export interface PresetOptions {
  /** Pairs per cell (default 1). */
  readonly replicates?: number;
  /** paper2025: reproduce the published numbers (default false: the no-crash Variant B). */
  readonly emulateDisplayAbort?: boolean;
  /** Replace the values of a grid axis, or (for a key that is not an axis) fix it (one value) or add it as a new outermost axis. */
  readonly grid?: Readonly<Partial<Record<AxisKey, readonly AxisValue[]>>>;
  /** Fixed configuration keys to set or override. */
  readonly base?: SweepDefinition['base'];
  readonly baseSeed?: number;
  readonly arms?: readonly [SweepArm, SweepArm];
}

/**
 * A built-in sweep, as its profile contributes it (`SweepPresetData` of the engine's registry):
 * - `paper2025`: exactly the published experiment — profile paper2025, N = 5, T = 10, Q = 10000,
 *   S = 20, β = 0.25, monotonicity 0, the 5 × 5 × 5 × 5 grid with ρ outermost and μ innermost,
 *   seed = 42 + pair index, passive vs active.
 * - `spec-default`: the same grid and seeds under the `spec` profile with its defaults
 *   (N = 100, T = 10, Q = 10000, S = 1; `allowSmallRing` as in `ring run`).
 * - `bilancio2026`: the 2026 reference's balanced grid — profile bilancio2026, N = 100, ρ ∈ {0.9, 0.5}
 *   × κ_ref ∈ {0.25, 0.5, 1, 2, 4} (ring κ 4 … 0.25) × c × μ, 250 pairs in the order ρ → κ_ref → c → μ,
 *   seed = 42 + pair index. A `kappa` grid or base value replaces the `kappaReference` axis.
 */
export function sweepPreset(name: PresetName, options: PresetOptions = {}): SweepDefinition {
  const preset = sweepPresets().find((p) => p.name === name);
  if (!preset) {
    throw new SweepError('PRESET_INVALID', 'preset', `unknown preset ${JSON.stringify(name)} (one of ${PRESET_NAMES.join(', ')})`);
  }
  let base: Record<string, unknown> = { ...preset.base };
  if (options.emulateDisplayAbort !== undefined) {
    if (profileKeys(preset.profile).has('emulateDisplayAbort')) base.emulateDisplayAbort = options.emulateDisplayAbort;
    else if (options.emulateDisplayAbort) {
      const with_ = sweepPresets()
        .filter((p) => profileKeys(p.profile).has('emulateDisplayAbort'))
        .map((p) => p.name);
      throw new SweepError('OPTION_INVALID', 'emulateDisplayAbort', `emulateDisplayAbort applies to the ${with_.join(', ')} preset only`);
    }
  }
  let axes: SweepAxis[] = preset.axes.map((a) => ({ key: a.key, values: [...a.values] }));
  // A key given replaces its alternative (κ for κ_ref): the alternative's axis is dropped from the base and
  // the grid, or — for a grid key — replaced in place by the key's axis, keeping the loop order.
  const alternatives = (key: string) =>
    getProfile(preset.profile)
      .keys.filter((k) => k.alternativeTo === key || (k.key === key && k.alternativeTo !== undefined))
      .map((k) => (k.key === key ? k.alternativeTo! : k.key));
  for (const key of Object.keys(options.base ?? {})) {
    for (const alt of alternatives(key)) delete base[alt];
    axes = axes.filter((a) => !alternatives(key).includes(a.key));
  }
  base = { ...base, ...(options.base ?? {}) };
  for (const [key, values] of Object.entries(options.grid ?? {}) as [AxisKey, readonly AxisValue[]][]) {
    if (values === undefined) continue;
    const alt = alternatives(key);
    for (const k of alt) delete base[k];
    let at = axes.findIndex((a) => a.key === key);
    if (at < 0) at = axes.findIndex((a) => alt.includes(a.key));
    if (at >= 0) axes[at] = { key, values };
    else if (values.length === 1) base[key] = values[0];
    else axes = [{ key, values }, ...axes];
    if (at < 0 && values.length !== 1) delete base[key];
  }
  return defineSweep({
    preset: name,
    profile: preset.profile,
    base: base as SweepDefinition['base'],
    axes,
    replicates: options.replicates ?? 1,
    baseSeed: options.baseSeed ?? 42,
    arms: options.arms ?? REGIME_ARMS,
  });
}

/** A value of a scalar key in canonical form, by the key's type in its profile's table. */
function normaliseValue(profile: ModelProfile, key: AxisKey, v: AxisValue, field: string): AxisValue {
  const doc = keyDoc(profile, key);
  if (!doc || key.includes('.')) throw new UnknownConfigKeyError(profile, key, nearest(key, [...profileKeys(profile)]), keyOwners(key));
  if (doc.type === 'decimal') {
    if (typeof v === 'boolean' || (typeof v === 'string' && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v.trim()))) {
      throw new SweepError('GRID_INVALID', field, `${field} must be a decimal (got ${JSON.stringify(v)})`);
    }
    if (typeof v === 'number' && !Number.isFinite(v)) throw new SweepError('GRID_INVALID', field, `${field} must be finite`);
    return canon(new D(typeof v === 'number' ? String(v) : v.trim()));
  }
  if (doc.type === 'integer') {
    const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isSafeInteger(n))
      throw new SweepError('GRID_INVALID', field, `${field} must be an integer (got ${JSON.stringify(v)})`);
    return n;
  }
  if (doc.type === 'boolean') {
    if (v === 'true' || v === true) return true;
    if (v === 'false' || v === false) return false;
    throw new SweepError('GRID_INVALID', field, `${field} must be true or false (got ${JSON.stringify(v)})`);
  }
  if (doc.type === 'enum') return String(v);
  throw new SweepError('GRID_INVALID', field, `${JSON.stringify(key)} cannot be a sweep axis`);
}

/** What {@link defineSweep} accepts: a definition without the schema tag, values in any accepted form. */
export type SweepDefinitionInput = Omit<SweepDefinition, 'schema' | 'preset'> & { readonly preset?: string | null };

/**
 * Validate and normalise a sweep: canonical decimal strings on decimal axes (so `1.0` and `1`
 * are the same sweep), no duplicate axes or values, R ≥ 1, and every axis value and both arms
 * resolved once by the engine's validation, so a bad value fails here, before any work.
 */
export function defineSweep(input: SweepDefinitionInput): SweepDefinition {
  if (!Number.isSafeInteger(input.replicates) || input.replicates < 1) {
    throw new SweepError('REPLICATES_INVALID', 'replicates', `replicates must be an integer ≥ 1 (got ${String(input.replicates)})`);
  }
  if (!Number.isSafeInteger(input.baseSeed) || input.baseSeed < 0) {
    throw new SweepError('SEED_INVALID', 'baseSeed', `baseSeed must be an integer ≥ 0 (got ${String(input.baseSeed)})`);
  }
  if (!Array.isArray(input.arms) || input.arms.length !== 2 || input.arms[0].name === input.arms[1].name) {
    throw new SweepError('ARMS_INVALID', 'arms', 'arms must be two arms with distinct names');
  }
  const profile = getProfile(input.profile).name as ModelProfile;
  const seen = new Set<string>();
  const axes = input.axes.map((a, i) => {
    const field = `axes[${i}] (${a.key})`;
    if (seen.has(a.key)) throw new SweepError('GRID_INVALID', field, `axis ${a.key} appears twice`);
    seen.add(a.key);
    if (!Array.isArray(a.values) || a.values.length === 0) throw new SweepError('GRID_INVALID', field, `${field} needs at least one value`);
    const values = a.values.map((v) => normaliseValue(profile, a.key, v, a.key));
    if (new Set(values.map((v) => JSON.stringify(v))).size !== values.length)
      throw new SweepError('GRID_INVALID', field, `${a.key} lists a value twice`);
    return { key: a.key, values };
  });
  const base: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input.base)) {
    if (v === undefined || seen.has(k)) continue;
    // Scalar values in canonical form (a one-value grid flag such as `--n-agents 5` arrives as the text "5").
    const type = keyDoc(profile, k)?.type;
    const scalar = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
    base[k] = scalar && (type === 'decimal' || type === 'integer' || type === 'boolean') ? normaliseValue(profile, k, v, k) : v;
  }
  const def: SweepDefinition = {
    schema: 'ring-sweep/1',
    preset: input.preset ?? null,
    profile: input.profile,
    base: base as SweepDefinition['base'],
    axes,
    replicates: input.replicates,
    baseSeed: input.baseSeed,
    arms: [normaliseArm(input.arms[0]), normaliseArm(input.arms[1])],
  };
  // Validate every axis value (varying one axis at a time from the first cell) and both arms.
  const first = cellValues(def, 0);
  for (const arm of def.arms) armConfig(def, first, def.baseSeed, arm);
  for (const a of def.axes) {
    for (const v of a.values) armConfig(def, { ...first, [a.key]: v }, def.baseSeed, def.arms[1]);
  }
  return def;
}

function normaliseArm(a: SweepArm): SweepArm {
  if (typeof a?.name !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(a.name))
    throw new SweepError('ARMS_INVALID', 'arms.name', `arm names are non-empty [A-Za-z0-9_.-] strings (got ${JSON.stringify(a?.name)})`);
  if (a.regime !== 'passive' && a.regime !== 'active')
    throw new SweepError('ARMS_INVALID', `arms.${a.name}.regime`, 'regime must be "passive" or "active"');
  return a.overrides && Object.keys(a.overrides).length > 0
    ? { name: a.name, regime: a.regime, overrides: a.overrides }
    : { name: a.name, regime: a.regime };
}

/** SHA-256 of the canonical JSON of the definition: equal hashes ⇔ the same pairs with the same seeds. */
export function sweepHash(def: SweepDefinition): string {
  return createHash('sha256').update(canonicalJson(def), 'utf8').digest('hex');
}

/** Number of grid cells. */
export function cellCount(def: SweepDefinition): number {
  return def.axes.reduce((n, a) => n * a.values.length, 1);
}

/** Number of pairs: cells × replicates. */
export function pairCount(def: SweepDefinition): number {
  return cellCount(def) * def.replicates;
}

/** The axis values of a cell (mixed radix, first axis outermost). */
export function cellValues(def: SweepDefinition, cell: number): Record<string, AxisValue> {
  const out: Record<string, AxisValue> = {};
  let rest = cell;
  for (let i = def.axes.length - 1; i >= 0; i--) {
    const a = def.axes[i]!;
    out[a.key] = a.values[rest % a.values.length]!;
    rest = Math.floor(rest / a.values.length);
  }
  return out;
}

/** Where a pair sits in the sweep: pair index = cell·R + replicate (replicates innermost). */
export interface PairLocation {
  readonly index: number;
  readonly cell: number;
  readonly replicate: number;
  readonly seed: number;
  readonly values: Record<string, AxisValue>;
}

/**
 * Locate pair `index`. seed = baseSeed + replicate·nCells + cell: replicate 0 of every cell has
 * the seed of the one-replicate sweep (for paper2025: 42 + pair index), and a sweep with more
 * replicates extends one with fewer without changing any earlier pair.
 */
export function locatePair(def: SweepDefinition, index: number): PairLocation {
  const total = pairCount(def);
  if (!Number.isSafeInteger(index) || index < 0 || index >= total) throw new RangeError(`pair index ${index} outside 0 … ${total - 1}`);
  const cell = Math.floor(index / def.replicates);
  const replicate = index % def.replicates;
  const seed = def.baseSeed + replicate * cellCount(def) + cell;
  return { index, cell, replicate, seed, values: cellValues(def, cell) };
}

/**
 * The resolved configurations of a pair's two arms (baseline first): what the pair runs. Arms that
 * differ only in regime (passive vs active, the common case) share one resolution.
 */
export function pairConfigs(def: SweepDefinition, index: number): readonly [RunConfig, RunConfig] {
  return configsAt(def, locatePair(def, index));
}

/** {@link pairConfigs} of a pair already located. */
export function configsAt(def: SweepDefinition, loc: PairLocation): readonly [RunConfig, RunConfig] {
  const [armA, armB] = def.arms;
  const a = armConfig(def, loc.values, loc.seed, armA);
  return [a, armA.overrides || armB.overrides ? armConfig(def, loc.values, loc.seed, armB) : withRegime(a, armB.regime)];
}

/** The resolved configuration of one arm of a cell (engine validation applies). */
export function armConfig(def: SweepDefinition, values: Record<string, AxisValue>, seed: number, arm: SweepArm): RunConfig {
  const input = { ...def.base, ...values, ...(arm.overrides ?? {}), profile: def.profile, seed, regime: arm.regime };
  return resolveConfig(input as RunConfigInput);
}
