import { closest } from 'fastest-levenshtein';
import { D, canon } from '../../decimal';
import { ConfigValidationError } from '../../errors';
import type { Regime } from '../../config';

/*
 * Configuration of the `bilancio2026` profile (docs/model-bilancio2026.md §1): the keys, their
 * defaults and ranges, validation with typed errors, and the resolved plain-JSON form whose
 * canonical JSON gives the run and pair ids.
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
  readonly riskAversion?: string | number;
  readonly planningHorizon?: number;
  readonly aggressiveness?: string | number;
  readonly buyReserveFraction?: string | number;
  readonly tradingMotive?: string;
}

/**
 * A fully resolved `bilancio2026` run configuration: a plain JSON object, decimals as canonical
 * strings, every default filled in. Exactly one of `kappa` and `kappaReference` is present (the key
 * the user gave), so that run ids follow the user's choice.
 */
export interface Bilancio2026RunConfig {
  readonly schema: 'ring-run/1';
  readonly profile: 'bilancio2026';
  readonly regime: Regime;
  readonly seed: number;
  readonly nAgents: number;
  readonly maturityDays: number;
  readonly qTotal: string;
  readonly ticketSize: string;
  /** ring's κ (debt/money); absent when `kappaReference` was given. */
  readonly kappa?: string;
  /** the reference's κ (money/debt) = 1/κ; absent when `kappa` was given. */
  readonly kappaReference?: string;
  readonly concentration: string;
  readonly mu: string;
  readonly outsideMidRatio: string;
  readonly vbtShare: string;
  readonly dealerShare: string;
  readonly traderProfile: Bilancio2026TraderProfile;
  /** Per-trader overrides of `traderProfile` fields, keyed by trader id (`H1` … `HN`). */
  readonly policies: Readonly<Record<string, Partial<Bilancio2026TraderProfile>>>;
}

/** One configuration key of the profile: its CLI flag (if any), type, default, range and meaning. */
export interface Bilancio2026KeyDoc {
  readonly key: string;
  readonly flag: string | null;
  readonly type: string;
  /** The default as it appears in a resolved configuration, or null when the key is required or has none. */
  readonly default: string | number | Record<string, unknown> | null;
  readonly range: string;
  readonly doc: string;
}

/** Defaults of the trader profile (docs/model-bilancio2026.md §6.1). */
export const BILANCIO2026_TRADER_DEFAULTS: Bilancio2026TraderProfile = {
  riskAversion: '0',
  planningHorizon: 10,
  aggressiveness: '1',
  buyReserveFraction: '0.5',
  tradingMotive: 'liquidity_then_earning',
};

