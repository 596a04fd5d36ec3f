import { createHash } from 'node:crypto';
import { D, canon } from './decimal';
import { ConfigValidationError } from './errors';

/** Model profile (docs/model.md §0): the design documents' model or the as-run 2025 code. */
export type ModelProfile = 'spec' | 'paper2025';
/** Regime of a run (docs/model.md §10). */
export type Regime = 'passive' | 'active';
/** A decimal given by the user: a decimal string (preferred) or a JS number. */
export type DecimalInput = string | number;

/** A maturity bucket of the `spec` profile (docs/model.md §2.2). */
export interface BucketConfig {
  readonly name: string;
  readonly tauMin: number;
  readonly tauMax: number | null;
  readonly O0: string;
  readonly phiM: string;
  readonly phiO: string;
}

/** Trader policy parameters of docs/model.md §7.1; every field optional in inputs. */
export interface TraderPolicy {
  readonly sellEnabled: boolean;
  readonly buyEnabled: boolean;
  readonly sellHorizonDays: number;
  readonly sellShortfallThreshold: string;
  readonly minBidFraction: string;
  readonly sellPriority: 'shortest_first' | 'longest_first';
  readonly buyHorizonDays: number;
  readonly buyCashBuffer: string;
  readonly maxSellsPerDay: number;
  readonly maxBuysPerDay: number;
  readonly safetyMargin: string | null;
}
/**
 * A trader policy as given by a user (docs/model.md §7.1): every field optional (omitted fields take the
 * configuration's defaults), decimals as strings or numbers. {@link resolvePolicyOverride} validates it.
 */
export type TraderPolicyInput = {
  [K in keyof TraderPolicy]?: TraderPolicy[K] extends string
    ? DecimalInput | TraderPolicy[K]
    : TraderPolicy[K] extends string | null
      ? DecimalInput | null
      : TraderPolicy[K];
};

/** Overdraft facility (docs/model.md §8.1). */
export interface OverdraftConfig {
  readonly limit: string;
  readonly rateBpsPerDay: string;
}

/** An explicit initial state (docs/model.md §3.3). */
export interface ExplicitScenario {
  readonly traders: readonly { readonly id: string; readonly cash: string }[];
  readonly payables: readonly { readonly debtor: string; readonly creditor: string; readonly amount: string; readonly dueDay: number }[];
}
/** An explicit initial state as given by a user: {@link ExplicitScenario} with decimals as strings or numbers. */
export interface ExplicitScenarioInput {
  readonly traders: readonly { readonly id: string; readonly cash: DecimalInput }[];
  readonly payables: readonly {
    readonly debtor: string;
    readonly creditor: string;
    readonly amount: DecimalInput;
    readonly dueDay: number;
  }[];
}

interface CommonResolved {
  readonly schema: 'ring-run/1';
  readonly regime: Regime;
  readonly seed: number;
  readonly nAgents: number;
  readonly maturityDays: number;
  readonly qTotal: string;
  readonly ticketSize: string;
  readonly kappa: string;
  readonly concentration: string;
  readonly mu: string;
  readonly monotonicity: string;
  readonly outsideMidRatio: string;
}

/** A fully resolved `spec` run configuration: every default filled in, decimals as canonical strings. */
export interface SpecRunConfig extends CommonResolved {
  readonly profile: 'spec';
  readonly allowSmallRing: boolean;
  readonly buckets: readonly BucketConfig[];
  readonly mMin: string;
  readonly oMin: string;
  readonly clipNonnegB: boolean;
  readonly anchorUpdate: boolean;
  readonly dealerShare: string;
  readonly vbtShare: string;
  readonly piSell: string;
  readonly nMax: number;
  readonly investHorizon: number;
  readonly cashBuffer: string;
  readonly graceDays: number;
  readonly clearing: 'gross' | 'gross+multilateral';
  readonly overdraft: OverdraftConfig | null;
  readonly maxDays: number | null;
  readonly policies: Readonly<Record<string, Partial<TraderPolicy>>>;
  readonly scenario: ExplicitScenario | null;
}

