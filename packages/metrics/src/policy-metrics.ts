/**
 * Settlement and cost metrics of one `spec` run, per trader and for the system
 * (docs/policy-eval.md §5, §6). A pure reducer over the engine's event stream: attach `observer` to
 * `simulate`, then call `finish()`. Every trader's figures come from its own events only.
 *
 * Exactness (docs/policy-eval.md §1): every cost component is accumulated over the run as an exact
 * decimal (BigInt mantissa and a power-of-ten scale; no operation rounds), converted once to
 * integer cents with ties away from zero, and the cost is the sum of the rounded components.
 * Rates are exact rationals converted once to the nearest double.
 */
import { RingError } from '@ring/engine';
import { MetricsInputError } from './errors';
import type { AgentInfo, PayableInfo, RingEvent, RingEventKind, RingObserver } from '@ring/engine';

// ---------------------------------------------------------------------------------------------
// Exact decimals: value = m · 10^(−e), m a BigInt, e ≥ 0. Sums and products are exact.
// ---------------------------------------------------------------------------------------------

/** An exact decimal value m · 10^(−e). */
export interface ExactDecimal {
  readonly m: bigint;
  readonly e: number;
}

const POW10: bigint[] = [1n];
function pow10(k: number): bigint {
  while (POW10.length <= k) POW10.push(POW10[POW10.length - 1]! * 10n);
  return POW10[k]!;
}

const ZERO: ExactDecimal = { m: 0n, e: 0 };
const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Parse a decimal string (plain or exponent notation) exactly. Throws a RangeError on anything else. */
export function exactDecimal(s: string | number | bigint): ExactDecimal {
  if (typeof s === 'bigint') return { m: s, e: 0 };
  if (typeof s === 'number') {
    if (!Number.isSafeInteger(s)) throw new RangeError(`exactDecimal: ${s} is not a safe integer; pass a decimal string`);
    return { m: BigInt(s), e: 0 };
  }
  const t = s.trim();
  const r = DECIMAL_RE.exec(t);
  if (!r || (r[2] === '' && (r[3] === undefined || r[3] === ''))) throw new RangeError(`exactDecimal: not a decimal: ${JSON.stringify(s)}`);
  const frac = r[3] ?? '';
  let m = BigInt(`${r[2] || '0'}${frac}`);
  let e = frac.length - Number(r[4] ?? '0');
  if (r[1] === '-') m = -m;
  if (e < 0) {
    m *= pow10(-e);
    e = 0;
  }
  return { m, e };
}

function align(a: ExactDecimal, b: ExactDecimal): [bigint, bigint, number] {
  if (a.e === b.e) return [a.m, b.m, a.e];
  if (a.e > b.e) return [a.m, b.m * pow10(a.e - b.e), a.e];
  return [a.m * pow10(b.e - a.e), b.m, b.e];
}
/** Exact sum a + b (no rounding: the exponents are aligned first). */
export function exactAdd(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  const [x, y, e] = align(a, b);
  return { m: x + y, e };
}
/** Exact difference a − b (no rounding). */
export function exactSub(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  const [x, y, e] = align(a, b);
  return { m: x - y, e };
}
/** Exact product a · b (no rounding: mantissas multiply, exponents add). */
export function exactMul(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  return { m: a.m * b.m, e: a.e + b.e };
}
/** Sign of a − b. */
export function exactCmp(a: ExactDecimal, b: ExactDecimal): -1 | 0 | 1 {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}
function exactMax0(a: ExactDecimal): ExactDecimal {
  return a.m > 0n ? a : ZERO;
}
/** Canonical decimal string (no exponent, no trailing fractional zeros, `0` for zero). */
export function exactToString(a: ExactDecimal): string {
  if (a.m === 0n) return '0';
  const neg = a.m < 0n;
  let digits = (neg ? -a.m : a.m).toString();
  let e = a.e;
  while (e > 0 && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    e -= 1;
  }
  if (e > 0) {
    digits = digits.padStart(e + 1, '0');
    digits = `${digits.slice(0, digits.length - e)}.${digits.slice(digits.length - e)}`;
  }
  return neg ? `-${digits}` : digits;
}

/**
 * cents(X) = round(100·X) with ties away from zero (docs/policy-eval.md §1), applied once per
 * (agent, component, run). `0.125` → 13, `-0.005` → −1.
 */
