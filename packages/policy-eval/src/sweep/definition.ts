import { createHash } from 'node:crypto';
import { D, RingError, canon, canonicalJson, resolveConfig } from '@ring/engine';
import type { ModelProfile, Regime, RunConfig, RunConfigInput } from '@ring/engine';

/** A sweep definition or option is invalid. Thrown before any run starts; `field` names the culprit. */
export class SweepError extends RingError {
  declare readonly field: string;
  constructor(code: string, field: string, message: string, hint?: string) {
    super(code, message, { field, hint });
  }
}

/** Scenario keys a sweep can vary (any scalar key of the engine's run configuration). */
export const DECIMAL_AXIS_KEYS = [
  'kappa',
  'concentration',
  'mu',
  'outsideMidRatio',
  'monotonicity',
  'qTotal',
  'ticketSize',
  'bigEntityShare',
  'mMin',
  'oMin',
  'dealerShare',
  'vbtShare',
  'piSell',
  'cashBuffer',
] as const;
/** Integer scenario keys a sweep can vary. */
export const INTEGER_AXIS_KEYS = ['nAgents', 'maturityDays', 'nMax', 'investHorizon', 'graceDays', 'maxDays'] as const;
/** Boolean scenario keys a sweep can vary. */
export const BOOLEAN_AXIS_KEYS = ['emulateDisplayAbort', 'anchorUpdate', 'clipNonnegB'] as const;
/** String-valued (enumeration) scenario keys a sweep can vary. */
export const STRING_AXIS_KEYS = ['clearing'] as const;

/** A key of the run configuration that a sweep axis may vary. */
export type AxisKey =
  | (typeof DECIMAL_AXIS_KEYS)[number]
  | (typeof INTEGER_AXIS_KEYS)[number]
  | (typeof BOOLEAN_AXIS_KEYS)[number]
  | (typeof STRING_AXIS_KEYS)[number];
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
export const PAPER_GRID = {
  outsideMidRatio: ['1', '0.9', '0.8', '0.75', '0.5'],
  kappa: ['0.25', '0.5', '1', '2', '4'],
  concentration: ['0.2', '0.5', '1', '2', '5'],
  mu: ['0', '0.25', '0.5', '0.75', '1'],
} as const;

/** Names of the built-in presets. */
export const PRESET_NAMES = ['paper2025', 'spec-default'] as const;
/** A built-in preset name: `paper2025` or `spec-default`. */
export type PresetName = (typeof PRESET_NAMES)[number];

const PAPER_AXES: readonly SweepAxis[] = [
  { key: 'outsideMidRatio', values: PAPER_GRID.outsideMidRatio },
  { key: 'kappa', values: PAPER_GRID.kappa },
  { key: 'concentration', values: PAPER_GRID.concentration },
  { key: 'mu', values: PAPER_GRID.mu },
];

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
 * A built-in sweep:
 * - `paper2025`: exactly the published experiment — profile paper2025, N = 5, T = 10, Q = 10000,
 *   S = 20, β = 0.25, monotonicity 0, the 5 × 5 × 5 × 5 grid with ρ outermost and μ innermost,
 *   seed = 42 + pair index, passive vs active.
 * - `spec-default`: the same grid and seeds under the `spec` profile with its defaults
 *   (N = 100, T = 10, Q = 10000, S = 1; `allowSmallRing` as in `ring run`).
 */
