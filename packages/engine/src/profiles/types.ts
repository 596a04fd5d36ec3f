import type { z } from 'zod';
import type { RingEventKind, RingObserver } from '../events';
import type { RunResult } from '../outcome';

/** Regime of a run (docs/model.md §10). */
export type Regime = 'passive' | 'active';
/** A decimal given by the user: a decimal string (preferred) or a JS number. */
export type DecimalInput = string | number;

/** The keys every profile's input shares: what a user passes besides the profile's own keys. */
export interface CommonConfigInput {
  readonly regime?: Regime;
  readonly seed: number;
  readonly nAgents?: number;
  readonly maturityDays?: number;
  readonly qTotal?: DecimalInput;
  readonly ticketSize?: DecimalInput;
  readonly kappa?: DecimalInput;
  readonly concentration?: DecimalInput;
  readonly mu?: DecimalInput;
  readonly monotonicity?: DecimalInput;
  readonly outsideMidRatio?: DecimalInput;
}

/**
 * The keys every resolved configuration has, whatever its profile. Ring's κ and the Dirichlet
 * monotonicity are read through `runParameters(config)`: a profile may take κ another way
 * (`bilancio2026`: `kappaReference`) or fix the monotonicity.
 */
export interface ResolvedRunCore {
  readonly schema: 'ring-run/1';
  readonly profile: string;
  readonly regime: Regime;
  readonly seed: number;
  readonly nAgents: number;
  readonly maturityDays: number;
  readonly qTotal: string;
  readonly ticketSize: string;
  readonly concentration: string;
  readonly mu: string;
  readonly outsideMidRatio: string;
}

/** A resolved configuration that holds κ and the monotonicity under their usual keys (`spec`, `paper2025`). */
export interface ResolvedRunBase extends ResolvedRunCore {
  readonly kappa: string;
  readonly monotonicity: string;
}

/**
 * The parameters every run reports under the same names (run JSON, comparison.csv), whatever its
 * profile: ring's κ (debt/money), the reference κ (money/debt) of profiles that take it, and the
 * monotonicity of the Dirichlet draw. Canonical decimal strings.
 */
export interface RunParameters {
  readonly kappa: string;
  /** κ_ref = 1/κ, for profiles whose reference states κ as money/debt (`bilancio2026`); null otherwise. */
  readonly kappaReference: string | null;
  readonly monotonicity: string;
}

/** How a configuration key's value is written on the command line and in JSON. */
export type KeyType = 'decimal' | 'integer' | 'boolean' | 'enum' | 'json';

/**
 * One row of a profile's configuration table: what the CLI builds its flags, help and `--set`
 * parsing from, and what error messages and `ring schema` describe.
 */
export interface KeyDoc {
  /** The configuration key (`nMax`), or a dotted path into an object key (`overdraft.limit`). */
  readonly key: string;
  /** Named flag of `ring run`/`ring compare` without the dashes (`n-max`), or null: only `--set`/`--config`. */
  readonly flag: string | null;
  readonly type: KeyType;
  /** The values of an `enum` key. */
  readonly values?: readonly string[];
  /** True when `null` is a valid value (integer or json keys). */
  readonly nullable?: boolean;
  /** The default (already canonical), or undefined when the key is required or has no value by default. */
  readonly default?: unknown;
  /** The allowed range in words, as error messages print it (`a decimal > 0`). */
  readonly range: string;
  /** One line of documentation. */
  readonly doc: string;
  /** Error code of a bad value (`KAPPA_INVALID`); nested paths share their key's code. */
  readonly code: string;
  /**
   * Flag of `ring sweep` that lists the key's values (`kappas`), or null when a sweep can vary the
   * key only through `--set`/`--config` or an API grid. A boolean key's sweep flag is a switch.
   */
  readonly sweepFlag?: string | null;
  /** Field name of the key in run-level JSON and CSV outputs (`big_entity_share`), null for profiles without it. */
  readonly output?: string;
  /** Field of `summary.json`'s `config` that reports the key (instead of `options`). */
  readonly summaryField?: string;
  /**
   * The key this one is an alternative to (`kappaReference` → `kappa`): a configuration gives
   * exactly one of the two. A layer of input that gives one drops the other from the layers beneath
   * it (the CLI's default κ, a `--config` file), and a sweep axis of one replaces an axis of the other.
   */
  readonly alternativeTo?: string;
}