export function centsOf(units: ExactDecimal | string): bigint {
  const x = typeof units === 'string' ? exactDecimal(units) : units;
  if (x.e <= 2) return x.m * pow10(2 - x.e);
  const p = pow10(x.e - 2);
  const neg = x.m < 0n;
  const a = neg ? -x.m : x.m;
  let q = a / p;
  if (2n * (a % p) >= p) q += 1n;
  return neg ? -q : q;
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/**
 * The double nearest to the exact rational num/den (round half to even), computed with one
 * BigInt division and a sticky bit, so it is correctly rounded for operands of any size.
 */
export function ratioToDouble(num: bigint, den: bigint): number {
  if (den === 0n) throw new RangeError('ratioToDouble: zero denominator');
  if (num === 0n) return 0;
  const neg = num < 0n !== den < 0n;
  const n = num < 0n ? -num : num;
  const d = den < 0n ? -den : den;
  // q = ⌊n·2^s/d⌋ with at least 55 significant bits, so that Number(q | sticky) rounds correctly.
  const s = 55 - (bitLength(n) - bitLength(d));
  const nn = s >= 0 ? n << BigInt(s) : n;
  const dd = s >= 0 ? d : d << BigInt(-s);
  let q = nn / dd;
  if (nn % dd !== 0n) q |= 1n;
  let x = Number(q);
  // Scale by 2^(−s) in steps that stay exact (powers of two within the normal range).
  let k = -s;
  while (k !== 0) {
    const step = Math.max(-1000, Math.min(1000, k));
    x *= 2 ** step;
    k -= step;
  }
  return neg ? -x : x;
}

/** num/den of two exact decimals as the nearest double. */
export function exactRatio(num: ExactDecimal, den: ExactDecimal): number {
  const [x, y] = align(num, den);
  return ratioToDouble(x, y);
}

// ---------------------------------------------------------------------------------------------
// Cost rates (evaluation-level configuration, docs/policy-eval.md §6)
// ---------------------------------------------------------------------------------------------

/** A penalty: a fixed amount in cents per occurrence, or a rate in basis points of a base amount. */
export type PenaltyRule =
  | { readonly mode: 'fixed'; readonly amountCents: number | bigint | string }
  | { readonly mode: 'rate'; readonly bps: string | number };

/** Cost-rate configuration; every field optional (defaults adapted from SimCash). */
export interface CostRatesInput {
  /** Delay cost per day as a fraction of the face of an overdue liability (default `"0.0001"`). */
  readonly delayRatePerDay?: string | number;
  /** Charged to the issuer once per default (default fixed 50000 cents; rate mode: on face − amount paid). */
  readonly deadlinePenalty?: PenaltyRule;
  /** Charged per liability still in grace at the horizon (default fixed 10000 cents; rate mode: on the face). */
  readonly eodPenalty?: PenaltyRule;
}

/** Resolved cost rates: decimals as canonical strings, fixed amounts as integer-cent strings. */
export interface CostRates {
  readonly delayRatePerDay: string;
  readonly deadlinePenalty: { readonly mode: 'fixed'; readonly amountCents: string } | { readonly mode: 'rate'; readonly bps: string };
  readonly eodPenalty: { readonly mode: 'fixed'; readonly amountCents: string } | { readonly mode: 'rate'; readonly bps: string };
}

/** The default cost rates (docs/policy-eval.md §6): delay 0.0001 per unit of face per day, fixed deadline penalty 50000 cents, fixed end-of-horizon penalty 10000 cents. */
export const DEFAULT_COST_RATES: CostRates = {
  delayRatePerDay: '0.0001',
  deadlinePenalty: { mode: 'fixed', amountCents: '50000' },
  eodPenalty: { mode: 'fixed', amountCents: '10000' },
};

/** A cost-rate field is invalid. `field` names it (e.g. `costRates.deadlinePenalty.bps`). */
export class CostRatesError extends RingError {
  declare readonly field: string;
  readonly value: unknown;
  constructor(field: string, allowed: string, value: unknown) {
    let shown: string;
    try {
      shown = typeof value === 'bigint' ? value.toString() : (JSON.stringify(value) ?? String(value));
    } catch {
      shown = String(value);
    }
    super('COST_RATES_INVALID', `COST_RATES_INVALID: ${field} must be ${allowed} (got ${shown})`, { field });
    this.value = value;
  }
}

function nonNegDecimal(v: unknown, field: string): string {
  if (!(typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))) throw new CostRatesError(field, 'a decimal ≥ 0', v);
  let d: ExactDecimal;
  try {
    d = exactDecimal(typeof v === 'number' ? String(v) : v);
  } catch {
    throw new CostRatesError(field, 'a decimal ≥ 0', v);
  }
  if (d.m < 0n) throw new CostRatesError(field, 'a decimal ≥ 0', v);
  return exactToString(d);
}

