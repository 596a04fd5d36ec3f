import { D } from '../../decimal';
import { dirichletAmounts, dueDays } from '../../generators';
import { PyRandom } from '../../rng';
import { toLedgerInt } from '../paper2025/run';
import type { Bilancio2026RunConfig } from './config';
import { kappaReferenceOf } from './config';
import { INITIAL, Ledger } from './ledger';
import { kappaPrior } from './risk';

/*
 * The reference's "balanced" scenario compiler (docs/model-bilancio2026.md §2): Dirichlet ring
 * amounts and lead–lag due days, extra liabilities of every trader to its bucket's VBT and dealer,
 * extra trader cash, desk cash at (1 − P_prior) of the desk face, all materialised as int(float(x)).
 */

/** Maturity buckets in order: short [1, 3], mid [4, 8], long [9, ∞). */
export const BUCKETS = ['short', 'mid', 'long'] as const;
export type Bucket = 0 | 1 | 2;

/** assign(τ): the first bucket containing τ, else the last (docs/model-bilancio2026.md §3). */
export function assignBucket(tau: number): Bucket {
  if (tau >= 1 && tau <= 3) return 0;
  if (tau >= 4 && tau <= 8) return 1;
  return 2;
}

/** Agent order: CB, H1 … HN, then per bucket vbt_b, dealer_b. */
export function agentIds(n: number): string[] {
  const ids = ['CB'];
  for (let i = 1; i <= n; i++) ids.push(`H${i}`);
  for (const b of BUCKETS) ids.push(`vbt_${b}`, `dealer_${b}`);
  return ids;
}
/** Agent index of trader H_{i+1}. */
export const traderAgent = (i: number): number => i + 1;
/** Agent index of a bucket's VBT. */
export const vbtAgent = (n: number, b: number): number => n + 1 + 2 * b;
/** Agent index of a bucket's dealer. */
export const dealerAgent = (n: number, b: number): number => n + 2 + 2 * b;

/** The compiled initial state and the κ-derived constants of a run. */
export interface Scenario {
  readonly ledger: Ledger;
  readonly n: number;
  /** The reference's κ = money/debt. */
  readonly kappaRef: D;
  /** P_prior(κ_ref). */
  readonly prior: D;
}

const ZERO = new D(0);
const CENT = new D('0.01');

/** Compile the initial ledger of a configuration, in the reference's action order (§2 step 7). */
export function compileScenario(cfg: Bilancio2026RunConfig): Scenario {
  const n = cfg.nAgents;
  const Q = new D(cfg.qTotal);
  const kappaRef = kappaReferenceOf(cfg);
  const prior = kappaPrior(kappaRef);
  const vShare = new D(cfg.vbtShare);
  const dShare = new D(cfg.dealerShare);

  const q = dirichletAmounts(new PyRandom(cfg.seed), n, new D(cfg.concentration), Q, ZERO);
  const due = dueDays(n, cfg.maturityDays, new D(cfg.mu), false);
  const bucket = due.map(assignBucket);
  const qB = [ZERO, ZERO, ZERO];
  for (let i = 0; i < n; i++) qB[bucket[i]!] = qB[bucket[i]!]!.plus(q[i]!);
  const vB = qB.map((x) => x.times(vShare));
  const dB = qB.map((x) => x.times(dShare));
  const tv = q.map((qi, i) => {
    const b = bucket[i]!;
    return qB[b]!.isZero() ? ZERO : vB[b]!.times(qi.div(qB[b]!));
  });
  const td = q.map((qi, i) => {
    const b = bucket[i]!;
    return qB[b]!.isZero() ? ZERO : dB[b]!.times(qi.div(qB[b]!));
  });
  const sumV = vB[0]!.plus(vB[1]!).plus(vB[2]!);
  const sumD = dB[0]!.plus(dB[1]!).plus(dB[2]!);
  const extraCash = sumV.plus(sumD).div(n);
  const L0 = kappaRef.times(Q);

  const ledger = new Ledger(agentIds(n));
  // 1. trader cash
  const traderCash = L0.div(n).plus(extraCash);
  if (traderCash.gt(0)) for (let i = 0; i < n; i++) ledger.mint(traderAgent(i), toLedgerInt(traderCash));
  // 2. ring payables H_i → H_{i+1}
  for (let i = 0; i < n; i++) ledger.create(traderAgent(i), traderAgent((i + 1) % n), toLedgerInt(q[i]!), due[i]!, due[i]!, INITIAL);
  // 3–4. liabilities to the bucket's VBT, then to its dealer
  const vbtFace = [ZERO, ZERO, ZERO];
  const dealerFace = [ZERO, ZERO, ZERO];
  for (const [extra, face, desk] of [
    [tv, vbtFace, vbtAgent],
    [td, dealerFace, dealerAgent],
  ] as const) {
    for (let i = 0; i < n; i++) {
      if (!extra[i]!.gt(CENT)) continue;
      const b = bucket[i]!;
      ledger.create(traderAgent(i), desk(n, b), toLedgerInt(extra[i]!), due[i]!, due[i]!, INITIAL);
      face[b] = face[b]!.plus(extra[i]!.trunc());
    }
  }
  // 5. desk cash at (1 − P_prior) of the desk face
  const cashRatio = new D(1).minus(prior);
  for (let b = 0; b < 3; b++) {
    const v = vbtFace[b]!.times(cashRatio);
    if (v.gt(0)) ledger.mint(vbtAgent(n, b), toLedgerInt(v));
    const d = dealerFace[b]!.times(cashRatio);
    if (d.gt(0)) ledger.mint(dealerAgent(n, b), toLedgerInt(d));
  }
  ledger.minted = ZERO; // setup money is the initial stock, not trading-created money
  return { ledger, n, kappaRef, prior };
}