/** A sweep preset contributed by a profile: plain data the sweep layer turns into a definition. */
export interface SweepPresetData {
  readonly name: string;
  /** One line for help texts. */
  readonly summary: string;
  /** Fixed configuration keys shared by every cell, in the order they are recorded. */
  readonly base: Readonly<Record<string, unknown>>;
  /** Grid axes, outermost first. */
  readonly axes: readonly { readonly key: string; readonly values: readonly (string | number | boolean)[] }[];
}

/** Trader policies of a profile (docs/model.md §7.1): what `ring compare` needs to compare two policies. */
export interface PolicySupport<C> {
  /** The policy parameters' table (key, type, range, doc). */
  readonly keys: readonly KeyDoc[];
  /** Zod schema of one trader's policy parameters as given by a user (every field optional). */
  readonly schema: z.ZodType;
  /** Validate one trader's policy parameters; `field` prefixes error fields (`new.parameters`). */
  resolve(input: unknown, field: string): Readonly<Record<string, unknown>>;
  /** The trader ids of a configuration, in order. */
  traderIds(config: C): readonly string[];
  /** The parameters one trader runs with when a policy gives none (the configuration's defaults). */
  defaults(config: C): object;
}

/** Traits of a profile that change how its runs are measured and reported (no name checks downstream). */
export interface ReportingTraits {
  /**
   * Initial holdings of zero tickets count as held (the 2025 code kept zero-amount payables,
   * docs/instrumentation.md §3): the repayment rows' "initially held" test includes them.
   */
  readonly emptyHoldingsHeld: boolean;
  /**
   * Sweeps also write the treatment run's strategy and dealer-usage rows under the 2025 writer's
   * trade window (trades with day < T_L; docs/instrumentation.md §3).
   */
  readonly tradeWindow2025: boolean;
  /**
   * The numbered tables of the 2025 paper (Tables 1–16 and its § statements) describe this
   * profile's sweeps. When false, `paperTables` replaces them by one note saying they do not apply.
   */
  readonly paperTables: boolean;
}

/**
 * A model profile as a plugin: its configuration (schema, defaults, validation, canonical form for
 * ids), its run loop, a memory estimate, and what the CLI, sweeps and reports need to know about
 * it. One folder `src/profiles/<name>/` exports one `Profile`; `src/profiles/index.ts` registers it.
 */
export interface Profile<C extends ResolvedRunCore = ResolvedRunBase, I = Readonly<Record<string, unknown>>> {
  readonly name: C['profile'];
  /** One line for help texts. */
  readonly summary: string;
  /** Every configuration key besides `profile`, in the order of validation. */
  readonly keys: readonly KeyDoc[];
  /** Zod schema of a configuration as given by a user (defaults filled in). */
  readonly inputSchema: z.ZodType;
  /**
   * Validate and fill in a configuration (`profile` already chosen). Throws the engine's
   * `ConfigValidationError` naming the field and the allowed range; never starts any work.
   */
  resolve(input: I): C;
  /** What run and pair ids hash (docs/model.md §2.5): the resolved configuration itself unless a profile says otherwise. */
  canonical(config: C): unknown;
  /**
   * The parameters its runs report under the shared names (see {@link RunParameters}); absent:
   * `kappa` and `monotonicity` of the configuration, no reference κ.
   */
  parameters?(config: C): RunParameters;
  /** Run one arm; `wanted`: the event kinds the observer reads (all when absent). */
  run(config: C, observer?: RingObserver, wanted?: ReadonlySet<RingEventKind>): RunResult;
  /** An upper estimate of the bytes one run of this configuration allocates (the size guard). */
  estimateBytes(config: C): number;
  /** Names of the maturity buckets of a configuration, or null when they are known only from a run's output. */
  bucketNames(config: C): readonly string[] | null;
  /** Defaults the CLI applies beneath the user's input (e.g. `allowSmallRing`). */
  readonly cliDefaults: Readonly<Record<string, unknown>>;
  /** Sweep presets of this profile. */
  readonly presets: readonly SweepPresetData[];
  readonly reporting: ReportingTraits;
  /** Present when trader policies can be compared under this profile (`ring compare`). */
  readonly policy?: PolicySupport<C>;
}
