import { z } from 'zod';
import { D, canon } from '../../decimal';
import { ConfigValidationError } from '../../errors';
import { qTotalField, runFields, shapeFields } from '../common';
import { UnknownConfigKeyError } from '../errors';
import { decimal, field, inputSchema, integer, keyDocs, oneOf, parseConfig, throwIssue } from '../fields';
import type { Field } from '../fields';
import { nearest } from '../nearest';
import type { DecimalInput, KeyDoc, ResolvedRunCore } from '../types';

/*
 * Configuration of the `bilancio2026` profile (docs/model-bilancio2026.md §1): the keys as zod
 * fields with their documentation rows (one table: validation, `ring schema`, CLI flags and help),
 * the cross-field rules, and the resolved plain-JSON form whose canonical JSON gives the run and pair ids.
 */

/** The one trading motive the contract specifies (docs/model-bilancio2026.md §6.1). */
export type TradingMotive = 'liquidity_then_earning';

/**
 * Trader behaviour parameters of docs/model-bilancio2026.md §6.1, resolved (decimals as canonical
 * strings). The defaults are the reference's.
 */
export interface Bilancio2026TraderProfile {
  /** 0 … 1; the buy risk premium is 0.01 + 0.02·riskAversion. */
  readonly riskAversion: string;
  /** Look-ahead h in days (1 … 20) of the sell shortfall and the buy reserve. */
  readonly planningHorizon: number;
  /** 0 … 1; a buy intention needs a surplus above S·(1 − aggressiveness). */
  readonly aggressiveness: string;
  /** 0 … 1; the share of the dues over the horizon kept back before buying. */
  readonly buyReserveFraction: string;
  readonly tradingMotive: TradingMotive;
}

/** A trader profile as given by a user: every field optional, decimals as strings or numbers. */
export interface Bilancio2026TraderProfileInput {
  readonly riskAversion?: DecimalInput;
  readonly planningHorizon?: number;
  readonly aggressiveness?: DecimalInput;
  readonly buyReserveFraction?: DecimalInput;
  readonly tradingMotive?: string;
}

/**
 * A fully resolved `bilancio2026` run configuration: a plain JSON object, decimals as canonical
 * strings, every default filled in. Exactly one of `kappa` and `kappaReference` is present (the key
 * the user gave), so that run ids follow the user's choice; `runParameters(config)` gives both.
 */
export interface Bilancio2026RunConfig extends ResolvedRunCore {
  readonly profile: 'bilancio2026';
  /** ring's κ (debt/money); absent when `kappaReference` was given. */
  readonly kappa?: string;
  /** the reference's κ (money/debt) = 1/κ; absent when `kappa` was given. */
  readonly kappaReference?: string;
  readonly vbtShare: string;
  readonly dealerShare: string;
  readonly traderProfile: Bilancio2026TraderProfile;
  /** Per-trader overrides of `traderProfile` fields, keyed by trader id (`H1` … `HN`). */
  readonly policies: Readonly<Record<string, Partial<Bilancio2026TraderProfile>>>;
}

/** The keys of a `bilancio2026` configuration as given by a user (besides the shared ones). */
export interface Bilancio2026ConfigInput {
  readonly kappaReference?: DecimalInput;
  readonly vbtShare?: DecimalInput;
  readonly dealerShare?: DecimalInput;
  readonly traderProfile?: Bilancio2026TraderProfileInput;
  readonly policies?: Readonly<Record<string, Bilancio2026TraderProfileInput>>;
}

/** One documented configuration key of the profile (the registry's {@link KeyDoc}). */
export type Bilancio2026KeyDoc = KeyDoc;

/** Defaults of the trader profile (docs/model-bilancio2026.md §6.1). */
export const BILANCIO2026_TRADER_DEFAULTS: Bilancio2026TraderProfile = {
  riskAversion: '0',
  planningHorizon: 10,
  aggressiveness: '1',
  buyReserveFraction: '0.5',
  tradingMotive: 'liquidity_then_earning',
};