function penalty(v: unknown, field: string, dflt: CostRates['deadlinePenalty']): CostRates['deadlinePenalty'] {
  if (v === undefined) return dflt;
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new CostRatesError(field, '{ mode: "fixed", amountCents } or { mode: "rate", bps }', v);
  const o = v as Record<string, unknown>;
  if (o.mode === 'fixed') {
    for (const k of Object.keys(o))
      if (k !== 'mode' && k !== 'amountCents')
        throw new CostRatesError(`${field}.${k}`, 'absent (fixed mode has mode and amountCents)', o[k]);
    const a = o.amountCents;
    const ok =
      (typeof a === 'number' && Number.isSafeInteger(a) && a >= 0) ||
      (typeof a === 'bigint' && a >= 0n) ||
      (typeof a === 'string' && /^\d+$/.test(a));
    if (!ok) throw new CostRatesError(`${field}.amountCents`, 'an integer ≥ 0 (cents)', a);
    return { mode: 'fixed', amountCents: BigInt(a as string | number | bigint).toString() };
  }
  if (o.mode === 'rate') {
    for (const k of Object.keys(o))
      if (k !== 'mode' && k !== 'bps') throw new CostRatesError(`${field}.${k}`, 'absent (rate mode has mode and bps)', o[k]);
    return { mode: 'rate', bps: nonNegDecimal(o.bps, `${field}.bps`) };
  }
  throw new CostRatesError(`${field}.mode`, '"fixed" or "rate"', o.mode);
}

/** Validate and fill in cost rates. Throws {@link CostRatesError} naming the field. */
export function resolveCostRates(input: CostRatesInput = {}, field = 'costRates'): CostRates {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new CostRatesError(field, 'an object', input);
  for (const k of Object.keys(input)) {
    if (k !== 'delayRatePerDay' && k !== 'deadlinePenalty' && k !== 'eodPenalty') {
      throw new CostRatesError(`${field}.${k}`, 'one of delayRatePerDay, deadlinePenalty, eodPenalty', k);
    }
  }
  return {
    delayRatePerDay:
      input.delayRatePerDay === undefined
        ? DEFAULT_COST_RATES.delayRatePerDay
        : nonNegDecimal(input.delayRatePerDay, `${field}.delayRatePerDay`),
    deadlinePenalty: penalty(input.deadlinePenalty, `${field}.deadlinePenalty`, DEFAULT_COST_RATES.deadlinePenalty),
    eodPenalty: penalty(input.eodPenalty, `${field}.eodPenalty`, DEFAULT_COST_RATES.eodPenalty),
  };
}

// ---------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------

/** The six cost keys, in report order. */
export const COST_KEYS = [
  'delay_cost',
  'overdraft_cost',
  'deadline_penalty',
  'eod_penalty',
  'credit_loss',
  'investment_pnl_offset',
] as const;
/** One of the six cost keys ({@link COST_KEYS}). */
export type CostKey = (typeof COST_KEYS)[number];

/** Cost components in integer cents (docs/policy-eval.md §6). */
export type CostBreakdown = { [K in CostKey]: bigint };

/** Exact (unrounded) cost components in currency units, as canonical decimal strings. */
export type CostBreakdownUnits = { [K in CostKey]: string };

/** Settlement and cost metrics of one trader in one run (docs/policy-eval.md §5, §6). */
export interface AgentPolicyMetrics {
  readonly agent_id: string;
  /** Liabilities issued with dueDay ≤ final day (0 or 1 in the ring). */
  readonly n_matured: number;
  readonly n_settled: number;
  readonly n_defaulted: number;
  /** Matured, neither settled nor defaulted at the horizon (still in grace). */
  readonly n_open: number;
  readonly face_matured: string;
  readonly amount_paid: string;
  /** 1.0 when nothing matured. */
  readonly settlement_rate: number;
  readonly payoff_rate: number;
  readonly default_rate: number;
  /** Mean days from due day to settlement over settled liabilities; 0.0 when none settled. */
  readonly avg_delay: number;
  /** Mean days from due day to default; null when none defaulted. */
  readonly avg_days_to_default: number | null;
  readonly cost_breakdown: CostBreakdown;
  readonly cost_units: CostBreakdownUnits;
  /** Σ of the six rounded components (cents). */
  readonly cost: bigint;
}

