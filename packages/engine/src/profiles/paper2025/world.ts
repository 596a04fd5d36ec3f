import { D } from '../../decimal';
import type { Paper2025RunConfig } from '../../config';
import { dirichletAmounts, dueDays } from '../../generators';
import { computeKernel, vbtQuotes } from '../../kernel';
import type { KernelState } from '../../kernel';
import { PyRandom } from '../../rng';
import type { HolderType } from '../../events';
import { Ledger, toLedgerInt, toLedgerValue } from './ledger';

/*
 * The state of one `paper2025` arm and how it is opened (docs/model.md §3.4, §4.3). Every quirk here is
 * deliberate; see docs/model.md §13 before "fixing" anything.
 */

/** Buyers need cash − max due > 500 (docs/model.md §7.2). */
export const BUYER_THRESHOLD = new D(500);
/** At most this many sellers trade per day. */
export const MAX_SELLERS = 10;
/** Days ahead (after today) that the eligibility rules look at. */
export const HORIZON = 10;
/** The trading stream is `Random(42)` whatever the run seed (docs/model.md §1.5). */
const TRADING_SEED = 42;
export const BUCKETS = ['short', 'mid', 'long'] as const;
export type Bucket = 0 | 1 | 2;
/** Fixed VBT anchors per bucket (docs/model.md §6.3). */
export const ANCHORS: readonly { M: D; O: D }[] = [
  { M: new D(1), O: new D('0.20') },
  { M: new D(1), O: new D('0.30') },
  { M: new D(1), O: new D('0.40') },
];
export const QUOTES = ANCHORS.map(({ M, O }) => vbtQuotes(M, O, true));
const M_MIN = new D('0.02');

/** assign(τ) of docs/model.md §4.1: short [1, 3], mid [4, 8], long otherwise. */
export function assign(tau: number): Bucket {
  if (tau >= 1 && tau <= 3) return 0;
  if (tau >= 4 && tau <= 8) return 1;
  return 2; // long [9, 999], and the fallback for anything unmatched
}

export interface Payable {
  readonly k: number;
  readonly id: string;
  readonly debtor: number;
  readonly creditor: number;
  holder: number;
  readonly amount: D;
  readonly dueDay: number;
  settledDay: number | null;
  removed: boolean;
}

export interface Ticket {
  readonly serial: number;
  readonly id: string;
  readonly payable: Payable;
  readonly face: D;
  owner: number;
  bucket: Bucket;
  alive: boolean;
}

/** One arm of a `paper2025` run: agents, ledger cash, payables and the trading subsystem. */
export interface World {
  readonly cfg: Paper2025RunConfig;
  readonly active: boolean;
  /** Ticket size S (the kernel's unit; the paper-era dealer is always empty). */
  readonly S: number;
  /** CB, H1 … HN, big_short, big_mid, big_long, then (active) dealers and VBTs. */
  readonly ids: string[];
  readonly N: number;
  /** Index of big_short; the three big entities follow it. */
  readonly BIG0: number;
  readonly DEALER0: number;
  /** Index of vbt_short (−1 in the passive arm). */
  readonly VBT0: number;
  /** H1 … HN and the big entities, in agent order (docs/model.md §4.3). */
  readonly traders: readonly number[];
  readonly ledger: Ledger;
  /** In creation order (settlement order, docs/model.md §8.2). */
  readonly payables: Payable[];
  /** Active arm only; index = serial. */
  readonly tickets: Ticket[];
  /** `own[a]`: tickets owned by trader a; `obl[a]`: tickets issued by a (docs/model.md §4.3). */
  readonly own: number[][];
  readonly obl: number[][];
  /** Tickets held by each bucket's VBT, in arrival order. */
  readonly vbtInv: number[][];
  /** The always-empty dealer of each bucket (docs/model.md §5.3). */
  readonly emptyDealer: readonly KernelState[];
  /** Trading-subsystem cash of each agent during the trading phase. */
  readonly tcash: D[];
  readonly tradingRng: PyRandom | null;
  /** Trades so far (the events' `seq`), sells and buys. */
  seq: number;
  sells: number;
  buys: number;
}

/** Holder type of agent index a. */
export function typeOf(w: World, a: number): HolderType {
  return a <= w.N ? 'trader' : a < w.BIG0 + 3 ? 'big_entity' : a < w.DEALER0 + 3 ? 'dealer' : 'vbt';
}