// ---- trader profile (docs/model-bilancio2026.md §6.1) -------------------------------------------

const TP = 'TRADER_PROFILE_INVALID';
const unit = (d: D) => d.gte(0) && d.lte(1);
const UNIT = 'a decimal in [0, 1]';

/** The fields of a trader profile, in the order of docs/model-bilancio2026.md §6.1. */
const TRADER_FIELDS: Record<keyof Bilancio2026TraderProfile, Field> = {
  riskAversion: field(decimal(UNIT, unit), {
    flag: null,
    type: 'decimal',
    default: BILANCIO2026_TRADER_DEFAULTS.riskAversion,
    range: UNIT,
    doc: 'risk aversion: the buy risk premium is 0.01 + 0.02·riskAversion',
    code: TP,
  }),
  planningHorizon: field(integer('an integer in 1 … 20', 1, 20), {
    flag: null,
    type: 'integer',
    default: BILANCIO2026_TRADER_DEFAULTS.planningHorizon,
    range: 'an integer in 1 … 20',
    doc: 'look-ahead h in days of the sell shortfall and the buy reserve (it does not follow T)',
    code: TP,
  }),
  aggressiveness: field(decimal(UNIT, unit), {
    flag: null,
    type: 'decimal',
    default: BILANCIO2026_TRADER_DEFAULTS.aggressiveness,
    range: UNIT,
    doc: 'a buy intention needs a surplus above S·(1 − aggressiveness)',
    code: TP,
  }),
  buyReserveFraction: field(decimal(UNIT, unit), {
    flag: null,
    type: 'decimal',
    default: BILANCIO2026_TRADER_DEFAULTS.buyReserveFraction,
    range: UNIT,
    doc: 'share of the dues over the horizon kept back before buying',
    code: TP,
  }),
  tradingMotive: field(oneOf(['liquidity_then_earning']), {
    flag: null,
    type: 'enum',
    values: ['liquidity_then_earning'],
    default: BILANCIO2026_TRADER_DEFAULTS.tradingMotive,
    range: '"liquidity_then_earning" (the only motive the contract specifies)',
    doc: 'trading motive',
    code: TP,
  }),
};
const TRADER_KEYS = Object.keys(TRADER_FIELDS) as (keyof Bilancio2026TraderProfile)[];

/** The trader profile's parameter table (docs/model-bilancio2026.md §6.1): `ring compare`'s policy parameters. */
export const BILANCIO2026_TRADER_KEYS: readonly KeyDoc[] = keyDocs(TRADER_FIELDS);

/** Zod schema of (part of) a trader profile as given by a user: every field optional. */
export const TRADER_PROFILE_SCHEMA = z.strictObject(Object.fromEntries(TRADER_KEYS.map((k) => [k, TRADER_FIELDS[k].schema.optional()])), {
  error: 'an object of trader profile fields',
});

/** Refuse a trader-profile key the contract does not have, naming the nearest one (`traderProfile.planingHorizon`). */
function refuseUnknownTraderKeys(input: unknown, field: string): void {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return;
  for (const k of Object.keys(input)) {
    if ((input as Record<string, unknown>)[k] === undefined || (TRADER_KEYS as string[]).includes(k)) continue;
    throw new UnknownConfigKeyError('bilancio2026', `${field}.${k}`, `${field}.${nearest(k, TRADER_KEYS)}`);
  }
}

/**
 * Validate (part of) one trader profile; only the fields given are returned, in §6.1 order.
 * `field` prefixes error fields (`policies.H3`, `new.parameters`).
 */