/** System-level metrics: ratios of sums over all traders (not means of ratios). */
export interface SystemPolicyMetrics {
  readonly n_matured: number;
  readonly n_settled: number;
  readonly n_defaulted: number;
  readonly n_open: number;
  readonly face_matured: string;
  readonly amount_paid: string;
  readonly settlement_rate: number;
  readonly payoff_rate: number;
  readonly default_rate: number;
  readonly avg_delay: number;
  /** Per-key sums of the agents' rounded components. */
  readonly cost_breakdown: CostBreakdown;
  /** Σ of every trader's cost. */
  readonly cost: bigint;
}

/** Metrics of one run: every trader in agent order, and the system. */
export interface RunPolicyMetrics {
  readonly run_id: string;
  readonly final_day: number;
  readonly agents: readonly AgentPolicyMetrics[];
  readonly system: SystemPolicyMetrics;
}

/** Options of {@link createPolicyMetricsCollector}. */
export interface PolicyMetricsOptions {
  readonly costRates?: CostRatesInput | CostRates;
  /** Overdraft interest in basis points per day on negative end-of-day cash (the run's `overdraft.rateBpsPerDay`; 0 without a facility). */
  readonly overdraftRateBpsPerDay?: string | number;
}

/** A policy-metrics collector: attach `observer` to `simulate`, then call `finish()`. */
export interface PolicyMetricsCollector {
  readonly observer: RingObserver;
  /**
   * The event kinds the observer reads: pass them as `simulate(cfg, { observer, events })` and
   * the engine skips building the rest (the metrics are the same either way).
   */
  readonly events: readonly RingEventKind[];
  finish(): RunPolicyMetrics;
}

interface AgentAcc {
  delay: ExactDecimal;
  saleDiscount: ExactDecimal;
  negCashDays: ExactDecimal;
  deadline: ExactDecimal;
  eod: ExactDecimal;
  creditLoss: ExactDecimal;
  offset: ExactDecimal;
}

interface Outcome {
  status: 'settled' | 'defaulted';
  day: number;
  paid: ExactDecimal;
}

function isResolvedRates(r: CostRatesInput | CostRates): r is CostRates {
  const d = (r as CostRates).deadlinePenalty;
  const e = (r as CostRates).eodPenalty;
  return (
    typeof (r as CostRates).delayRatePerDay === 'string' &&
    !!d &&
    !!e &&
    (d.mode === 'fixed' ? typeof d.amountCents === 'string' : typeof d.bps === 'string') &&
    (e.mode === 'fixed' ? typeof e.amountCents === 'string' : typeof e.bps === 'string')
  );
}

const BPS = exactDecimal('0.0001');

function penaltyUnits(rule: CostRates['deadlinePenalty'], base: ExactDecimal): ExactDecimal {
  return rule.mode === 'fixed' ? { m: BigInt(rule.amountCents), e: 2 } : exactMul(exactMul(base, exactDecimal(rule.bps)), BPS);
}

/**
 * Collect the policy metrics of one run from its events. Traders are the agents of type
 * `trader` in agent order; desks (dealers, VBTs) never receive costs.
 */