/** Agents, cash, payables (ring, then big-entity payables) and, in the active arm, the tickets (docs/model.md §3.4). */
export function openWorld(cfg: Paper2025RunConfig): World {
  const active = cfg.regime === 'active';
  const N = cfg.nAgents;
  const S = Number(cfg.ticketSize);

  const ids: string[] = ['CB'];
  for (let i = 1; i <= N; i++) ids.push(`H${i}`);
  const BIG0 = N + 1;
  ids.push('big_short', 'big_mid', 'big_long');
  const DEALER0 = ids.length;
  if (active) ids.push('dealer_short', 'dealer_mid', 'dealer_long');
  const VBT0 = active ? ids.length : -1;
  if (active) ids.push('vbt_short', 'vbt_mid', 'vbt_long');
  const traders: number[] = [];
  for (let a = 1; a <= N + 3; a++) traders.push(a);

  const ledger = new Ledger(ids.length);
  const payables = openBalanceSheets(cfg, ledger, BIG0);
  const w: World = {
    cfg,
    active,
    S,
    ids,
    N,
    BIG0,
    DEALER0,
    VBT0,
    traders,
    ledger,
    payables,
    tickets: [],
    own: ids.map(() => []),
    obl: ids.map(() => []),
    vbtInv: [[], [], []],
    emptyDealer: ANCHORS.map(({ M, O }, b) =>
      computeKernel({ a: 0, C: new D(0), M, O, A: QUOTES[b]!.A, B: QUOTES[b]!.B, S, mMin: M_MIN, clampK: false }),
    ),
    tcash: ids.map(() => new D(0)),
    tradingRng: active ? new PyRandom(TRADING_SEED) : null,
    seq: 0,
    sells: 0,
    buys: 0,
  };
  if (active) ticketise(w);
  return w;
}

/** Trader cash, the scaled ring payables, the big-entity payables and big-entity cash, in the reference's order. */
function openBalanceSheets(cfg: Paper2025RunConfig, ledger: Ledger, BIG0: number): Payable[] {
  const N = cfg.nAgents;
  const Q = new D(cfg.qTotal);
  const kappa = new D(cfg.kappa);
  const beta = new D(cfg.bigEntityShare);
  const rho = new D(cfg.outsideMidRatio);
  const q = dirichletAmounts(new PyRandom(cfg.seed), N, new D(cfg.concentration), Q, new D(cfg.monotonicity));
  const due = dueDays(N, cfg.maturityDays, new D(cfg.mu), false);

  const traderCash = toLedgerInt(Q.div(kappa).times(new D(1).plus(beta)).div(N));
  if (traderCash.gt(0)) for (let i = 1; i <= N; i++) ledger.mint(i, traderCash);
  const payables: Payable[] = [];
  const addPayable = (debtor: number, creditor: number, amount: D, dueDay: number): void => {
    const k = payables.length + 1;
    payables.push({ k, id: `PAY_${k}`, debtor, creditor, holder: creditor, amount, dueDay, settledDay: null, removed: false });
  };
  const scale = new D(1).plus(beta);
  for (let i = 1; i <= N; i++) addPayable(i, i === N ? 1 : i + 1, toLedgerInt(q[i - 1]!.times(scale)), due[i - 1]!);
  const bigPayable = toLedgerInt(Q.times(beta).div(N));
  for (let i = 1; i <= N; i++) addPayable(i, BIG0 + ((i - 1) % 3), bigPayable, due[i - 1]!);
  const bigCash = toLedgerValue(Q.times(beta).div(3).times(rho));
  for (let b = 0; b < 3; b++) ledger.mint(BIG0 + b, bigCash);
  return payables;
}

/** One ticket per payable, in creation order, owned by the effective creditor (docs/model.md §4.3). */
function ticketise(w: World): void {
  for (const p of w.payables) {
    const serial = w.tickets.length;
    w.tickets.push({ serial, id: `TKT_${p.id}`, payable: p, face: p.amount, owner: p.holder, bucket: assign(p.dueDay), alive: true });
    w.own[p.holder]!.push(serial);
    w.obl[p.debtor]!.push(serial);
  }
}
