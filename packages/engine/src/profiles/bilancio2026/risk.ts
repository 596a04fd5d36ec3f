import { D } from '../../decimal';

/*
 * The reference's Bayesian risk assessor and κ-informed prior (docs/model-bilancio2026.md §5.1,
 * §5.3, §6.4 step 3, §6.5 step 4). One assessor is shared by all traders; the profile uses the
 * system-wide rate, the issuer-specific mode exists for the assessor's own unit vectors.
 */

const ONE = new D(1);
const TWO = new D(2);
const FIVE_PERCENT = new D('0.05');
const FIFTEEN_PERCENT = new D('0.15');
const HALF = new D('0.5');
const MIN_LIQUIDITY_WEIGHT = new D('0.75');

/** P_prior(κ_ref) = 0.05 + 0.15·max(0, 1 − κ_ref)/(1 + κ_ref), κ_ref the reference's money/debt κ. */
export function kappaPrior(kappaRef: D): D {
  const gap = ONE.minus(kappaRef);
  const m = gap.gt(0) ? gap : new D(0);
  return FIVE_PERCENT.plus(FIFTEEN_PERCENT.times(m).div(ONE.plus(kappaRef)));
}

/** The spread factor f_κ = 1 + 0.5·max(0, 1 − κ_ref)/(1 + κ_ref) of the base spreads. */
export function spreadFactor(kappaRef: D): D {
  const gap = ONE.minus(kappaRef);
  const m = gap.gt(0) ? gap : new D(0);
  return ONE.plus(HALF.times(m).div(ONE.plus(kappaRef)));
}

/** Parameters of an assessor. The profile's values: lookback 5, sell premium 0, urgency 0.30, prior P_prior(κ). */
export interface RiskParams {
  readonly lookback: number;
  readonly prior: D;
  /** Base (sell) risk premium of the threshold. */
  readonly basePremium: D;
  readonly urgency: D;
  /** Track per-issuer histories and use them for known issuers (unit vectors only; off in the profile). */
  readonly issuerSpecific?: boolean;
}

/**
 * Payment history and the default probability p(day) = (1 + #defaults)/(2 + #entries) over the
 * entries with d ≥ day − lookback, or the prior when there are none. Entries are counted per day,
 * so a query costs O(lookback) whatever the history's length.
 */
export class RiskAssessor {
  readonly params: RiskParams;
  private readonly entries = new Map<number, { n: number; defaults: number }>();
  private readonly byIssuer = new Map<string, Map<number, { n: number; defaults: number }>>();

  constructor(params: RiskParams) {
    this.params = params;
  }

  /** Record a payment outcome: (day, issuer, defaulted). */
  record(day: number, issuer: string, defaulted: boolean): void {
    add(this.entries, day, defaulted);
    if (this.params.issuerSpecific) {
      let m = this.byIssuer.get(issuer);
      if (!m) {
        m = new Map();
        this.byIssuer.set(issuer, m);
      }
      add(m, day, defaulted);
    }
  }

  /** p for an issuer on a day (the system-wide rate unless issuer-specific and the issuer has history). */
  defaultProb(day: number, issuer?: string): D {
    const own = issuer !== undefined && this.params.issuerSpecific ? this.byIssuer.get(issuer) : undefined;
    const source = own ?? this.entries;
    const from = day - this.params.lookback;
    let n = 0;
    let defaults = 0;
    for (const [d, e] of source) {
      if (d >= from) {
        n += e.n;
        defaults += e.defaults;
      }
    }
    if (n === 0) return this.params.prior;
    return new D(1 + defaults).div(2 + n);
  }

  /** The sell threshold: −1 if wealth ≤ 0; the base premium without shortfall; else base − urgency·(shortfall/wealth). */
  sellThreshold(cash: D, shortfall: D, assetValue: D): D {
    const wealth = cash.plus(assetValue);
    if (wealth.lte(0)) return new D(-1);
    if (shortfall.lte(0)) return this.params.basePremium;
    return this.params.basePremium.minus(this.params.urgency.times(shortfall.div(wealth)));
  }

  /** Accept a sale at unit bid iff bid·face ≥ EV + threshold·face. */
  shouldSell(face: D, bid: D, p: D, cash: D, shortfall: D, assetValue: D): boolean {
    const ev = expectedValue(face, p);
    const thr = this.sellThreshold(cash, shortfall, assetValue);
    return bid.times(face).gte(ev.plus(thr.times(face)));
  }

  /**
   * Accept a purchase at unit price P iff EV ≥ P·face + thr·face, thr = buyPremium plus, when the
   * trader holds cash and positive total wealth, p_bl·max(0.75, 1 − cash/total) with
   * p_bl = (p + prior)/2; a trader with total wealth ≤ 0 never buys.
   */
  shouldBuy(face: D, price: D, p: D, cash: D, assetValue: D, buyPremium: D): boolean {
    const ev = expectedValue(face, p);
    return buyAccepts(ev, face, price, p, this.params.prior, cash, assetValue, buyPremium);
  }
}

function add(m: Map<number, { n: number; defaults: number }>, day: number, defaulted: boolean): void {
  const e = m.get(day);
  if (e) {
    e.n++;
    if (defaulted) e.defaults++;
  } else m.set(day, { n: 1, defaults: defaulted ? 1 : 0 });
}

/** EV = (1 − p)·face. */
export function expectedValue(face: D, p: D): D {
  return ONE.minus(p).times(face);
}

/** The buy gate of §6.5 step 4 with a precomputed EV of the ticket; `assetValue` includes that EV. */
export function buyAccepts(ev: D, face: D, price: D, p: D, prior: D, cash: D, assetValue: D, buyPremium: D): boolean {
  const total = cash.plus(assetValue);
  if (total.lte(0)) return false;
  let thr = buyPremium;
  if (cash.gt(0)) {
    const pBl = p.plus(prior).div(TWO);
    const share = ONE.minus(cash.div(total));
    thr = thr.plus(pBl.times(share.gt(MIN_LIQUIDITY_WEIGHT) ? share : MIN_LIQUIDITY_WEIGHT));
  }
  return ev.gte(price.times(face).plus(thr.times(face)));
}

/** The buy risk premium 0.01 + 0.02·riskAversion of §6.1. */
export function buyPremiumOf(riskAversion: D): D {
  return new D('0.01').plus(new D('0.02').times(riskAversion));
}