export function createPolicyMetricsCollector(options: PolicyMetricsOptions = {}): PolicyMetricsCollector {
  const rates =
    options.costRates && isResolvedRates(options.costRates)
      ? options.costRates
      : resolveCostRates(options.costRates as CostRatesInput | undefined);
  const odRate = exactMul(exactDecimal(nonNegDecimal(options.overdraftRateBpsPerDay ?? '0', 'overdraftRateBpsPerDay')), BPS);
  const delayRate = exactDecimal(rates.delayRatePerDay);

  let runId = '';
  let S: ExactDecimal = { m: 1n, e: 0 };
  let traders: AgentInfo[] = [];
  let payables: readonly PayableInfo[] = [];
  const acc = new Map<string, AgentAcc>();
  const outcomes = new Map<string, Outcome>();
  let finalDay: number | null = null;
  let sawSetup = false;

  const observer: RingObserver = (ev: RingEvent) => {
    switch (ev.kind) {
      case 'setup': {
        sawSetup = true;
        runId = ev.runId;
        S = exactDecimal(String(ev.ticketSize));
        traders = ev.agents.filter((a) => a.type === 'trader');
        payables = ev.payables;
        for (const t of traders) {
          acc.set(t.id, { delay: ZERO, saleDiscount: ZERO, negCashDays: ZERO, deadline: ZERO, eod: ZERO, creditLoss: ZERO, offset: ZERO });
        }
        break;
      }
      case 'trade': {
        const a = acc.get(ev.traderId);
        if (!a) break;
        const face = exactDecimal(ev.face);
        const price = exactDecimal(ev.price);
        if (ev.side === 'BUY') {
          a.offset = exactAdd(a.offset, exactSub(price, face));
        } else {
          a.saleDiscount = exactAdd(a.saleDiscount, exactMax0(exactSub(face, price)));
          a.offset = exactSub(a.offset, exactMax0(exactSub(price, face)));
        }
        break;
      }
      case 'settled':
        outcomes.set(ev.payableId, { status: 'settled', day: ev.day, paid: exactDecimal(ev.amount) });
        break;
      case 'defaulted': {
        outcomes.set(ev.payableId, { status: 'defaulted', day: ev.day, paid: exactDecimal(ev.paid) });
        const issuer = acc.get(ev.debtor);
        if (issuer) {
          issuer.deadline = exactAdd(
            issuer.deadline,
            penaltyUnits(rates.deadlinePenalty, exactSub(exactDecimal(ev.amount), exactDecimal(ev.paid))),
          );
        }
        for (const r of ev.recoveries) {
          const h = acc.get(r.holder);
          if (!h) continue;
          // The face of the claims held: tickets × S, or as the event states it (bilancio2026: the payable's amount).
          const held = r.face !== undefined ? exactDecimal(r.face) : exactMul(S, exactDecimal(r.tickets));
          h.creditLoss = exactAdd(h.creditLoss, exactSub(held, exactDecimal(r.amount)));
        }
        break;
      }
      case 'day_end': {
        if (odRate.m === 0n) break;
        for (const [id, cash] of Object.entries(ev.traderCash)) {
          const a = acc.get(id);
          const c = exactDecimal(cash);
          if (a && c.m < 0n) a.negCashDays = exactSub(a.negCashDays, c);
        }
        break;
      }
      case 'run_end':
        finalDay = ev.finalDay;
        break;
      default:
        break;
    }
  };

  const finish = (): RunPolicyMetrics => {
    if (!sawSetup)
      throw new MetricsInputError(
        'EVENTS_MISSING',
        'setup',
        'the policy-metrics collector saw no setup event',
        'attach collector.observer to simulate() before calling finish()',
      );
    if (finalDay === null)
      throw new MetricsInputError(
        'EVENTS_MISSING',
        'run_end',
        'the policy-metrics collector saw no run_end event',
        'call finish() after the run has ended',
      );
    const tEnd = finalDay;
    interface Liab {
      n_matured: number;
      n_settled: number;
      n_defaulted: number;
      n_open: number;
      face: ExactDecimal;
      paid: ExactDecimal;
      delayDays: number;
      defaultDays: number;
    }
    const liab = new Map<string, Liab>();
    for (const t of traders)
      liab.set(t.id, { n_matured: 0, n_settled: 0, n_defaulted: 0, n_open: 0, face: ZERO, paid: ZERO, delayDays: 0, defaultDays: 0 });
    for (const p of payables) {
      const l = liab.get(p.debtor);
      const a = acc.get(p.debtor);
      if (!l || !a || p.dueDay > tEnd) continue; // due after the horizon: excluded from every metric
      const face = exactDecimal(p.amount);
      const o = outcomes.get(p.id);
      l.n_matured += 1;
      l.face = exactAdd(l.face, face);
      // Ends of day at which the liability was due, unpaid and not defaulted.
      let overdueEnds: number;
      if (!o) {
        l.n_open += 1;
        overdueEnds = tEnd - p.dueDay + 1;
        a.eod = exactAdd(a.eod, penaltyUnits(rates.eodPenalty, face));
      } else if (o.status === 'settled') {
        l.n_settled += 1;
        l.paid = exactAdd(l.paid, face);
        l.delayDays += o.day - p.dueDay;
        overdueEnds = o.day - p.dueDay;
      } else {
        l.n_defaulted += 1;
        l.paid = exactAdd(l.paid, o.paid);
        l.defaultDays += o.day - p.dueDay;
        overdueEnds = o.day - p.dueDay;
      }
      if (overdueEnds > 0) a.delay = exactAdd(a.delay, exactMul(exactMul(face, delayRate), exactDecimal(overdueEnds)));
    }

    const agents: AgentPolicyMetrics[] = [];
    const sys = { n_matured: 0, n_settled: 0, n_defaulted: 0, n_open: 0, face: ZERO, paid: ZERO, delayDays: 0 };
    const sysBreakdown: CostBreakdown = {
      delay_cost: 0n,
      overdraft_cost: 0n,
      deadline_penalty: 0n,
      eod_penalty: 0n,
      credit_loss: 0n,
      investment_pnl_offset: 0n,
    };
    let sysCost = 0n;
    for (const t of traders) {
      const a = acc.get(t.id)!;
      const l = liab.get(t.id)!;
      const units: Record<CostKey, ExactDecimal> = {
        delay_cost: a.delay,
        overdraft_cost: exactAdd(a.saleDiscount, exactMul(a.negCashDays, odRate)),
        deadline_penalty: a.deadline,
        eod_penalty: a.eod,
        credit_loss: a.creditLoss,
        investment_pnl_offset: a.offset,
      };
      const breakdown = {} as CostBreakdown;
      const costUnits = {} as Record<CostKey, string>;
      let cost = 0n;
      for (const k of COST_KEYS) {
        const c = centsOf(units[k]);
        breakdown[k] = c;
        costUnits[k] = exactToString(units[k]);
        cost += c;
        sysBreakdown[k] += c;
      }
      sysCost += cost;
      agents.push({
        agent_id: t.id,
        n_matured: l.n_matured,
        n_settled: l.n_settled,
        n_defaulted: l.n_defaulted,
        n_open: l.n_open,
        face_matured: exactToString(l.face),
        amount_paid: exactToString(l.paid),
        ...rateFields(l.n_matured, l.n_settled, l.face, l.paid, l.delayDays),
        avg_days_to_default: l.n_defaulted === 0 ? null : ratioToDouble(BigInt(l.defaultDays), BigInt(l.n_defaulted)),
        cost_breakdown: breakdown,
        cost_units: costUnits,
        cost,
      });
      sys.n_matured += l.n_matured;
      sys.n_settled += l.n_settled;
      sys.n_defaulted += l.n_defaulted;
      sys.n_open += l.n_open;
      sys.face = exactAdd(sys.face, l.face);
      sys.paid = exactAdd(sys.paid, l.paid);
      sys.delayDays += l.delayDays;
    }
    return {
      run_id: runId,
      final_day: tEnd,
      agents,
      system: {
        n_matured: sys.n_matured,
        n_settled: sys.n_settled,
        n_defaulted: sys.n_defaulted,
        n_open: sys.n_open,
        face_matured: exactToString(sys.face),
        amount_paid: exactToString(sys.paid),
        ...rateFields(sys.n_matured, sys.n_settled, sys.face, sys.paid, sys.delayDays),
        cost_breakdown: sysBreakdown,
        cost: sysCost,
      },
    };
  };
  const events: RingEventKind[] = ['setup', 'trade', 'settled', 'defaulted', 'run_end'];
  if (odRate.m !== 0n) events.push('day_end');
  return { observer, events, finish };
}