/** Every key of a `bilancio2026` configuration (docs/model-bilancio2026.md §1), in documentation order. */
export const BILANCIO2026_KEYS: readonly Bilancio2026KeyDoc[] = [
  { key: 'profile', flag: null, type: '"bilancio2026"', default: null, range: '"bilancio2026"', doc: 'selects this profile' },
  {
    key: 'regime',
    flag: null,
    type: '"passive" | "active"',
    default: 'active',
    range: 'passive or active',
    doc: 'trading switch of the arm',
  },
  {
    key: 'seed',
    flag: '--seed',
    type: 'integer',
    default: null,
    range: '0 ≤ seed < 2^53 (required)',
    doc: 'run seed: the Dirichlet stream; the trading stream is always Random(42)',
  },
  { key: 'nAgents', flag: '--n-agents', type: 'integer', default: 100, range: '≥ 3', doc: 'ring traders H1 … HN' },
  { key: 'maturityDays', flag: '--maturity-days', type: 'integer', default: 10, range: '≥ 1', doc: 'due days lie in 1 … T' },
  { key: 'qTotal', flag: '--q-total', type: 'decimal', default: '10000', range: '> 0', doc: 'total ring face Q' },
  {
    key: 'ticketSize',
    flag: '--face-value',
    type: 'decimal',
    default: '20',
    range: '≥ 1 (need not divide Q)',
    doc: 'kernel ticket unit S: every ticket is one payable, counted as S by the kernel',
  },
  {
    key: 'kappa',
    flag: '--kappa',
    type: 'decimal',
    default: null,
    range: '> 0 (this or kappaReference)',
    doc: "ring's κ = debt/money; initial liquidity L0 = Q/κ",
  },
  {
    key: 'kappaReference',
    flag: '--kappa-reference',
    type: 'decimal',
    default: null,
    range: '> 0 (this or kappa)',
    doc: "the reference's κ = money/debt = 1/κ, given directly (exact for any value)",
  },
  {
    key: 'concentration',
    flag: '--concentration',
    type: 'decimal',
    default: null,
    range: '> 0 (required)',
    doc: 'Dirichlet concentration c',
  },
  { key: 'mu', flag: '--mu', type: 'decimal', default: null, range: '0 … 1 (required)', doc: 'maturity lead μ' },
  {
    key: 'outsideMidRatio',
    flag: '--outside-mid-ratio',
    type: 'decimal',
    default: '0.9',
    range: '0 < ρ ≤ 1',
    doc: 'VBT mid M = ρ·(1 − p)',
  },
  {
    key: 'vbtShare',
    flag: '--vbt-share',
    type: 'decimal',
    default: '0.25',
    range: '0 ≤ v < 1',
    doc: "extra trader liabilities to each bucket's VBT, as a share of the bucket's face",
  },
  {
    key: 'dealerShare',
    flag: '--dealer-share',
    type: 'decimal',
    default: '0.125',
    range: '0 ≤ d < 1',
    doc: "extra trader liabilities to each bucket's dealer, as a share of the bucket's face",
  },
  {
    key: 'traderProfile',
    flag: null,
    type: 'object',
    default: { ...BILANCIO2026_TRADER_DEFAULTS },
    range: 'riskAversion 0…1, planningHorizon 1…20, aggressiveness 0…1, buyReserveFraction 0…1, tradingMotive "liquidity_then_earning"',
    doc: 'trader behaviour parameters, the same for every trader unless overridden in policies',
  },
  {
    key: 'policies',
    flag: null,
    type: 'object',
    default: {},
    range: 'trader id (H1 … HN) → traderProfile fields',
    doc: 'per-trader overrides of traderProfile (an extension; none = the reference run)',
  },
];

const TOP_KEYS = ['schema', ...BILANCIO2026_KEYS.map((k) => k.key)];
const PROFILE_KEYS = Object.keys(BILANCIO2026_TRADER_DEFAULTS);

function fail(code: string, field: string, allowed: string, value: unknown): never {
  throw new ConfigValidationError(code, field, allowed, value);
}

/** Refuse unknown keys, naming the nearest valid one. */
function refuseUnknown(obj: Record<string, unknown>, known: readonly string[], prefix: string): void {
  for (const key of Object.keys(obj)) {
    if (known.includes(key) || obj[key] === undefined) continue;
    const near = closest(key, known as string[]);
    fail('UNKNOWN_KEY', `${prefix}${key}`, `a bilancio2026 key (did you mean "${prefix}${near}"?)`, key);
  }
}

function parseDecimal(v: unknown, code: string, field: string, allowed: string): D {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) fail(code, field, allowed, v);
    return new D(String(v));
  }
  if (typeof v !== 'string' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v.trim())) fail(code, field, allowed, v);
  return new D(v.trim());
}

function decimalField(v: unknown, code: string, field: string, allowed: string, ok: (d: D) => boolean): string {
  const d = parseDecimal(v, code, field, allowed);
  if (!ok(d)) fail(code, field, allowed, v);
  return canon(d);
}

function integerField(v: unknown, code: string, field: string, allowed: string, ok: (n: number) => boolean): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || !ok(v)) fail(code, field, allowed, v);
  return v;
}

const unit = (d: D) => d.gte(0) && d.lte(1);

