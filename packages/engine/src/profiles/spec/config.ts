/**
 * The `spec` profile's configuration (docs/model.md §2.2, §2.4, §7.1, §8.1): its keys, defaults,
 * validation and the trader policies of docs/model.md §7.1.
 */
import { z } from 'zod';
import { D, canon } from '../../decimal';
import { ConfigValidationError } from '../../errors';
import { shapeFields, runFields } from '../common';
import { boolean, decimal, field, inputSchema, integer, keyDocs, oneOf, parseConfig, throwIssue } from '../fields';
import type { Field } from '../fields';
import type { DecimalInput, KeyDoc, ResolvedRunBase } from '../types';

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

/** A fully resolved `spec` run configuration: every default filled in, decimals as canonical strings. */
export interface SpecRunConfig extends ResolvedRunBase {
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

/** The keys of a `spec` configuration as given by a user (besides the shared ones). */
export interface SpecConfigInput {
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
}

/** Default `spec` buckets (docs/model.md §2.2). */
export const DEFAULT_BUCKETS: readonly BucketConfig[] = [
  { name: 'short', tauMin: 1, tauMax: 3, O0: '0.2', phiM: '1', phiO: '0.6' },
  { name: 'mid', tauMin: 4, tauMax: 8, O0: '0.3', phiM: '1', phiO: '0.6' },
  { name: 'long', tauMin: 9, tauMax: null, O0: '0.4', phiM: '1', phiO: '0.6' },
];

function fail(code: string, field: string, allowed: string, value: unknown): never {
  throw new ConfigValidationError(code, field, allowed, value);
}

const gte0 = (x: D) => x.gte(0);

// ---- trader policies (docs/model.md §7.1) ---------------------------------------------------------------

const POLICY_FIELDS: Record<keyof TraderPolicy, Field> = {
  sellEnabled: field(boolean(), {
    flag: null,
    type: 'boolean',
    range: 'true or false',
    doc: 'the trader may sell',
    code: 'POLICY_INVALID',
  }),
  buyEnabled: field(boolean(), { flag: null, type: 'boolean', range: 'true or false', doc: 'the trader may buy', code: 'POLICY_INVALID' }),
  sellHorizonDays: field(integer('an integer ≥ 0', 0), {
    flag: null,
    type: 'integer',
    range: 'an integer ≥ 0',
    doc: 'sell when a shortfall is due within this many days',
    code: 'POLICY_INVALID',
  }),
  sellShortfallThreshold: field(decimal('a decimal ≥ 0', gte0), {
    flag: null,
    type: 'decimal',
    range: 'a decimal ≥ 0',
    doc: 'sell only for a shortfall above this',
    code: 'POLICY_INVALID',
  }),
  minBidFraction: field(
    decimal('a decimal in [0, 1]', (d) => d.gte(0) && d.lte(1)),
    { flag: null, type: 'decimal', range: 'a decimal in [0, 1]', doc: 'lowest acceptable bid as a share of face', code: 'POLICY_INVALID' },
  ),
  sellPriority: field(oneOf(['shortest_first', 'longest_first']), {
    flag: null,
    type: 'enum',
    values: ['shortest_first', 'longest_first'],
    range: '"shortest_first" or "longest_first"',
    doc: 'which tickets to sell first',
    code: 'POLICY_INVALID',
  }),
  buyHorizonDays: field(integer('an integer ≥ 0', 0), {
    flag: null,
    type: 'integer',
    range: 'an integer ≥ 0',
    doc: 'buy only when no payment is due within this many days',
    code: 'POLICY_INVALID',
  }),
  buyCashBuffer: field(decimal('a decimal ≥ 0', gte0), {
    flag: null,
    type: 'decimal',
    range: 'a decimal ≥ 0',
    doc: 'cash kept aside before buying',
    code: 'POLICY_INVALID',
  }),
  maxSellsPerDay: field(integer('an integer ≥ 0', 0), {
    flag: null,
    type: 'integer',
    range: 'an integer ≥ 0',
    doc: 'sells per day at most',
    code: 'POLICY_INVALID',
  }),
  maxBuysPerDay: field(integer('an integer ≥ 0', 0), {
    flag: null,
    type: 'integer',
    range: 'an integer ≥ 0',
    doc: 'buys per day at most',
    code: 'POLICY_INVALID',
  }),
  safetyMargin: field(decimal('a decimal or null').nullable(), {
    flag: null,
    type: 'decimal',
    nullable: true,
    range: 'a decimal or null',
    doc: 'cash margin kept when deciding to sell (null: none)',
    code: 'POLICY_INVALID',
  }),
};
const POLICY_KEYS = Object.keys(POLICY_FIELDS) as (keyof TraderPolicy)[];

/** The trader policy parameters' table (docs/model.md §7.1). */
export const POLICY_KEY_DOCS: readonly KeyDoc[] = keyDocs(POLICY_FIELDS);

/** Zod schema of one trader's policy parameters (every field optional). */
export const POLICY_SCHEMA = z.strictObject(Object.fromEntries(POLICY_KEYS.map((k) => [k, POLICY_FIELDS[k].schema.optional()])), {
  error: 'an object of policy parameters',
});

/** Resolve and validate one trader policy override (docs/model.md §7.1). Only keys given are kept. */
export function resolvePolicyOverride(p: TraderPolicyInput, field: string): Partial<TraderPolicy> {
  if (p === null || typeof p !== 'object' || Array.isArray(p)) fail('POLICY_INVALID', field, 'an object of policy parameters', p);
  for (const key of Object.keys(p)) {
    if (!(POLICY_KEYS as string[]).includes(key)) fail('POLICY_INVALID', `${field}.${key}`, `one of ${POLICY_KEYS.join(', ')}`, key);
  }
  const r = POLICY_SCHEMA.safeParse(p);
  if (!r.success) throwIssue(r.error, p, () => 'POLICY_INVALID', [field]);
  const out: Record<string, unknown> = {};
  // In the order of docs/model.md §7.1, whatever the input's order.
  for (const k of POLICY_KEYS) if ((r.data as Record<string, unknown>)[k] !== undefined) out[k] = (r.data as Record<string, unknown>)[k];
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

/** The trader ids of a configuration: the scenario's, or H1 … HN. */
export function specTraderIds(cfg: Pick<SpecRunConfig, 'scenario' | 'nAgents'>): readonly string[] {
  return cfg.scenario ? cfg.scenario.traders.map((t) => t.id) : Array.from({ length: cfg.nAgents }, (_, i) => `H${i + 1}`);
}

// ---- the configuration's keys (docs/model.md §2.2) -------------------------------------------------------

const BUCKET_SCHEMA = z.strictObject(
  {
    name: z.string({ error: 'a unique non-empty name' }).min(1, { error: 'a unique non-empty name' }),
    tauMin: integer('an integer ≥ 1', 1),
    tauMax: integer('an integer ≥ 1 or null for the last bucket', 1).nullable(),
    O0: decimal('a decimal ≥ 0', gte0),
    phiM: decimal('a decimal ≥ 0', gte0).optional(),
    phiO: decimal('a decimal ≥ 0', gte0).optional(),
  },
  { error: 'a bucket { name, tauMin, tauMax, O0, phiM?, phiO? }' },
);

const SCENARIO_SCHEMA = z.strictObject(
  {
    traders: z.array(
      z.strictObject(
        { id: z.string({ error: 'a unique trader id' }), cash: decimal('a decimal ≥ 0', gte0) },
        { error: 'a trader { id, cash }' },
      ),
      { error: 'a list of traders' },
    ),
    payables: z.array(
      z.strictObject(
        {
          debtor: z.string({ error: 'a trader id of scenario.traders' }),
          creditor: z.string({ error: 'a trader id other than the debtor' }),
          amount: decimal('a positive multiple of ticketSize'),
          dueDay: integer('an integer ≥ 1', 1),
        },
        { error: 'a payable { debtor, creditor, amount, dueDay }' },
      ),
      { error: 'a list of payables' },
    ),
  },
  { error: '{ traders: [...], payables: [...] }' },
);

const SETTLEMENT = 'SETTLEMENT_INVALID';
const FLOW = 'FLOW_INVALID';

const SPEC_FIELDS: Record<string, Field> = {
  nAgents: field(integer('an integer ≥ 2', 2), {
    flag: 'n-agents',
    sweepFlag: 'n-agents',
    type: 'integer',
    default: 100,
    range: 'an integer ≥ 100 (≥ 2 with allowSmallRing)',
    doc: 'number of ring traders N',
    code: 'RING_TOO_SMALL',
  }),
  qTotal: field(decimal('a positive integer multiple of ticketSize'), {
    flag: 'q-total',
    sweepFlag: 'q-totals',
    type: 'decimal',
    default: '10000',
    range: 'a positive integer multiple of ticketSize',
    doc: 'total ring face Q',
    code: 'Q_NOT_MULTIPLE_OF_S',
  }),
  ...shapeFields({ maturityDays: 10, ticketSize: '1', monotonicity: '0', outsideMidRatio: '1' }),
  allowSmallRing: field(boolean(), {
    flag: null,
    type: 'boolean',
    default: false,
    range: 'true or false',
    doc: 'allow rings of fewer than 100 traders (the CLI sets it)',
    code: 'OPTION_INVALID',
  }),
  buckets: field(z.array(BUCKET_SCHEMA, { error: 'a non-empty list' }).min(1, { error: 'a non-empty list' }), {
    flag: null,
    type: 'json',
    default: DEFAULT_BUCKETS,
    range: 'a non-empty list of contiguous buckets, the first from tauMin 1, only the last open (tauMax null)',
    doc: 'maturity buckets (docs/model.md §2.2)',
    code: 'BUCKETS_INVALID',
  }),
  mMin: field(decimal('a decimal ≥ 0', gte0), {
    flag: 'm-min',
    type: 'decimal',
    default: '0.02',
    range: 'a decimal ≥ 0',
    doc: 'floor of the dealer mid anchor M',
    code: 'ANCHORS_INVALID',
  }),
  oMin: field(decimal('a decimal ≥ 0', gte0), {
    flag: 'o-min',
    type: 'decimal',
    default: '0',
    range: 'a decimal ≥ 0',
    doc: 'floor of the outside spread anchor O',
    code: 'ANCHORS_INVALID',
  }),
  clipNonnegB: field(boolean(), {
    flag: null,
    type: 'boolean',
    default: true,
    range: 'true or false',
    doc: 'clip the outside bid B at 0',
    code: 'OPTION_INVALID',
  }),
  anchorUpdate: field(boolean(), {
    flag: null,
    type: 'boolean',
    default: true,
    range: 'true or false',
    doc: 'update the anchors M and O daily',
    code: 'OPTION_INVALID',
  }),
  dealerShare: field(decimal('a decimal ≥ 0 with dealerShare + vbtShare ≤ 1', gte0), {
    flag: 'dealer-share',
    type: 'decimal',
    default: '0.25',
    range: 'a decimal ≥ 0 with dealerShare + vbtShare ≤ 1',
    doc: "share of each bucket's tickets held by its dealer",
    code: 'SHARES_INVALID',
  }),
  vbtShare: field(decimal('a decimal ≥ 0 with dealerShare + vbtShare ≤ 1', gte0), {
    flag: 'vbt-share',
    type: 'decimal',
    default: '0.5',
    range: 'a decimal ≥ 0 with dealerShare + vbtShare ≤ 1',
    doc: "share of each bucket's tickets held by its value-based trader",
    code: 'SHARES_INVALID',
  }),
  piSell: field(
    decimal('a decimal with 0 < piSell < 1', (x) => x.gt(0) && x.lt(1)),
    {
      flag: 'pi-sell',
      type: 'decimal',
      default: '0.5',
      range: 'a decimal with 0 < piSell < 1',
      doc: 'probability that an order is a sell',
      code: FLOW,
    },
  ),
  nMax: field(integer('an integer ≥ 1', 1), {
    flag: 'n-max',
    type: 'integer',
    default: 3,
    range: 'an integer ≥ 1',
    doc: 'orders per day at most',
    code: FLOW,
  }),
  investHorizon: field(integer('an integer ≥ 0', 0), {
    flag: 'invest-horizon',
    type: 'integer',
    default: 3,
    range: 'an integer ≥ 0',
    doc: 'investment horizon H of buyers in days',
    code: FLOW,
  }),
  cashBuffer: field(decimal('a decimal ≥ 0', gte0), {
    flag: 'cash-buffer',
    type: 'decimal',
    default: '1',
    range: 'a decimal ≥ 0',
    doc: 'cash buffer B a buyer keeps',
    code: FLOW,
  }),
  graceDays: field(integer('an integer ≥ 0', 0), {
    flag: 'grace-days',
    type: 'integer',
    default: 0,
    range: 'an integer ≥ 0',
    doc: 'settlement: grace days before default',
    code: SETTLEMENT,
  }),
  clearing: field(oneOf(['gross', 'gross+multilateral']), {
    flag: 'clearing',
    type: 'enum',
    values: ['gross', 'gross+multilateral'],
    default: 'gross',
    range: '"gross" or "gross+multilateral"',
    doc: 'settlement: clearing',
    code: SETTLEMENT,
  }),
  overdraft: field(
    z
      .strictObject(
        { limit: decimal('a decimal ≥ 0', gte0), rateBpsPerDay: decimal('a decimal ≥ 0', gte0) },
        { error: 'null or { limit, rateBpsPerDay }' },
      )
      .nullable(),
    {
      flag: null,
      type: 'json',
      nullable: true,
      default: null,
      range: 'null or { limit, rateBpsPerDay }',
      doc: 'settlement: overdraft facility',
      code: SETTLEMENT,
    },
  ),
  maxDays: field(integer('null or an integer ≥ 1', 1).nullable(), {
    flag: 'max-days',
    type: 'integer',
    nullable: true,
    default: null,
    range: 'null or an integer ≥ 1',
    doc: 'simulation horizon in days (null: until the ring settles)',
    code: SETTLEMENT,
  }),
  policies: field(z.record(z.string(), POLICY_SCHEMA, { error: 'an object keyed by trader id' }), {
    flag: null,
    type: 'json',
    default: {},
    range: 'an object keyed by trader id of policy parameters',
    doc: 'per-trader policy overrides (docs/model.md §7.1)',
    code: 'POLICY_INVALID',
  }),
  scenario: field(SCENARIO_SCHEMA.nullable(), {
    flag: null,
    type: 'json',
    nullable: true,
    default: null,
    range: 'null or { traders: [...], payables: [...] }',
    doc: 'an explicit initial state instead of a generated ring (docs/model.md §3.3)',
    code: 'SCENARIO_INVALID',
  }),
  ...runFields(),
};

/** The `spec` profile's configuration table, with the named flags of the overdraft's two fields. */
export const SPEC_KEYS: readonly KeyDoc[] = keyDocs(SPEC_FIELDS, [
  {
    key: 'overdraft.limit',
    flag: 'overdraft-limit',
    type: 'decimal',
    range: 'a decimal ≥ 0',
    doc: 'settlement: overdraft limit (with --overdraft-rate-bps)',
    code: SETTLEMENT,
  },
  {
    key: 'overdraft.rateBpsPerDay',
    flag: 'overdraft-rate-bps',
    type: 'decimal',
    range: 'a decimal ≥ 0',
    doc: 'settlement: overdraft interest in bps per day',
    code: SETTLEMENT,
  },
]);

/** Zod schema of a `spec` configuration as given by a user. */
export const SPEC_INPUT_SCHEMA = inputSchema('spec', SPEC_FIELDS);

type Parsed = {
  nAgents: number;
  qTotal: string;
  ticketSize: string;
  allowSmallRing: boolean;
  buckets: { name: string; tauMin: number; tauMax: number | null; O0: string; phiM?: string; phiO?: string }[];
  oMin: string;
  dealerShare: string;
  vbtShare: string;
  policies: Record<string, Partial<TraderPolicy>>;
  scenario: ExplicitScenario | null;
} & Record<string, unknown>;

/**
 * Fill in every default and validate every field of a `spec` configuration (docs/model.md §2.4). Throws
 * `ConfigValidationError` naming the field and its allowed range; never starts any work.
 */
export function resolveSpecConfig(input: Readonly<Record<string, unknown>>): SpecRunConfig {
  const v = parseConfig('spec', SPEC_FIELDS, SPEC_INPUT_SCHEMA, input) as Parsed;
  const S = Number(v.ticketSize);
  const scenario = v.scenario === null ? null : checkScenario(v.scenario, S);
  const nAgents = scenario ? scenario.traders.length : v.nAgents;
  if (!scenario && !v.allowSmallRing && nAgents < 100)
    fail('RING_TOO_SMALL', 'nAgents', 'an integer ≥ 100 (or set allowSmallRing)', input.nAgents ?? nAgents);
  if (scenario && !v.allowSmallRing && nAgents < 100)
    fail('RING_TOO_SMALL', 'scenario.traders', 'at least 100 traders (or set allowSmallRing)', nAgents);
  let qTotal: string;
  if (scenario) qTotal = canon(scenario.payables.reduce((s, p) => s.plus(p.amount), new D(0)));
  else {
    const q = new D(v.qTotal);
    if (!(q.isInteger() && q.gt(0) && q.mod(S).isZero()))
      fail('Q_NOT_MULTIPLE_OF_S', 'qTotal', `a positive integer multiple of ticketSize (${v.ticketSize})`, input.qTotal);
    qTotal = v.qTotal;
  }
  const buckets = checkBuckets(v.buckets, v.oMin);
  if (new D(v.dealerShare).plus(v.vbtShare).gt(1))
    fail('SHARES_INVALID', 'vbtShare', `a decimal ≤ 1 − dealerShare (${new D(1).minus(v.dealerShare)})`, v.vbtShare);
  const policies = checkPolicies(v.policies, specTraderIds({ scenario, nAgents }));
  return {
    schema: 'ring-run/1',
    profile: 'spec',
    regime: v.regime as SpecRunConfig['regime'],
    seed: v.seed as number,
    nAgents,
    maturityDays: v.maturityDays as number,
    qTotal,
    ticketSize: v.ticketSize,
    kappa: v.kappa as string,
    concentration: v.concentration as string,
    mu: v.mu as string,
    monotonicity: v.monotonicity as string,
    outsideMidRatio: v.outsideMidRatio as string,
    allowSmallRing: v.allowSmallRing,
    buckets,
    mMin: v.mMin as string,
    oMin: v.oMin,
    clipNonnegB: v.clipNonnegB as boolean,
    anchorUpdate: v.anchorUpdate as boolean,
    dealerShare: v.dealerShare,
    vbtShare: v.vbtShare,
    piSell: v.piSell as string,
    nMax: v.nMax as number,
    investHorizon: v.investHorizon as number,
    cashBuffer: v.cashBuffer as string,
    graceDays: v.graceDays as number,
    clearing: v.clearing as SpecRunConfig['clearing'],
    overdraft: v.overdraft as OverdraftConfig | null,
    maxDays: v.maxDays as number | null,
    policies,
    scenario,
  };
}

/** The buckets' chain (first from 1, contiguous, only the last open, unique names) and O0 ≥ oMin. */
function checkBuckets(bucketsIn: Parsed['buckets'], oMin: string): BucketConfig[] {
  const names = new Set<string>();
  return bucketsIn.map((b, i) => {
    const f = `buckets[${i}]`;
    if (names.has(b.name)) fail('BUCKETS_INVALID', `${f}.name`, 'a unique non-empty name', b.name);
    names.add(b.name);
    const prevMax = i === 0 ? 0 : bucketsIn[i - 1]!.tauMax;
    if (prevMax === null || b.tauMin !== prevMax + 1)
      fail('BUCKETS_INVALID', `${f}.tauMin`, i === 0 ? '1' : `previous tauMax + 1 (${prevMax === null ? 'n/a' : prevMax + 1})`, b.tauMin);
    if (i === bucketsIn.length - 1) {
      if (b.tauMax !== null) fail('BUCKETS_INVALID', `${f}.tauMax`, 'null for the last bucket', b.tauMax);
    } else if (b.tauMax === null || b.tauMax < b.tauMin) {
      fail('BUCKETS_INVALID', `${f}.tauMax`, `an integer ≥ tauMin (${b.tauMin})`, b.tauMax);
    }
    if (new D(b.O0).lt(oMin)) fail('BUCKETS_INVALID', `${f}.O0`, `a decimal ≥ oMin (${oMin})`, b.O0);
    return { name: b.name, tauMin: b.tauMin, tauMax: b.tauMax, O0: b.O0, phiM: b.phiM ?? '1', phiO: b.phiO ?? '0.6' };
  });
}

/** Overrides name traders of the ring; empty ones are dropped; ids sorted (canonical form). */
function checkPolicies(
  policyIn: Readonly<Record<string, Partial<TraderPolicy>>>,
  traderIds: readonly string[],
): Record<string, Partial<TraderPolicy>> {
  const idSet = new Set(traderIds);
  const policies: Record<string, Partial<TraderPolicy>> = {};
  for (const id of Object.keys(policyIn).sort()) {
    if (!idSet.has(id)) fail('POLICY_INVALID', `policies.${id}`, `a trader id (${traderIds[0]} … ${traderIds[traderIds.length - 1]})`, id);
    const o: Record<string, unknown> = {};
    for (const k of POLICY_KEYS) if (policyIn[id]![k] !== undefined) o[k] = policyIn[id]![k];
    if (Object.keys(o).length > 0) policies[id] = o as Partial<TraderPolicy>;
  }
  return policies;
}

/** Unique trader ids, at least 2 traders, one payable per issuer between two traders, amounts multiples of S. */
function checkScenario(s: ExplicitScenario, S: number): ExplicitScenario {
  const ids = new Set<string>();
  s.traders.forEach((t, i) => {
    if (t.id === '' || ids.has(t.id) || /^(dealer_|vbt_|big_)|^CB$/.test(t.id))
      fail('SCENARIO_INVALID', `scenario.traders[${i}].id`, 'a unique trader id not starting with dealer_, vbt_ or big_', t.id);
    ids.add(t.id);
  });
  if (s.traders.length < 2) fail('SCENARIO_INVALID', 'scenario.traders', 'at least 2 traders', s.traders.length);
  const issuers = new Set<string>();
  s.payables.forEach((p, i) => {
    const f = `scenario.payables[${i}]`;
    if (!ids.has(p.debtor)) fail('SCENARIO_INVALID', `${f}.debtor`, 'a trader id of scenario.traders', p.debtor);
    if (!ids.has(p.creditor) || p.creditor === p.debtor)
      fail('SCENARIO_INVALID', `${f}.creditor`, 'a trader id other than the debtor', p.creditor);
    if (issuers.has(p.debtor)) fail('SCENARIO_INVALID', `${f}.debtor`, 'a trader that issues at most one payable', p.debtor);
    issuers.add(p.debtor);
    const x = new D(p.amount);
    if (!(x.isInteger() && x.gt(0) && x.mod(S).isZero()))
      fail('SCENARIO_INVALID', `${f}.amount`, `a positive multiple of ticketSize (${S})`, p.amount);
  });
  return {
    traders: s.traders.map((t) => ({ id: t.id, cash: t.cash })),
    payables: s.payables.map((p) => ({ debtor: p.debtor, creditor: p.creditor, amount: p.amount, dueDay: p.dueDay })),
  };
}