/** A fully resolved `paper2025` run configuration. */
export interface Paper2025RunConfig extends CommonResolved {
  readonly profile: 'paper2025';
  readonly bigEntityShare: string;
  readonly emulateDisplayAbort: boolean;
}

/** A resolved run configuration of either profile. */
export type RunConfig = SpecRunConfig | Paper2025RunConfig;

/** What a user passes to {@link resolveConfig}: profile, regime and seed plus any keys to override. */
export interface RunConfigInput {
  readonly profile?: ModelProfile;
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
  // spec
  readonly allowSmallRing?: boolean;
  readonly buckets?: readonly {
    name: string;
    tauMin: number;
    tauMax: number | null;
    O0: DecimalInput;
    phiM?: DecimalInput;
    phiO?: DecimalInput;
  }[];
  readonly mMin?: DecimalInput;
  readonly oMin?: DecimalInput;
  readonly clipNonnegB?: boolean;
  readonly anchorUpdate?: boolean;
  readonly dealerShare?: DecimalInput;
  readonly vbtShare?: DecimalInput;
  readonly piSell?: DecimalInput;
  readonly nMax?: number;
  readonly investHorizon?: number;
  readonly cashBuffer?: DecimalInput;
  readonly graceDays?: number;
  readonly clearing?: 'gross' | 'gross+multilateral';
  readonly overdraft?: { limit: DecimalInput; rateBpsPerDay: DecimalInput } | null;
  readonly maxDays?: number | null;
  readonly policies?: Readonly<Record<string, TraderPolicyInput>>;
  readonly scenario?: ExplicitScenarioInput | null;
  // paper2025
  readonly bigEntityShare?: DecimalInput;
  readonly emulateDisplayAbort?: boolean;
}

/** Default `spec` buckets (docs/model.md §2.2). */
export const DEFAULT_BUCKETS: readonly BucketConfig[] = [
  { name: 'short', tauMin: 1, tauMax: 3, O0: '0.2', phiM: '1', phiO: '0.6' },
  { name: 'mid', tauMin: 4, tauMax: 8, O0: '0.3', phiM: '1', phiO: '0.6' },
  { name: 'long', tauMin: 9, tauMax: null, O0: '0.4', phiM: '1', phiO: '0.6' },
];

const SPEC_DEFAULTS = {
  nAgents: 100,
  maturityDays: 10,
  qTotal: '10000',
  ticketSize: '1',
  monotonicity: '0',
  outsideMidRatio: '1',
  mMin: '0.02',
  oMin: '0',
  clipNonnegB: true,
  anchorUpdate: true,
  dealerShare: '0.25',
  vbtShare: '0.5',
  piSell: '0.5',
  nMax: 3,
  investHorizon: 3,
  cashBuffer: '1',
  graceDays: 0,
  clearing: 'gross' as const,
};
const PAPER_DEFAULTS = {
  nAgents: 5,
  maturityDays: 10,
  qTotal: '10000',
  ticketSize: '20',
  monotonicity: '0',
  outsideMidRatio: '1',
  bigEntityShare: '0.25',
};

const POLICY_KEYS: readonly (keyof TraderPolicy)[] = [
  'sellEnabled',
  'buyEnabled',
  'sellHorizonDays',
  'sellShortfallThreshold',
  'minBidFraction',
  'sellPriority',
  'buyHorizonDays',
  'buyCashBuffer',
  'maxSellsPerDay',
  'maxBuysPerDay',
  'safetyMargin',
];

function fail(code: string, field: string, allowed: string, value: unknown): never {
  throw new ConfigValidationError(code, field, allowed, value);
}

/** Parse a decimal input to D, or fail with the field's code. */
function parseDec(v: unknown, code: string, field: string, allowed: string): D {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) fail(code, field, allowed, v);
    return new D(String(v));
  }
  if (typeof v !== 'string' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v.trim())) fail(code, field, allowed, v);
  return new D(v.trim());
}

function decField(v: unknown, code: string, field: string, allowed: string, ok: (d: D) => boolean): string {
  const d = parseDec(v, code, field, allowed);
  if (!ok(d)) fail(code, field, allowed, v);
  return canon(d);
}