export function resolveTraderProfileFields(input: unknown, field: string): Partial<Bilancio2026TraderProfile> {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    throw new ConfigValidationError(TP, field, 'an object of trader profile fields', input);
  refuseUnknownTraderKeys(input, field);
  const r = TRADER_PROFILE_SCHEMA.safeParse(input);
  if (!r.success) throwIssue(r.error, input, () => TP, [field]);
  const data = r.data as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of TRADER_KEYS) if (data[k] !== undefined) out[k] = data[k];
  return out as Partial<Bilancio2026TraderProfile>;
}

// ---- the configuration (docs/model-bilancio2026.md §1) -------------------------------------------

const KAPPA_RANGE = 'a decimal > 0';
const SHARE = (key: string) => `a decimal with 0 ≤ ${key} < 1`;
const share = (d: D) => d.gte(0) && d.lt(1);
const { maturityDays, concentration, mu } = shapeFields({ maturityDays: 10, ticketSize: '20', monotonicity: '0', outsideMidRatio: '0.9' });

const FIELDS: Record<string, Field> = {
  nAgents: field(integer('an integer ≥ 3', 3), {
    flag: 'n-agents',
    sweepFlag: 'n-agents',
    type: 'integer',
    default: 100,
    range: 'an integer ≥ 3',
    doc: 'number of ring traders N',
    code: 'N_INVALID',
  }),
  maturityDays: maturityDays!,
  qTotal: qTotalField(),
  ticketSize: field(
    decimal('a decimal ≥ 1', (x) => x.gte(1)),
    {
      flag: 'face-value',
      sweepFlag: 'face-values',
      type: 'decimal',
      default: '20',
      range: 'a decimal ≥ 1 (need not divide Q)',
      doc: 'ticket size S',
      code: 'S_INVALID',
    },
  ),
  kappa: {
    schema: decimal(KAPPA_RANGE, (x) => x.gt(0))
      .optional()
      .meta({ description: "debt-to-money ratio κ (ring's meaning; L0 = Q/κ) (a decimal > 0 (this or kappaReference))" }),
    doc: {
      flag: 'kappa',
      sweepFlag: 'kappas',
      type: 'decimal',
      range: `${KAPPA_RANGE} (this or kappaReference)`,
      doc: "debt-to-money ratio κ (ring's meaning; L0 = Q/κ)",
      code: 'KAPPA_INVALID',
    },
  },
  kappaReference: {
    schema: decimal(KAPPA_RANGE, (x) => x.gt(0))
      .optional()
      .meta({
        description: "the reference's κ = money/debt = 1/κ, given directly and exactly instead of κ (a decimal > 0 (this or kappa))",
      }),
    doc: {
      flag: 'kappa-reference',
      sweepFlag: 'kappa-references',
      type: 'decimal',
      range: `${KAPPA_RANGE} (this or kappa)`,
      doc: "the reference's κ = money/debt = 1/κ, given directly and exactly instead of κ (reference κ 0.25, 0.5, 1, 2, 4 = ring κ 4, 2, 1, 0.5, 0.25)",
      code: 'KAPPA_INVALID',
      alternativeTo: 'kappa',
    },
  },
  concentration: concentration!,
  mu: mu!,
  outsideMidRatio: field(
    decimal('a decimal with 0 < ρ ≤ 1', (x) => x.gt(0) && x.lte(1)),
    {
      flag: 'outside-mid-ratio',
      sweepFlag: 'outside-mid-ratios',
      type: 'decimal',
      default: '0.9',
      range: 'a decimal with 0 < ρ ≤ 1',
      doc: 'outside mid ratio ρ',
      code: 'RHO_INVALID',
    },
  ),
  vbtShare: field(decimal(SHARE('vbtShare'), share), {
    flag: 'vbt-share',
    sweepFlag: 'vbt-shares',
    type: 'decimal',
    default: '0.25',
    range: SHARE('vbtShare'),
    doc: "extra trader liabilities to each bucket's VBT, as a share of the bucket's face",
    code: 'SHARES_INVALID',
  }),
  dealerShare: field(decimal(SHARE('dealerShare'), share), {
    flag: 'dealer-share',
    sweepFlag: 'dealer-shares',
    type: 'decimal',
    default: '0.125',
    range: SHARE('dealerShare'),
    doc: "extra trader liabilities to each bucket's dealer, as a share of the bucket's face",
    code: 'SHARES_INVALID',
  }),
  traderProfile: field(TRADER_PROFILE_SCHEMA, {
    flag: null,
    type: 'json',
    default: { ...BILANCIO2026_TRADER_DEFAULTS },
    range:
      'an object of trader profile fields (riskAversion 0 … 1, planningHorizon 1 … 20, aggressiveness 0 … 1, buyReserveFraction 0 … 1, tradingMotive "liquidity_then_earning")',
    doc: 'trader behaviour parameters (docs/model-bilancio2026.md §6.1), the same for every trader unless overridden in policies',
    code: TP,
  }),
  policies: field(z.record(z.string(), TRADER_PROFILE_SCHEMA, { error: 'an object keyed by trader id' }), {
    flag: null,
    type: 'json',
    default: {},
    range: 'an object keyed by trader id (H1 … HN) of trader profile fields',
    doc: 'per-trader overrides of traderProfile (an extension; none = the reference run)',
    code: 'POLICY_INVALID',
  }),
  ...runFields(),
};

