import { D } from '../../decimal';

/*
 * The reference's ledger as this profile needs it (docs/model-bilancio2026.md §2, §3, §7): integer
 * cash per agent and payables with an original creditor `ac`, a secondary holder `h`, a due day and
 * a maturity distance. Only totals of cash matter here (mints, retirements clamped to the holding,
 * transfers), so cash is one integer D per agent.
 */

/** How a payable came into being: the initial actions, a reassignment after a default, or a rollover. */
export const INITIAL = 0;
export const REASSIGNED = 1;
export const ROLLOVER = 2;
export type Origin = typeof INITIAL | typeof REASSIGNED | typeof ROLLOVER;

/** What became of a payable (open until removed). */
export type Fate = 'open' | 'settled' | 'defaulted' | 'written_off' | 'reassigned_away';

/** A payable of the ledger. Amounts are integers held as D. */
export interface Payable {
  /** Creation number (1-based): the payable's id is `PAY_{k}`, its contract-insertion order. */
  readonly k: number;
  readonly id: string;
  readonly debtor: number;
  /** The creditor the payable was created with (for reporting; `ac` may be rewritten). */
  readonly creditor: number;
  /** Original creditor: rollover goes to it; rebucketing rewrites it to the new desk. */
  ac: number;
  /** Secondary holder set by the ownership sync, or −1. */
  h: number;
  readonly amount: D;
  readonly due: number;
  /** Maturity distance md: rollovers and reassignments are due md days later. */
  readonly md: number;
  readonly origin: Origin;
  live: boolean;
  fate: Fate;
  /** The day the payable left the ledger (settled, defaulted, written off or reassigned away), or −1. */
  endDay: number;
  /** Amount paid to the holder when it left (full amount if settled, the partial payment or recovery if defaulted). */
  paid: D;
  /** A ticket was created for it (at setup or by an ingest). */
  ticketed: boolean;
  /** For a reassigned payable: the defaulter's receivable it replaces. */
  readonly source: Payable | null;
}

/** The effective creditor: the secondary holder if set, else the original creditor. */
export function effectiveCreditor(p: Payable): number {
  return p.h >= 0 ? p.h : p.ac;
}

const ZERO = new D(0);

/** Agents, cash and payables of one run. */
export class Ledger {
  readonly ids: readonly string[];
  readonly cash: D[];
  readonly defaulted: boolean[];
  /** Every payable ever created, in creation order. */
  readonly payables: Payable[] = [];
  /** Payables due on a day, in creation order (the settlement order). */
  readonly byDay = new Map<number, Payable[]>();
  /** Live payables in creation order (removed ones are dropped at the next {@link compactLive}). */
  live: Payable[] = [];
  /** Payables issued by an agent, in creation order (live and removed). */
  readonly byDebtor: Payable[][];
  /** Cash created by mints and destroyed by retirements since setup (for conservation checks). */
  minted = ZERO;
  retired = ZERO;

  constructor(ids: readonly string[]) {
    this.ids = ids;
    this.cash = ids.map(() => ZERO);
    this.defaulted = ids.map(() => false);
    this.byDebtor = ids.map(() => []);
  }

  create(debtor: number, creditor: number, amount: D, due: number, md: number, origin: Origin, source: Payable | null = null): Payable {
    const k = this.payables.length + 1;
    const p: Payable = {
      k,
      id: `PAY_${k}`,
      debtor,
      creditor,
      ac: creditor,
      h: -1,
      amount,
      due,
      md,
      origin,
      live: true,
      fate: 'open',
      endDay: -1,
      paid: ZERO,
      ticketed: false,
      source,
    };
    this.payables.push(p);
    this.live.push(p);
    const list = this.byDay.get(due);
    if (list) list.push(p);
    else this.byDay.set(due, [p]);
    this.byDebtor[debtor]!.push(p);
    return p;
  }

  /** Remove a payable from the ledger with its fate. */
  remove(p: Payable, fate: Fate, day: number, paid: D): void {
    p.live = false;
    p.fate = fate;
    p.endDay = day;
    p.paid = paid;
  }

  /** Drop removed payables from {@link live}. */
  compactLive(): void {
    this.live = this.live.filter((p) => p.live);
  }

  mint(a: number, x: D): void {
    this.cash[a] = this.cash[a]!.plus(x);
    this.minted = this.minted.plus(x);
  }

  retire(a: number, x: D): void {
    this.cash[a] = this.cash[a]!.minus(x);
    this.retired = this.retired.plus(x);
  }

  transfer(from: number, to: number, x: D): void {
    this.cash[from] = this.cash[from]!.minus(x);
    this.cash[to] = this.cash[to]!.plus(x);
  }

  /** Σ cash of every agent. */
  totalCash(): D {
    let s = ZERO;
    for (const c of this.cash) s = s.plus(c);
    return s;
  }
}