function intField(v: unknown, code: string, field: string, allowed: string, ok: (n: number) => boolean): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || !ok(v)) fail(code, field, allowed, v);
  return v;
}

function boolField(v: unknown, code: string, field: string): boolean {
  if (typeof v !== 'boolean') fail(code, field, 'true or false', v);
  return v;
}

/** Resolve and validate one trader policy override (docs/model.md §7.1). Only keys given are kept. */
export function resolvePolicyOverride(p: TraderPolicyInput, field: string): Partial<TraderPolicy> {
  if (p === null || typeof p !== 'object' || Array.isArray(p)) fail('POLICY_INVALID', field, 'an object of policy parameters', p);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(p)) {
    if (!(POLICY_KEYS as readonly string[]).includes(key))
      fail('POLICY_INVALID', `${field}.${key}`, `one of ${POLICY_KEYS.join(', ')}`, key);
  }
  const f = (k: string) => `${field}.${k}`;
  const v = p as Record<string, unknown>;
  if (v.sellEnabled !== undefined) out.sellEnabled = boolField(v.sellEnabled, 'POLICY_INVALID', f('sellEnabled'));
  if (v.buyEnabled !== undefined) out.buyEnabled = boolField(v.buyEnabled, 'POLICY_INVALID', f('buyEnabled'));
  if (v.sellHorizonDays !== undefined)
    out.sellHorizonDays = intField(v.sellHorizonDays, 'POLICY_INVALID', f('sellHorizonDays'), 'an integer ≥ 0', (n) => n >= 0);
  if (v.sellShortfallThreshold !== undefined)
    out.sellShortfallThreshold = decField(v.sellShortfallThreshold, 'POLICY_INVALID', f('sellShortfallThreshold'), 'a decimal ≥ 0', (d) =>
      d.gte(0),
    );
  if (v.minBidFraction !== undefined)
    out.minBidFraction = decField(
      v.minBidFraction,
      'POLICY_INVALID',
      f('minBidFraction'),
      'a decimal in [0, 1]',
      (d) => d.gte(0) && d.lte(1),
    );
  if (v.sellPriority !== undefined) {
    if (v.sellPriority !== 'shortest_first' && v.sellPriority !== 'longest_first')
      fail('POLICY_INVALID', f('sellPriority'), '"shortest_first" or "longest_first"', v.sellPriority);
    out.sellPriority = v.sellPriority;
  }
  if (v.buyHorizonDays !== undefined)
    out.buyHorizonDays = intField(v.buyHorizonDays, 'POLICY_INVALID', f('buyHorizonDays'), 'an integer ≥ 0', (n) => n >= 0);
  if (v.buyCashBuffer !== undefined)
    out.buyCashBuffer = decField(v.buyCashBuffer, 'POLICY_INVALID', f('buyCashBuffer'), 'a decimal ≥ 0', (d) => d.gte(0));
  if (v.maxSellsPerDay !== undefined)
    out.maxSellsPerDay = intField(v.maxSellsPerDay, 'POLICY_INVALID', f('maxSellsPerDay'), 'an integer ≥ 0', (n) => n >= 0);
  if (v.maxBuysPerDay !== undefined)
    out.maxBuysPerDay = intField(v.maxBuysPerDay, 'POLICY_INVALID', f('maxBuysPerDay'), 'an integer ≥ 0', (n) => n >= 0);
  if (v.safetyMargin !== undefined)
    out.safetyMargin =
      v.safetyMargin === null ? null : decField(v.safetyMargin, 'POLICY_INVALID', f('safetyMargin'), 'a decimal or null', () => true);
  return out as Partial<TraderPolicy>;
}