/** Every key of a `bilancio2026` configuration (docs/model-bilancio2026.md §1), then the trader profile's fields as `traderProfile.<field>`. */
export const BILANCIO2026_KEYS: readonly KeyDoc[] = keyDocs(
  FIELDS,
  BILANCIO2026_TRADER_KEYS.map((k) => ({ ...k, key: `traderProfile.${k.key}` })),
);

/** Zod schema of a `bilancio2026` configuration as given by a user. */
export const BILANCIO2026_INPUT_SCHEMA = inputSchema('bilancio2026', FIELDS);

/**
 * Validate a raw `bilancio2026` configuration and fill every default (docs/model-bilancio2026.md
 * §1). Throws {@link ConfigValidationError} naming the field and its allowed range (unknown keys
 * name the nearest valid key) before any work starts.
 */
export function resolveBilancio2026Config(input: Readonly<Record<string, unknown>>): Bilancio2026RunConfig {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    throw new ConfigValidationError('CONFIG_INVALID', 'config', 'an object', input);
  if (input.profile !== undefined && input.profile !== 'bilancio2026')
    throw new ConfigValidationError('PROFILE_INVALID', 'profile', '"bilancio2026"', input.profile);
  if (input.schema !== undefined && input.schema !== 'ring-run/1')
    throw new ConfigValidationError('SCHEMA_INVALID', 'schema', '"ring-run/1"', input.schema);
  refuseUnknownTraderKeys(input.traderProfile, 'traderProfile');
  const policiesIn = input.policies;
  if (policiesIn !== null && typeof policiesIn === 'object' && !Array.isArray(policiesIn))
    for (const [id, p] of Object.entries(policiesIn)) refuseUnknownTraderKeys(p, `policies.${id}`);
  const v = parseConfig('bilancio2026', FIELDS, BILANCIO2026_INPUT_SCHEMA, input);
  const kappa = oneKappa(v, input);
  const nAgents = v.nAgents as number;
  return {
    schema: 'ring-run/1',
    profile: 'bilancio2026',
    regime: v.regime as Bilancio2026RunConfig['regime'],
    seed: v.seed as number,
    nAgents,
    maturityDays: v.maturityDays as number,
    qTotal: v.qTotal as string,
    ticketSize: v.ticketSize as string,
    ...kappa,
    concentration: v.concentration as string,
    mu: v.mu as string,
    outsideMidRatio: v.outsideMidRatio as string,
    vbtShare: v.vbtShare as string,
    dealerShare: v.dealerShare as string,
    traderProfile: { ...BILANCIO2026_TRADER_DEFAULTS, ...(v.traderProfile as Partial<Bilancio2026TraderProfile>) },
    policies: checkPolicies(v.policies as Record<string, Partial<Bilancio2026TraderProfile>>, nAgents),
  };
}

