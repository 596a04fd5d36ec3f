import { D, canon } from './decimal';
import type { DealerView } from './events';

/** Inputs of the L1 dealer kernel for one bucket (docs/model.md §5.1). */
export interface KernelInput {
  /** Tradable inventory count a (tickets). */
  readonly a: number;
  /** Dealer cash C. */
  readonly C: D;
  /** VBT mid M, spread O, outside ask A and bid B. */
  readonly M: D;
  readonly O: D;
  readonly A: D;
  readonly B: D;
  /** Ticket size S. */
  readonly S: number;
  /** Guard threshold M_min. */
  readonly mMin: D;
  /** Clamp K* at 0 (`spec`; the reference code does not). */
  readonly clampK: boolean;
}

/** The dealer's quotes and capacity (docs/model.md §5.2). */
export interface KernelState {
  readonly a: number;
  readonly x: number;
  readonly C: D;
  readonly V: D;
  readonly kStar: number;
  readonly xStar: number;
  readonly lambda: D;
  readonly I: D;
  /** Inventory-sensitive midline p(x) (M in the guard regime). */
  readonly midline: D;
  readonly bid: D;
  readonly ask: D;
  readonly pinnedAsk: boolean;
  readonly pinnedBid: boolean;
  readonly guard: boolean;
}

/**
 * The L1 kernel of docs/model.md §5.2, evaluated in exactly the written order: each binary operation
 * is one D(28) rounding, so no step may be rearranged.
 */
export function computeKernel(k: KernelInput): KernelState {
  const { a, C, M, O, A, B, S } = k;
  const x = S * a;
  if (M.lte(k.mMin)) {
    return {
      a,
      x,
      C,
      V: C,
      kStar: 0,
      xStar: 0,
      lambda: new D(1),
      I: O,
      midline: M,
      bid: B,
      ask: A,
      pinnedAsk: true,
      pinnedBid: true,
      guard: true,
    };
  }
  // docs/model.md RES-03 (revised): value and capacity in one unit for every S — V = M·x + C, K* = ⌊V/(M·S)⌋.
  // For S = 1 these are the design documents' V = M·a + C and K* = ⌊V/M⌋, digit for digit.
  const V = M.times(x).plus(C);
  let kStar = V.div(M.times(S)).floor().toNumber();
  if (k.clampK && kStar < 0) kStar = 0;
  const xStar = S * kStar;
  const lambda = new D(S).div(xStar + S);
  const I = lambda.times(O);
  const slope = O.div(xStar + 2 * S);
  const half = new D(xStar).div(2);
  const midline = M.minus(slope.times(new D(x).minus(half)));
  const h = I.div(2);
  const aInt = midline.plus(h);
  const bInt = midline.minus(h);
  const ask = A.lte(aInt) ? A : aInt;
  const bid = B.gte(bInt) ? B : bInt;
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
    pinnedAsk: ask.eq(A),
    pinnedBid: bid.eq(B),
    guard: false,
  };
}

/** Outside quotes of a VBT (docs/model.md §6.1). */
export function vbtQuotes(M: D, O: D, clipNonnegB: boolean): { A: D; B: D } {
  const h = O.div(2);
  const A = M.plus(h);
  let B = M.minus(h);
  if (clipNonnegB && B.lt(0)) B = new D(0);
  return { A, B };
}

/** Loss-based anchor update of docs/model.md §6.2 (only called when ℓ > 0). */
export function updateAnchors(M: D, O: D, loss: D, phiM: D, phiO: D, oMin: D): { M: D; O: D } {
  const m1 = M.minus(phiM.times(loss));
  const o1 = O.plus(phiO.times(loss));
  return { M: m1.lt(0) ? new D(0) : m1, O: o1.lt(oMin) ? oMin : o1 };
}

/** A desk's kernel state as events show it (inventory, cash, quotes, capacity). */
export function dealerView(k: KernelState): DealerView {
  return {
    inventory: k.a,
    cash: canon(k.C),
    bid: canon(k.bid),
    ask: canon(k.ask),
    midline: canon(k.midline),
    kStar: k.kStar,
    xStar: k.xStar,
  };
}