/** The default policy of a `spec` configuration (docs/model.md §7.1). */
export function defaultPolicy(cfg: Pick<SpecRunConfig, 'investHorizon' | 'cashBuffer'>): TraderPolicy {
  return {
    sellEnabled: true,
    buyEnabled: true,
    sellHorizonDays: 0,
    sellShortfallThreshold: '0',
    minBidFraction: '0',
    sellPriority: 'shortest_first',
    buyHorizonDays: cfg.investHorizon,
    buyCashBuffer: cfg.cashBuffer,
    maxSellsPerDay: 1,
    maxBuysPerDay: 1,
    safetyMargin: null,
  };
}

/** The effective policy of one trader: the configuration's defaults with its override applied. */
export function policyOf(cfg: SpecRunConfig, traderId: string): TraderPolicy {
  const o = cfg.policies[traderId];
  return o ? { ...defaultPolicy(cfg), ...o } : defaultPolicy(cfg);
}

/**
 * Fill in every default and validate every field (docs/model.md §2.4). Throws {@link ConfigValidationError}
 * naming the field and its allowed range; never starts any work.
 */
export function resolveConfig(input: RunConfigInput): RunConfig {
  if (input === null || typeof input !== 'object') fail('CONFIG_INVALID', 'config', 'an object', input);
  const profile = input.profile ?? 'spec';
  if (profile !== 'spec' && profile !== 'paper2025') fail('PROFILE_INVALID', 'profile', '"spec" or "paper2025"', profile);
  const regime = input.regime ?? 'active';
  if (regime !== 'passive' && regime !== 'active') fail('REGIME_INVALID', 'regime', '"passive" or "active"', regime);
  const seed = intField(input.seed, 'SEED_INVALID', 'seed', 'an integer with 0 ≤ seed < 2^53', (n) => n >= 0);
  const d = profile === 'spec' ? SPEC_DEFAULTS : PAPER_DEFAULTS;
  const maturityDays = intField(input.maturityDays ?? d.maturityDays, 'T_INVALID', 'maturityDays', 'an integer ≥ 1', (n) => n >= 1);
  const ticketSize = decField(
    input.ticketSize ?? d.ticketSize,
    'S_INVALID',
    'ticketSize',
    'an integer ≥ 1',
    (x) => x.isInteger() && x.gte(1) && x.lte(Number.MAX_SAFE_INTEGER),
  );
  if (input.kappa === undefined) fail('KAPPA_INVALID', 'kappa', 'a decimal > 0 (required)', undefined);
  if (input.concentration === undefined) fail('C_INVALID', 'concentration', 'a decimal > 0 (required)', undefined);
  if (input.mu === undefined) fail('MU_INVALID', 'mu', 'a decimal in [0, 1] (required)', undefined);
  const kappa = decField(input.kappa, 'KAPPA_INVALID', 'kappa', 'a decimal > 0', (x) => x.gt(0));
  const concentration = decField(
    input.concentration,
    'C_INVALID',
    'concentration',
    'a decimal > 0',
    (x) => x.gt(0) && Number.isFinite(x.toNumber()) && x.toNumber() > 0,
  );
  const mu = decField(input.mu, 'MU_INVALID', 'mu', 'a decimal in [0, 1]', (x) => x.gte(0) && x.lte(1));
  const monotonicity = decField(
    input.monotonicity ?? d.monotonicity,
    'M_INVALID',
    'monotonicity',
    'a decimal in [-1, 1]',
    (x) => x.gte(-1) && x.lte(1),
  );
  const outsideMidRatio = decField(input.outsideMidRatio ?? d.outsideMidRatio, 'RHO_INVALID', 'outsideMidRatio', 'a decimal > 0', (x) =>
    x.gt(0),
  );

  if (profile === 'paper2025') {
    const nAgents = intField(input.nAgents ?? d.nAgents, 'N_INVALID', 'nAgents', 'an integer ≥ 2', (n) => n >= 2);
    const qTotal = decField(input.qTotal ?? d.qTotal, 'Q_INVALID', 'qTotal', 'a decimal > 0', (x) => x.gt(0));
    const bigEntityShare = decField(
      input.bigEntityShare ?? PAPER_DEFAULTS.bigEntityShare,
      'BETA_INVALID',
      'bigEntityShare',
      'a decimal ≥ 0',
      (x) => x.gte(0),
    );
    const emulateDisplayAbort = boolField(input.emulateDisplayAbort ?? false, 'OPTION_INVALID', 'emulateDisplayAbort');
    return {
      schema: 'ring-run/1',
      profile,
      regime,
      seed,
      nAgents,
      maturityDays,
      qTotal,
      ticketSize,
      kappa,
      concentration,
      mu,
      monotonicity,
      outsideMidRatio,
      bigEntityShare,
      emulateDisplayAbort,
    };
  }

  const allowSmallRing = boolField(input.allowSmallRing ?? false, 'OPTION_INVALID', 'allowSmallRing');
  const S = Number(ticketSize);
  const scenario = input.scenario == null ? null : resolveScenario(input.scenario, S);
  const nAgents = scenario
    ? scenario.traders.length
    : intField(
        input.nAgents ?? SPEC_DEFAULTS.nAgents,
        'RING_TOO_SMALL',
        'nAgents',
        allowSmallRing ? 'an integer ≥ 2' : 'an integer ≥ 100 (or set allowSmallRing)',
        (n) => n >= 2 && (allowSmallRing || n >= 100),
      );
  if (scenario && !allowSmallRing && nAgents < 100)
    fail('RING_TOO_SMALL', 'scenario.traders', 'at least 100 traders (or set allowSmallRing)', nAgents);
  const qTotal = scenario
    ? canon(scenario.payables.reduce((s, p) => s.plus(p.amount), new D(0)))
    : decField(
        input.qTotal ?? SPEC_DEFAULTS.qTotal,
        'Q_NOT_MULTIPLE_OF_S',
        'qTotal',
        `a positive integer multiple of ticketSize (${ticketSize})`,
        (x) => x.isInteger() && x.gt(0) && x.mod(S).isZero(),
      );

  const bucketsIn = input.buckets ?? DEFAULT_BUCKETS;
  if (!Array.isArray(bucketsIn) || bucketsIn.length === 0) fail('BUCKETS_INVALID', 'buckets', 'a non-empty list', bucketsIn);
  const names = new Set<string>();
  const buckets: BucketConfig[] = bucketsIn.map((b, i) => {
    const f = `buckets[${i}]`;
    if (typeof b?.name !== 'string' || b.name === '' || names.has(b.name))
      fail('BUCKETS_INVALID', `${f}.name`, 'a unique non-empty name', b?.name);
    names.add(b.name);
    const prevMax = i === 0 ? 0 : bucketsIn[i - 1]!.tauMax;
    intField(
      b.tauMin,
      'BUCKETS_INVALID',
      `${f}.tauMin`,
      i === 0 ? '1' : `previous tauMax + 1 (${String(prevMax === null ? 'n/a' : prevMax + 1)})`,
      (n) => prevMax !== null && n === prevMax + 1,
    );
    const last = i === bucketsIn.length - 1;
    if (last) {
      if (b.tauMax !== null) fail('BUCKETS_INVALID', `${f}.tauMax`, 'null for the last bucket', b.tauMax);
    } else {
      intField(b.tauMax, 'BUCKETS_INVALID', `${f}.tauMax`, `an integer ≥ tauMin (${b.tauMin})`, (n) => n >= b.tauMin);
    }
    return {
      name: b.name,
      tauMin: b.tauMin,
      tauMax: b.tauMax,
      O0: decField(b.O0, 'BUCKETS_INVALID', `${f}.O0`, 'a decimal ≥ 0', (x) => x.gte(0)),
      phiM: decField(b.phiM ?? '1', 'BUCKETS_INVALID', `${f}.phiM`, 'a decimal ≥ 0', (x) => x.gte(0)),
      phiO: decField(b.phiO ?? '0.6', 'BUCKETS_INVALID', `${f}.phiO`, 'a decimal ≥ 0', (x) => x.gte(0)),
    };
  });
  const mMin = decField(input.mMin ?? SPEC_DEFAULTS.mMin, 'ANCHORS_INVALID', 'mMin', 'a decimal ≥ 0', (x) => x.gte(0));
  const oMin = decField(input.oMin ?? SPEC_DEFAULTS.oMin, 'ANCHORS_INVALID', 'oMin', 'a decimal ≥ 0', (x) => x.gte(0));
  for (const [i, b] of buckets.entries()) {
    if (new D(b.O0).lt(oMin)) fail('BUCKETS_INVALID', `buckets[${i}].O0`, `a decimal ≥ oMin (${oMin})`, b.O0);
  }
  const dealerShare = decField(
    input.dealerShare ?? SPEC_DEFAULTS.dealerShare,
    'SHARES_INVALID',
    'dealerShare',
    'a decimal ≥ 0 with dealerShare + vbtShare ≤ 1',
    (x) => x.gte(0),
  );
  const vbtShare = decField(
    input.vbtShare ?? SPEC_DEFAULTS.vbtShare,
    'SHARES_INVALID',
    'vbtShare',
    'a decimal ≥ 0 with dealerShare + vbtShare ≤ 1',
    (x) => x.gte(0),
  );
  if (new D(dealerShare).plus(vbtShare).gt(1))
    fail('SHARES_INVALID', 'vbtShare', `a decimal ≤ 1 − dealerShare (${new D(1).minus(dealerShare)})`, vbtShare);
  const piSell = decField(
    input.piSell ?? SPEC_DEFAULTS.piSell,
    'FLOW_INVALID',
    'piSell',
    'a decimal with 0 < piSell < 1',
    (x) => x.gt(0) && x.lt(1),
  );
  const nMax = intField(input.nMax ?? SPEC_DEFAULTS.nMax, 'FLOW_INVALID', 'nMax', 'an integer ≥ 1', (n) => n >= 1);
  const investHorizon = intField(
    input.investHorizon ?? SPEC_DEFAULTS.investHorizon,
    'FLOW_INVALID',
    'investHorizon',
    'an integer ≥ 0',
    (n) => n >= 0,
  );
  const cashBuffer = decField(input.cashBuffer ?? SPEC_DEFAULTS.cashBuffer, 'FLOW_INVALID', 'cashBuffer', 'a decimal ≥ 0', (x) => x.gte(0));
  const graceDays = intField(
    input.graceDays ?? SPEC_DEFAULTS.graceDays,
    'SETTLEMENT_INVALID',
    'graceDays',
    'an integer ≥ 0',
    (n) => n >= 0,
  );
  const clearing = input.clearing ?? SPEC_DEFAULTS.clearing;
  if (clearing !== 'gross' && clearing !== 'gross+multilateral')
    fail('SETTLEMENT_INVALID', 'clearing', '"gross" or "gross+multilateral"', clearing);
  let overdraft: OverdraftConfig | null = null;
  if (input.overdraft != null) {
    if (typeof input.overdraft !== 'object') fail('SETTLEMENT_INVALID', 'overdraft', 'null or { limit, rateBpsPerDay }', input.overdraft);
    overdraft = {
      limit: decField(input.overdraft.limit, 'SETTLEMENT_INVALID', 'overdraft.limit', 'a decimal ≥ 0', (x) => x.gte(0)),
      rateBpsPerDay: decField(input.overdraft.rateBpsPerDay, 'SETTLEMENT_INVALID', 'overdraft.rateBpsPerDay', 'a decimal ≥ 0', (x) =>
        x.gte(0),
      ),
    };
  }
  const maxDays =
    input.maxDays == null ? null : intField(input.maxDays, 'SETTLEMENT_INVALID', 'maxDays', 'null or an integer ≥ 1', (n) => n >= 1);
  const policies: Record<string, Partial<TraderPolicy>> = {};
  const policyIn = input.policies ?? {};
  if (typeof policyIn !== 'object' || Array.isArray(policyIn)) fail('POLICY_INVALID', 'policies', 'an object keyed by trader id', policyIn);
  const traderIds = scenario ? scenario.traders.map((t) => t.id) : Array.from({ length: nAgents }, (_, i) => `H${i + 1}`);
  const idSet = new Set(traderIds);
  for (const id of Object.keys(policyIn).sort()) {
    if (!idSet.has(id)) fail('POLICY_INVALID', `policies.${id}`, `a trader id (${traderIds[0]} … ${traderIds[traderIds.length - 1]})`, id);
    const o = resolvePolicyOverride(policyIn[id]!, `policies.${id}`);
    if (Object.keys(o).length > 0) policies[id] = o;
  }
  return {
    schema: 'ring-run/1',
    profile,
    regime,
    seed,
    nAgents,
    maturityDays,
    qTotal,
    ticketSize,
    kappa,
    concentration,
    mu,
    monotonicity,
    outsideMidRatio,
    allowSmallRing,
    buckets,
    mMin,
    oMin,
    clipNonnegB: boolField(input.clipNonnegB ?? true, 'OPTION_INVALID', 'clipNonnegB'),
    anchorUpdate: boolField(input.anchorUpdate ?? true, 'OPTION_INVALID', 'anchorUpdate'),
    dealerShare,
    vbtShare,
    piSell,
    nMax,
    investHorizon,
    cashBuffer,
    graceDays,
    clearing,
    overdraft,
    maxDays,
    policies,
    scenario,
  };
}