/** Validate a (partial) trader profile; only the fields given are returned. */
function resolveProfileFields(input: unknown, field: string): Partial<Bilancio2026TraderProfile> {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    fail('TRADER_PROFILE_INVALID', field, 'an object of trader profile fields', input);
  const v = input as Record<string, unknown>;
  refuseUnknown(v, PROFILE_KEYS, `${field}.`);
  const out: Record<string, unknown> = {};
  const f = (k: string) => `${field}.${k}`;
  if (v.riskAversion !== undefined)
    out.riskAversion = decimalField(v.riskAversion, 'TRADER_PROFILE_INVALID', f('riskAversion'), 'a decimal in [0, 1]', unit);
  if (v.planningHorizon !== undefined)
    out.planningHorizon = integerField(
      v.planningHorizon,
      'TRADER_PROFILE_INVALID',
      f('planningHorizon'),
      'an integer in 1 … 20',
      (n) => n >= 1 && n <= 20,
    );
  if (v.aggressiveness !== undefined)
    out.aggressiveness = decimalField(v.aggressiveness, 'TRADER_PROFILE_INVALID', f('aggressiveness'), 'a decimal in [0, 1]', unit);
  if (v.buyReserveFraction !== undefined)
    out.buyReserveFraction = decimalField(
      v.buyReserveFraction,
      'TRADER_PROFILE_INVALID',
      f('buyReserveFraction'),
      'a decimal in [0, 1]',
      unit,
    );
  if (v.tradingMotive !== undefined && v.tradingMotive !== 'liquidity_then_earning')
    fail(
      'TRADER_PROFILE_INVALID',
      f('tradingMotive'),
      '"liquidity_then_earning" (the only motive the contract specifies)',
      v.tradingMotive,
    );
  if (v.tradingMotive !== undefined) out.tradingMotive = v.tradingMotive;
  return out as Partial<Bilancio2026TraderProfile>;
}

/**
 * Validate a raw `bilancio2026` configuration and fill every default (docs/model-bilancio2026.md
 * §1). Throws {@link ConfigValidationError} naming the field and its allowed range (unknown keys
 * name the nearest valid key) before any work starts.
 */
