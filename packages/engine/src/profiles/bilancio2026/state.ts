import type { D } from '../../decimal';
import type { Kernel26 } from './kernel';
import type { Payable } from './ledger';
import type { Bucket } from './scenario';

/*
 * The state of the dealer subsystem (docs/model-bilancio2026.md §3, §6.2): tickets, the dealer and
 * VBT desks of each bucket, and the ring traders with their own and obl lists, per-day caches and
 * the memory of refused or reversed attempts the trading rounds replay.
 */

/** A ticket: one payable, face = its amount, counted as S by the kernel. */
export interface Ticket {
  readonly serial: number;
  readonly payable: Payable;
  readonly face: D;
  readonly due: number;
  readonly issuer: number;
  owner: number;
  bucket: Bucket;
  alive: boolean;
  /** EV = (1 − p)·face for the day `evDay`. */
  ev: D;
  evDay: number;
}

/** Desk inventories are kept sorted by (maturity day, serial) descending: the ticket a buyer gets is the last. */
export function byDueSerialDesc(a: Ticket, b: Ticket): number {
  return b.due - a.due || b.serial - a.serial;
}

/** Insert a ticket into a desk inventory at its sorted place (the inventory's order carries no meaning). */
export function insertTicket(inv: Ticket[], t: Ticket): void {
  let lo = 0;
  let hi = inv.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (byDueSerialDesc(inv[mid]!, t) < 0) lo = mid + 1;
    else hi = mid;
  }
  inv.splice(lo, 0, t);
}

/** A dealer desk: inventory, cash, and the kernel state as of its last recompute (possibly stale). */
export interface DealerDesk {
  readonly agent: number;
  readonly bucket: Bucket;
  cash: D;
  inv: Ticket[];
  /** Bumped whenever the inventory's set of tickets changes within a day. */
  invV: number;
  k: Kernel26;
}

/** A VBT desk: inventory, cash and its anchors and outside quotes. */
export interface VbtDesk {
  readonly agent: number;
  readonly bucket: Bucket;
  cash: D;
  inv: Ticket[];
  invV: number;
  M: D;
  O: D;
  A: D;
  B: D;
}

/** A ring trader in the subsystem, with per-day caches of quantities that only change at day start. */
export interface TraderState {
  readonly agent: number;
  readonly id: string;
  cash: D;
  own: Ticket[];
  obl: Ticket[];
  /** Planning horizon h of its profile. */
  readonly horizon: number;
  readonly reserveFraction: D;
  /** S·(1 − aggressiveness): a buy intention needs a larger surplus. */
  readonly surplusFloor: D;
  readonly buyPremium: D;
  /** max over o = 0 … h of due(t + o), for today. */
  maxDue: D;
  /** Σ over o = 0 … h of due(t + o), for today. */
  duesSum: D;
  /** buyReserveFraction · duesSum. */
  reserve: D;
  /** Σ face of every obligation (obl), for today. */
  oblFace: D;
  /** Σ EV over own, left to right, for today's p; null when it must be recomputed. */
  assets: D | null;
  /** Intentions cached for a cash value and own count (they change only when those do). */
  intentCash: D | null;
  intentOwn: number;
  sellIntent: boolean;
  buyIntent: boolean;
  maxSpend: D;
  dirty: boolean;
  /** Bumped whenever `own` changes within a day. */
  ownV: number;
  /** Per bucket, the last buy attempts that ended without a purchase: their inputs and effects. */
  attempts: BuyAttempt[][];
  /** The inputs of the last sell attempt that was refused (by the budget or the risk gate), or null. */
  sellRefused: SellRefusal | null;
}

/** The identities of everything a refused sell attempt read (§6.4 steps 1–3); a refusal has no effects. */
export interface SellRefusal {
  day: number;
  cash: D;
  ownV: number;
  k: Kernel26;
  dealerCash: D;
  budget: D;
}

/**
 * A buy attempt on one bucket that ended without a purchase (§6.5): the identities of everything
 * it read, and the objects it left behind. An attempt with the same inputs has the same effects,
 * so it is replayed without its arithmetic.
 */
export interface BuyAttempt {
  day: number;
  cash: D;
  ownV: number;
  maxSpend: D;
  k0: Kernel26;
  k1: Kernel26;
  k2: Kernel26;
  dealerCash: D;
  vbtCash: D;
  dealerInvV: number;
  vbtInvV: number;
  outK: Kernel26;
  outDealerCash: D;
  outVbtCash: D;
  outCash: D;
}