function resolveScenario(s: ExplicitScenarioInput, S: number): ExplicitScenario {
  if (!s || !Array.isArray(s.traders) || !Array.isArray(s.payables))
    fail('SCENARIO_INVALID', 'scenario', '{ traders: [...], payables: [...] }', s);
  const ids = new Set<string>();
  const traders = s.traders.map((t, i) => {
    if (typeof t?.id !== 'string' || t.id === '' || ids.has(t.id) || /^(dealer_|vbt_|big_)|^CB$/.test(t.id))
      fail('SCENARIO_INVALID', `scenario.traders[${i}].id`, 'a unique trader id not starting with dealer_, vbt_ or big_', t?.id);
    ids.add(t.id);
    return { id: t.id, cash: decField(t.cash, 'SCENARIO_INVALID', `scenario.traders[${i}].cash`, 'a decimal ≥ 0', (x) => x.gte(0)) };
  });
  if (traders.length < 2) fail('SCENARIO_INVALID', 'scenario.traders', 'at least 2 traders', traders.length);
  const issuers = new Set<string>();
  const payables = s.payables.map((p, i) => {
    const f = `scenario.payables[${i}]`;
    if (!ids.has(p?.debtor)) fail('SCENARIO_INVALID', `${f}.debtor`, 'a trader id of scenario.traders', p?.debtor);
    if (!ids.has(p.creditor) || p.creditor === p.debtor)
      fail('SCENARIO_INVALID', `${f}.creditor`, 'a trader id other than the debtor', p.creditor);
    if (issuers.has(p.debtor)) fail('SCENARIO_INVALID', `${f}.debtor`, 'a trader that issues at most one payable', p.debtor);
    issuers.add(p.debtor);
    const amount = decField(
      p.amount,
      'SCENARIO_INVALID',
      `${f}.amount`,
      `a positive multiple of ticketSize (${S})`,
      (x) => x.isInteger() && x.gt(0) && x.mod(S).isZero(),
    );
    const dueDay = intField(p.dueDay, 'SCENARIO_INVALID', `${f}.dueDay`, 'an integer ≥ 1', (n) => n >= 1);
    return { debtor: p.debtor, creditor: p.creditor, amount, dueDay };
  });
  return { traders, payables };
}

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

/** Deterministic run id `regime_<12 hex>` of a resolved configuration (docs/model.md §2.5). */
export function runId(cfg: RunConfig): string {
  return `${cfg.regime}_${hash12(canonicalJson(cfg))}`;
}

/** Deterministic pair id `pair_<12 hex>`: the canonical JSON without `regime` (docs/model.md §2.5). */
export function pairId(cfg: RunConfig): string {
  const { regime: _omit, ...rest } = cfg;
  return `pair_${hash12(canonicalJson(rest))}`;
}

/** The same configuration in the other regime. */
export function withRegime<C extends RunConfig>(cfg: C, regime: Regime): C {
  return { ...cfg, regime };
}
