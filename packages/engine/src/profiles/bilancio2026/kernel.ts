import { D } from '../../decimal';

/*
 * The reference's dealer kernel (docs/model-bilancio2026.md §4): the L1 kernel with V and K* in
 * ticket units of S, the par cap (bid, ask ≤ 1, ask ≥ bid) and pinned ask on ask ≥ A. Every binary
 * operation is one D(28) rounding, in the written order.
 *
 * Cash enters the kernel only through K* = ⌊(M·x + C)/(M·S)⌋: everything a trade reads (quotes,
 * capacity, feasibility apart from the cash test) is a function of (a, K*) and the anchors. The
 * subsystem therefore keeps one state object per (a, K*) and day, which makes repeated rounds cheap.
 */

const ONE = new D(1);
const TWO = new D(2);
const ZERO = new D(0);
/** Guard threshold M_min. */
export const M_MIN = new D('0.02');

/** A dealer's kernel state as of its last recompute (it can be stale, docs/model-bilancio2026.md §6.5 step 4). */
export interface Kernel26 {
  /** Ticket count a at the recompute. */
  readonly a: number;
  /** x = S·a. */
  readonly x: D;
  readonly kStar: number;
  /** X* = S·K*. */
  readonly xStar: D;
  readonly lambda: D;
  readonly I: D;
  /** Midline p(x). */
  readonly midline: D;
  readonly bid: D;
  readonly ask: D;
  readonly pinnedAsk: boolean;
  readonly pinnedBid: boolean;
  readonly guard: boolean;
  /** bid·S, the cash an interior customer SELL needs. */
  readonly bidS: D;
  /** x + S ≤ X*: room for one more ticket. */
  readonly hasRoom: boolean;
  /** x ≥ S and X* > 0: an interior customer BUY is feasible. */
  readonly canSell: boolean;
}

/** A kernel state together with the cash and value it was computed from (§4 steps 1–3). */
export interface KernelResult extends Kernel26 {
  readonly C: D;
  readonly V: D;
}

/** Outside quotes of a VBT: A = M + O/2 capped at 1, B = max(M − O/2, 0) (§5.1). */
export function vbtQuotes26(M: D, O: D): { A: D; B: D } {
  const h = O.div(TWO);
  const a = M.plus(h);
  const b = M.minus(h);
  return { A: a.gt(ONE) ? ONE : a, B: b.lt(0) ? ZERO : b };
}

/** §4 steps 1–3: V = M·x + C with x = S·a, K* = ⌊V/(M·S)⌋ (the floor of the rounded 28-digit quotient; not clamped). */
export function kernelCapacity(a: number, C: D, M: D, S: D): { V: D; kStar: number } {
  if (M.lte(M_MIN)) return { V: C, kStar: 0 };
  const V = M.times(S.times(a)).plus(C);
  return { V, kStar: V.div(M.times(S)).floor().toNumber() };
}

/** §4 steps 2 and 4–8 for a count a and capacity K*: the guard, λ, I, midline, the par-capped quotes and pins. */
export function kernelState(a: number, kStar: number, M: D, O: D, A: D, B: D, S: D): Kernel26 {
  const x = S.times(a);
  if (M.lte(M_MIN)) {
    return {
      a,
      x,
      kStar: 0,
      xStar: ZERO,
      lambda: ONE,
      I: O,
      midline: M,
      bid: B,
      ask: A,
      pinnedAsk: true,
      pinnedBid: true,
      guard: true,
      bidS: B.times(S),
      hasRoom: false,
      canSell: false,
    };
  }
  const xStar = S.times(kStar);
  const lambda = S.div(xStar.plus(S));
  const I = lambda.times(O);
  const slope = O.div(xStar.plus(S.times(TWO)));
  const midline = M.minus(slope.times(x.minus(xStar.div(TWO))));
  const h = I.div(TWO);
  const aInt = midline.plus(h);
  const bInt = midline.minus(h);
  // Par cap: bid = min(max(B, b_int), 1); ask = max(bid, min(A, a_int, 1)).
  let bid = B.gte(bInt) ? B : bInt;
  if (bid.gt(ONE)) bid = ONE;
  let ask = A.lte(aInt) ? A : aInt;
  if (ask.gt(ONE)) ask = ONE;
  if (ask.lt(bid)) ask = bid;
  return {
    a,
    x,
    kStar,
    xStar,
    lambda,
    I,
    midline,
    bid,
    ask,
    pinnedAsk: ask.gte(A),
    pinnedBid: bid.eq(B),
    guard: false,
    bidS: bid.times(S),
    hasRoom: x.plus(S).lte(xStar),
    canSell: x.gte(S) && xStar.gt(0),
  };
}

/** The kernel of §4 steps 1–8 for a count a, cash C, VBT anchors (M, O, A, B) and ticket unit S. */
export function kernel26(a: number, C: D, M: D, O: D, A: D, B: D, S: D): KernelResult {
  const { V, kStar } = kernelCapacity(a, C, M, S);
  return { ...kernelState(a, kStar, M, O, A, B, S), C, V };
}

/** Interior customer SELL (the dealer buys): x + S ≤ X* and C ≥ bid·S, with C the dealer's current cash. */
export function canInteriorBuy(k: Kernel26, cash: D): boolean {
  return k.hasRoom && cash.gte(k.bidS);
}

/** Interior customer BUY (the dealer sells): x ≥ S and X* > 0. */
export function canInteriorSell(k: Kernel26): boolean {
  return k.canSell;
}