export function sweepPreset(name: PresetName, options: PresetOptions = {}): SweepDefinition {
  let base: Record<string, unknown>;
  let profile: ModelProfile;
  if (name === 'paper2025') {
    profile = 'paper2025';
    base = {
      nAgents: 5,
      maturityDays: 10,
      qTotal: '10000',
      ticketSize: '20',
      monotonicity: '0',
      bigEntityShare: '0.25',
      emulateDisplayAbort: options.emulateDisplayAbort ?? false,
    };
  } else if (name === 'spec-default') {
    if (options.emulateDisplayAbort)
      throw new SweepError('OPTION_INVALID', 'emulateDisplayAbort', 'emulateDisplayAbort applies to the paper2025 preset only');
    profile = 'spec';
    // allowSmallRing as in `ring run`, so that run ids agree with the CLI's and small grids are possible.
    base = { nAgents: 100, maturityDays: 10, qTotal: '10000', ticketSize: '1', monotonicity: '0', allowSmallRing: true };
  } else {
    throw new SweepError('PRESET_INVALID', 'preset', `unknown preset ${JSON.stringify(name)} (one of ${PRESET_NAMES.join(', ')})`);
  }
  let axes: SweepAxis[] = PAPER_AXES.map((a) => ({ ...a }));
  base = { ...base, ...(options.base ?? {}) };
  for (const [key, values] of Object.entries(options.grid ?? {}) as [AxisKey, readonly AxisValue[]][]) {
    if (values === undefined) continue;
    const at = axes.findIndex((a) => a.key === key);
    if (at >= 0) axes[at] = { key, values };
    else if (values.length === 1) base[key] = values[0];
    else axes = [{ key, values }, ...axes];
    if (at < 0 && values.length !== 1) delete base[key];
  }
  return defineSweep({
    preset: name,
    profile,
    base: base as SweepDefinition['base'],
    axes,
    replicates: options.replicates ?? 1,
    baseSeed: options.baseSeed ?? 42,
    arms: options.arms ?? REGIME_ARMS,
  });
}

function normaliseValue(key: AxisKey, v: AxisValue, field: string): AxisValue {
  if ((DECIMAL_AXIS_KEYS as readonly string[]).includes(key)) {
    if (typeof v === 'boolean' || (typeof v === 'string' && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v.trim()))) {
      throw new SweepError('GRID_INVALID', field, `${field} must be a decimal (got ${JSON.stringify(v)})`);
    }
    if (typeof v === 'number' && !Number.isFinite(v)) throw new SweepError('GRID_INVALID', field, `${field} must be finite`);
    return canon(new D(typeof v === 'number' ? String(v) : v.trim()));
  }
  if ((INTEGER_AXIS_KEYS as readonly string[]).includes(key)) {
    const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isSafeInteger(n))
      throw new SweepError('GRID_INVALID', field, `${field} must be an integer (got ${JSON.stringify(v)})`);
    return n;
  }
  if ((BOOLEAN_AXIS_KEYS as readonly string[]).includes(key)) {
    if (v === 'true' || v === true) return true;
    if (v === 'false' || v === false) return false;
    throw new SweepError('GRID_INVALID', field, `${field} must be true or false (got ${JSON.stringify(v)})`);
  }
  if ((STRING_AXIS_KEYS as readonly string[]).includes(key)) return String(v);
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
  const seen = new Set<string>();
  const axes = input.axes.map((a, i) => {
    const field = `axes[${i}] (${a.key})`;
    if (seen.has(a.key)) throw new SweepError('GRID_INVALID', field, `axis ${a.key} appears twice`);
    seen.add(a.key);
    if (!Array.isArray(a.values) || a.values.length === 0) throw new SweepError('GRID_INVALID', field, `${field} needs at least one value`);
    const values = a.values.map((v) => normaliseValue(a.key, v, a.key));
    if (new Set(values.map((v) => JSON.stringify(v))).size !== values.length)
      throw new SweepError('GRID_INVALID', field, `${a.key} lists a value twice`);
    return { key: a.key, values };
  });
  const base: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input.base)) {
    if (v === undefined || seen.has(k)) continue;
    base[k] =
      (DECIMAL_AXIS_KEYS as readonly string[]).includes(k) && (typeof v === 'string' || typeof v === 'number')
        ? normaliseValue(k as AxisKey, v, k)
        : v;
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

/** The resolved configuration of one arm of a cell (engine validation applies). */
export function armConfig(def: SweepDefinition, values: Record<string, AxisValue>, seed: number, arm: SweepArm): RunConfig {
  const input = { ...def.base, ...values, ...(arm.overrides ?? {}), profile: def.profile, seed, regime: arm.regime };
  return resolveConfig(input as RunConfigInput);
}