/** Exactly one of κ and κ_ref (docs/model-bilancio2026.md §1); the one given is kept. */
function oneKappa(v: Record<string, unknown>, input: Readonly<Record<string, unknown>>): { kappa: string } | { kappaReference: string } {
  const hasKappa = v.kappa !== undefined;
  const hasRef = v.kappaReference !== undefined;
  if (hasKappa && hasRef)
    throw new ConfigValidationError(
      'KAPPA_INVALID',
      'kappaReference',
      'absent when kappa is given (give exactly one of kappa and kappaReference)',
      input.kappaReference,
    );
  if (!hasKappa && !hasRef)
    throw new ConfigValidationError('KAPPA_INVALID', 'kappa', `${KAPPA_RANGE} (required unless kappaReference is given)`, undefined);
  return hasKappa ? { kappa: v.kappa as string } : { kappaReference: v.kappaReference as string };
}

/** Overrides name traders H1 … HN; empty ones are dropped; ids sorted (canonical form), fields in §6.1 order. */
function checkPolicies(
  policiesIn: Readonly<Record<string, Partial<Bilancio2026TraderProfile>>>,
  nAgents: number,
): Record<string, Partial<Bilancio2026TraderProfile>> {
  const policies: Record<string, Partial<Bilancio2026TraderProfile>> = {};
  for (const id of Object.keys(policiesIn).sort()) {
    const m = /^H([1-9]\d*)$/.exec(id);
    if (!m || Number(m[1]) > nAgents)
      throw new ConfigValidationError('POLICY_INVALID', `policies.${id}`, `a trader id H1 … H${nAgents}`, id);
    const o: Record<string, unknown> = {};
    for (const k of TRADER_KEYS) if (policiesIn[id]![k] !== undefined) o[k] = policiesIn[id]![k];
    if (Object.keys(o).length > 0) policies[id] = o as Partial<Bilancio2026TraderProfile>;
  }
  return policies;
}

/** The reference's κ (money/debt) of a resolved configuration: κ_ref given, or 1/κ in D(28). */
export function kappaReferenceOf(cfg: Pick<Bilancio2026RunConfig, 'kappa' | 'kappaReference'>): D {
  return cfg.kappaReference !== undefined ? new D(cfg.kappaReference) : new D(1).div(cfg.kappa!);
}

/** Ring's κ (debt/money) of a resolved configuration: κ given, or 1/κ_ref in D(28). */
export function ringKappaOf(cfg: Pick<Bilancio2026RunConfig, 'kappa' | 'kappaReference'>): D {
  return cfg.kappa !== undefined ? new D(cfg.kappa) : new D(1).div(cfg.kappaReference!);
}

/** The effective profile of one trader: the configuration's `traderProfile` with its override applied. */
export function traderProfileOf(cfg: Bilancio2026RunConfig, traderId: string): Bilancio2026TraderProfile {
  const o = cfg.policies[traderId];
  return o ? { ...cfg.traderProfile, ...o } : cfg.traderProfile;
}

/** The trader ids of a configuration: H1 … HN. */
export function bilancio2026TraderIds(cfg: Pick<Bilancio2026RunConfig, 'nAgents'>): readonly string[] {
  return Array.from({ length: cfg.nAgents }, (_, i) => `H${i + 1}`);
}

/** The shared output parameters (`runParameters`): both κ, and monotonicity 0 (the Dirichlet draw's, fixed as in the reference). */
export function bilancio2026Parameters(cfg: Bilancio2026RunConfig): { kappa: string; kappaReference: string; monotonicity: string } {
  return {
    kappa: cfg.kappa ?? canon(ringKappaOf(cfg)),
    kappaReference: cfg.kappaReference ?? canon(kappaReferenceOf(cfg)),
    monotonicity: '0',
  };
}