export function resolveBilancio2026Config(input: Record<string, unknown>): Bilancio2026RunConfig {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) fail('CONFIG_INVALID', 'config', 'an object', input);
  refuseUnknown(input, TOP_KEYS, '');
  if (input.schema !== undefined && input.schema !== 'ring-run/1') fail('SCHEMA_INVALID', 'schema', '"ring-run/1"', input.schema);
  const profile = input.profile ?? 'bilancio2026';
  if (profile !== 'bilancio2026') fail('PROFILE_INVALID', 'profile', '"bilancio2026"', profile);
  const regime = input.regime ?? 'active';
  if (regime !== 'passive' && regime !== 'active') fail('REGIME_INVALID', 'regime', '"passive" or "active"', regime);
  const seed = integerField(input.seed, 'SEED_INVALID', 'seed', 'an integer with 0 ≤ seed < 2^53 (required)', (n) => n >= 0);
  const nAgents = integerField(input.nAgents ?? 100, 'N_INVALID', 'nAgents', 'an integer ≥ 3', (n) => n >= 3);
  const maturityDays = integerField(input.maturityDays ?? 10, 'T_INVALID', 'maturityDays', 'an integer ≥ 1', (n) => n >= 1);
  const qTotal = decimalField(input.qTotal ?? '10000', 'Q_INVALID', 'qTotal', 'a decimal > 0', (d) => d.gt(0));
  const ticketSize = decimalField(input.ticketSize ?? '20', 'S_INVALID', 'ticketSize', 'a decimal ≥ 1', (d) => d.gte(1));

  const hasKappa = input.kappa !== undefined;
  const hasRef = input.kappaReference !== undefined;
  if (hasKappa && hasRef)
    fail(
      'KAPPA_INVALID',
      'kappaReference',
      'absent when kappa is given (give exactly one of kappa and kappaReference)',
      input.kappaReference,
    );
  if (!hasKappa && !hasRef) fail('KAPPA_INVALID', 'kappa', 'a decimal > 0 (required unless kappaReference is given)', undefined);
  const kappa = hasKappa ? decimalField(input.kappa, 'KAPPA_INVALID', 'kappa', 'a decimal > 0', (d) => d.gt(0)) : undefined;
  const kappaReference = hasRef
    ? decimalField(input.kappaReference, 'KAPPA_INVALID', 'kappaReference', 'a decimal > 0', (d) => d.gt(0))
    : undefined;

  if (input.concentration === undefined) fail('C_INVALID', 'concentration', 'a decimal > 0 (required)', undefined);
  const concentration = decimalField(
    input.concentration,
    'C_INVALID',
    'concentration',
    'a decimal > 0',
    (d) => d.gt(0) && Number.isFinite(d.toNumber()) && d.toNumber() > 0,
  );
  if (input.mu === undefined) fail('MU_INVALID', 'mu', 'a decimal in [0, 1] (required)', undefined);
  const mu = decimalField(input.mu, 'MU_INVALID', 'mu', 'a decimal in [0, 1]', unit);
  const outsideMidRatio = decimalField(
    input.outsideMidRatio ?? '0.9',
    'RHO_INVALID',
    'outsideMidRatio',
    'a decimal with 0 < ρ ≤ 1',
    (d) => d.gt(0) && d.lte(1),
  );
  const share = (d: D) => d.gte(0) && d.lt(1);
  const vbtShare = decimalField(input.vbtShare ?? '0.25', 'SHARES_INVALID', 'vbtShare', 'a decimal with 0 ≤ vbtShare < 1', share);
  const dealerShare = decimalField(
    input.dealerShare ?? '0.125',
    'SHARES_INVALID',
    'dealerShare',
    'a decimal with 0 ≤ dealerShare < 1',
    share,
  );
  const traderProfile: Bilancio2026TraderProfile = {
    ...BILANCIO2026_TRADER_DEFAULTS,
    ...(input.traderProfile === undefined ? {} : resolveProfileFields(input.traderProfile, 'traderProfile')),
  };
  const policiesIn = input.policies ?? {};
  if (policiesIn === null || typeof policiesIn !== 'object' || Array.isArray(policiesIn))
    fail('POLICY_INVALID', 'policies', 'an object keyed by trader id', policiesIn);
  const policies: Record<string, Partial<Bilancio2026TraderProfile>> = {};
  for (const id of Object.keys(policiesIn).sort()) {
    const m = /^H([1-9]\d*)$/.exec(id);
    if (!m || Number(m[1]) > nAgents) fail('POLICY_INVALID', `policies.${id}`, `a trader id H1 … H${nAgents}`, id);
    const o = resolveProfileFields((policiesIn as Record<string, unknown>)[id], `policies.${id}`);
    if (Object.keys(o).length > 0) policies[id] = o;
  }
  return {
    schema: 'ring-run/1',
    profile: 'bilancio2026',
    regime,
    seed,
    nAgents,
    maturityDays,
    qTotal,
    ticketSize,
    ...(kappa !== undefined ? { kappa } : { kappaReference: kappaReference! }),
    concentration,
    mu,
    outsideMidRatio,
    vbtShare,
    dealerShare,
    traderProfile,
    policies,
  };
}

/** The reference's κ (money/debt) of a resolved configuration: κ_ref given, or 1/κ in D(28). */
export function kappaReferenceOf(cfg: Pick<Bilancio2026RunConfig, 'kappa' | 'kappaReference'>): D {
  return cfg.kappaReference !== undefined ? new D(cfg.kappaReference) : new D(1).div(cfg.kappa!);
}

/** The effective profile of one trader: the configuration's `traderProfile` with its override applied. */
export function traderProfileOf(cfg: Bilancio2026RunConfig, traderId: string): Bilancio2026TraderProfile {
  const o = cfg.policies[traderId];
  return o ? { ...cfg.traderProfile, ...o } : cfg.traderProfile;
}