/** Settlement, payoff and default rates and the average delay with the empty-case conventions of §5. */
function rateFields(
  matured: number,
  settled: number,
  face: ExactDecimal,
  paid: ExactDecimal,
  delayDays: number,
): { settlement_rate: number; payoff_rate: number; default_rate: number; avg_delay: number } {
  return {
    settlement_rate: matured === 0 ? 1 : ratioToDouble(BigInt(settled), BigInt(matured)),
    payoff_rate: face.m === 0n ? 1 : exactRatio(paid, face),
    default_rate: face.m === 0n ? 0 : exactRatio(exactSub(face, paid), face),
    avg_delay: settled === 0 ? 0 : ratioToDouble(BigInt(delayDays), BigInt(settled)),
  };
}

/** Collect policy metrics from an already recorded event sequence (convenience for tests and replays). */
export function policyMetricsFromEvents(events: Iterable<RingEvent>, options: PolicyMetricsOptions = {}): RunPolicyMetrics {
  const c = createPolicyMetricsCollector(options);
  for (const e of events) c.observer(e);
  return c.finish();
}

/** Σ_k breakdown[k] over the given keys (all six by default). */
export function sumBreakdown(b: CostBreakdown, keys: readonly CostKey[] = COST_KEYS): bigint {
  let s = 0n;
  for (const k of keys) s += b[k];
  return s;
}
