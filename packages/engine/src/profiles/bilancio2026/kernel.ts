import { D } from '../../decimal';

/*
 * The reference's dealer kernel (docs/model-bilancio2026.md §4): the L1 kernel with V and K* in
 * ticket units of S, the par cap (bid, ask ≤ 1, ask ≥ bid) and pinned ask on ask ≥ A. Every binary
 * operation is one D(28) rounding, in the written order.
 */

const ONE = new D(1);
const TWO = new D(2);
/** Guard threshold M_min. */
export const M_MIN = new D('0.02');

/** A dealer's kernel state as of its last recompute (it can be stale, docs/model-bilancio2026.md §6.5 step 4). */
export interface Kernel26 {
  /** Ticket count a at the recompute. */
  readonly a: number;
  /** x = S·a. */
  readonly x: D;
  /** Cash C the state was computed from. */
  readonly C: D;
  readonly V: D;
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
}

/** Outside quotes of a VBT: A = M + O/2 capped at 1, B = max(M − O/2, 0) (§5.1). */
export function vbtQuotes26(M: D, O: D): { A: D; B: D } {
  const h = O.div(2);
  const a = M.plus(h);
  const b = M.minus(h);
  return { A: a.gt(ONE) ? ONE : a, B: b.lt(0) ? new D(0) : b };
}

/** The kernel of §4 steps 1–8 for a count a, cash C, VBT anchors (M, O, A, B) and ticket unit S. */
export function kernel26(a: number, C: D, M: D, O: D, A: D, B: D, S: D): Kernel26 {
  const x = S.times(a);
  if (M.lte(M_MIN)) {
    return {
      a,
      x,
      C,
      V: C,
      kStar: 0,
      xStar: new D(0),
      lambda: ONE,
      I: O,
      midline: M,
      bid: B,
      ask: A,
      pinnedAsk: true,
      pinnedBid: true,
      guard: true,
    };
  }
  const V = M.times(x).plus(C);
  // The floor applies to the rounded 28-digit quotient; the reference does not clamp at 0.
  const kStar = V.div(M.times(S)).floor().toNumber();
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
    C,
    V,
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
  };
}

/** Interior customer SELL (the dealer buys): x + S ≤ X* and C ≥ bid·S, with C the dealer's current cash. */
export function canInteriorBuy(k: Kernel26, cash: D, S: D): boolean {
  return k.x.plus(S).lte(k.xStar) && cash.gte(k.bid.times(S));
}

/** Interior customer BUY (the dealer sells): x ≥ S and X* > 0. */
export function canInteriorSell(k: Kernel26, S: D): boolean {
  return k.x.gte(S) && k.xStar.gt(0);
}
