import { D, addRepeated, canon } from '../../decimal';
import type { SpecRunConfig, TraderPolicy } from '../../config';
import { canonicalJson, policyOf } from '../../config';
import { computeKernel, vbtQuotes } from '../../kernel';
import type { KernelState } from '../../kernel';
import { dirichletAmounts, dueDays, largestRemainder } from '../../generators';
import { substream } from '../../rng';

/** Parsed per-trader policy (docs/model.md §7.1) with D values. */
export interface Policy {
  readonly sellEnabled: boolean;
  readonly buyEnabled: boolean;
  readonly sellHorizonDays: number;
  readonly sellShortfallThreshold: D;
  readonly minBidFraction: D;
  readonly longestFirst: boolean;
  readonly buyHorizonDays: number;
  readonly buyCashBuffer: D;
  readonly maxSellsPerDay: number;
  readonly maxBuysPerDay: number;
  readonly safetyMargin: D | null;
}

const POLICY_FIELDS = [
  'sellEnabled',
  'buyEnabled',
  'sellHorizonDays',
  'sellShortfallThreshold',
  'minBidFraction',
  'sellPriority',
  'buyHorizonDays',
  'buyCashBuffer',
  'maxSellsPerDay',
  'maxBuysPerDay',
  'safetyMargin',
] as const satisfies readonly (keyof TraderPolicy)[];
// Every field must be in the key, or two different policies could share one parse.
const POLICY_FIELDS_COMPLETE: [Exclude<keyof TraderPolicy, (typeof POLICY_FIELDS)[number]>] extends [never] ? true : never = true;
void POLICY_FIELDS_COMPLETE;

function parsePolicy(p: TraderPolicy): Policy {
  return {
    sellEnabled: p.sellEnabled,
    buyEnabled: p.buyEnabled,
    sellHorizonDays: p.sellHorizonDays,
    sellShortfallThreshold: new D(p.sellShortfallThreshold),
    minBidFraction: new D(p.minBidFraction),
    longestFirst: p.sellPriority === 'longest_first',
    buyHorizonDays: p.buyHorizonDays,
    buyCashBuffer: new D(p.buyCashBuffer),
    maxSellsPerDay: p.maxSellsPerDay,
    maxBuysPerDay: p.maxBuysPerDay,
    safetyMargin: p.safetyMargin === null ? null : new D(p.safetyMargin),
  };
}

/** The generated ring of docs/model.md §3.3 steps 1–5: ticket counts, due days and the equal cash endowment. */
interface GeneratedRing {
  readonly n: readonly bigint[];
  readonly due: readonly number[];
  readonly each: D;
}

function generateRing(cfg: SpecRunConfig): GeneratedRing {
  const N = cfg.nAgents;
  const Q = new D(cfg.qTotal);
  const S = Number(cfg.ticketSize);
  const q = dirichletAmounts(substream(cfg.seed, 'ring:dirichlet'), N, new D(cfg.concentration), Q, new D(cfg.monotonicity));
  const units = BigInt(Q.div(S).toFixed(0));
  return {
    n: largestRemainder(units, q),
    due: dueDays(N, cfg.maturityDays, new D(cfg.mu), true),
    each: Q.div(new D(cfg.kappa)).div(N),
  };
}

/** The opening book of a run, kept for the next run with the same {@link bookKey}. */
type Book = Pick<
  SpecState,
  'nTraders' | 'ids' | 'cash' | 'cohorts' | 'issued' | 'ticketCohort' | 'owner' | 'label' | 'holdings' | 'cohortHolders' | 'buckets'
> & {
  readonly kernelInputs: readonly (KernelInputs | undefined)[];
};

/** The inputs of a dealer's last kernel computation. */
interface KernelInputs {
  readonly a: number;
  readonly C: D;
  readonly M: D;
  readonly O: D;
  readonly A: D;
  readonly B: D;
}

/** A copy that shares only what no run changes (ids, issuers, ticket cohorts, D values, kernel states). */
function copyBook(b: Book): Book {
  return {
    nTraders: b.nTraders,
    ids: b.ids,
    cash: [...b.cash],
    cohorts: b.cohorts.map((c) => ({ ...c })),
    issued: b.issued,
    ticketCohort: b.ticketCohort,
    owner: b.owner.slice(),
    label: b.label.slice(),
    holdings: b.holdings.map((m) => new Map([...m].map(([ci, list]) => [ci, list.slice()]))),
    cohortHolders: b.cohortHolders.map((h) => new Set(h)),
    buckets: b.buckets.map((x) => ({ ...x })),
    kernelInputs: [...b.kernelInputs],
  };
}

let lastBook: { key: string; book: Book } | null = null;

/**
 * What the opening book depends on: the whole configuration except the fields that only act
 * after day 0 starts (policies, regime, order flow, settlement, anchors, horizon). Anything not
 * listed here is part of the key, so a new configuration field can never be wrongly shared.
 */
const AFTER_OPENING: readonly (keyof SpecRunConfig)[] = [
  'regime',
  'policies',
  'piSell',
  'nMax',
  'investHorizon',
  'cashBuffer',
  'graceDays',
  'clearing',
  'overdraft',
  'maxDays',
  'anchorUpdate',
  'oMin',
];

function bookKey(cfg: SpecRunConfig): string {
  const rest: Record<string, unknown> = { ...cfg };
  for (const k of AFTER_OPENING) delete rest[k];
  return canonicalJson(rest);
}

export const OPEN = 0;
export const PAID = 1;
export const DEFAULTED = 2;

/** A payable held as a cohort of tickets with consecutive serials (docs/model.md §3.3). */
export interface Cohort {
  readonly index: number;
  readonly id: string;
  readonly debtor: number;
  readonly creditor: number;
  readonly amount: D;
  readonly amountInt: number;
  readonly dueDay: number;
  readonly nTickets: number;
  readonly firstSerial: number;
  status: number;
  settledDay: number | null;
  defaultDay: number | null;
  paid: D;
}

/** One maturity bucket: its VBT anchors and its dealer's kernel. */
export interface BucketState {
  readonly name: string;
  readonly tauMin: number;
  readonly tauMax: number | null;
  readonly phiM: D;
  readonly phiO: D;
  M: D;
  O: D;
  A: D;
  B: D;
  kernel: KernelState;
  /** Tradable dealer inventory a (tickets). */
  a: number;
  readonly dealer: number;
  readonly vbt: number;
}

/**
 * The whole mutable state of a `spec` run. Every change of cash or ticket ownership goes
 * through its methods, so conservation is checked and kept in one place.
 */
export class SpecState {
  readonly cfg: SpecRunConfig;
  readonly S: number;
  readonly SD: D;
  readonly ids: string[];
  readonly nTraders: number;
  readonly cash: D[];
  readonly policies: Policy[];
  readonly cohorts: Cohort[];
  /** The cohort each trader issued, or -1 (each trader issues at most one payable). */
  readonly issued: Int32Array;
  readonly ticketCohort: Int32Array;
  readonly owner: Int32Array;
  readonly label: Int8Array;
  /** Per agent: cohort index → the serials it holds, ascending. */
  readonly holdings: Map<number, number[]>[];
  /** Per cohort: the agents holding at least one of its tickets. */
  readonly cohortHolders: Set<number>[];
  readonly buckets: BucketState[];
  readonly mMin: D;
  readonly oMin: D;
  readonly clip: boolean;
  readonly overdraftLimit: D;

  constructor(cfg: SpecRunConfig) {
    this.cfg = cfg;
    this.S = Number(cfg.ticketSize);
    this.SD = new D(this.S);
    this.mMin = new D(cfg.mMin);
    this.oMin = new D(cfg.oMin);
    this.clip = cfg.clipNonnegB;
    this.overdraftLimit = cfg.overdraft ? new D(cfg.overdraft.limit) : new D(0);
    // The opening book (ring, cash, payables, tickets, desk allocation: docs/model.md §3.3) depends only on
    // part of the configuration; the two arms of a pair or a policy comparison share it, so the last
    // one is kept and copied rather than rebuilt.
    const key = bookKey(cfg);
    const cached = lastBook && lastBook.key === key ? copyBook(lastBook.book) : null;
    const book = cached ?? this.openBook(cfg);
    this.nTraders = book.nTraders;
    this.ids = book.ids;
    this.cash = book.cash;
    this.cohorts = book.cohorts;
    this.issued = book.issued;
    this.ticketCohort = book.ticketCohort;
    this.owner = book.owner;
    this.label = book.label;
    this.holdings = book.holdings;
    this.cohortHolders = book.cohortHolders;
    this.buckets = book.buckets;
    book.kernelInputs.forEach((k, i) => {
      this.kernelInputs[i] = k;
    });
    if (!cached) {
      this.initBook();
      lastBook = { key, book: copyBook({ ...book, cash: this.cash, kernelInputs: this.kernelInputs }) };
    }
    // Usually every trader runs one of a few policies: parse each distinct one once (Policy is read-only).
    const parsed = new Map<string, Policy>();
    this.policies = this.ids.slice(0, this.nTraders).map((id) => {
      const tp = policyOf(cfg, id);
      const key = POLICY_FIELDS.map((k) => String(tp[k])).join('|');
      let p = parsed.get(key);
      if (!p) {
        p = parsePolicy(tp);
        parsed.set(key, p);
      }
      return p;
    });
  }

  /** Ring, agents, cash, payables and tickets, before desk allocation (docs/model.md §3.3 steps 1–5, or the explicit scenario). */
  private openBook(cfg: SpecRunConfig): Book {
    const S = this.S;
    const traderIds: string[] = [];
    const traderCash: D[] = [];
    const payIn: { debtor: number; creditor: number; amount: bigint; dueDay: number }[] = [];
    if (cfg.scenario) {
      cfg.scenario.traders.forEach((t) => {
        traderIds.push(t.id);
        traderCash.push(new D(t.cash));
      });
      const index = new Map(traderIds.map((id, i) => [id, i]));
      for (const p of cfg.scenario.payables) {
        payIn.push({ debtor: index.get(p.debtor)!, creditor: index.get(p.creditor)!, amount: BigInt(p.amount), dueDay: p.dueDay });
      }
    } else {
      const N = cfg.nAgents;
      const { n, due, each } = generateRing(cfg);
      for (let i = 0; i < N; i++) {
        traderIds.push(`H${i + 1}`);
        traderCash.push(each);
      }
      for (let j = 0; j < N; j++) {
        if (n[j]! > 0n) payIn.push({ debtor: j, creditor: (j + 1) % N, amount: n[j]! * BigInt(S), dueDay: due[j]! });
      }
    }
    const nTraders = traderIds.length;
    const ids = [...traderIds];
    const bucketCfg = cfg.buckets;
    for (const b of bucketCfg) ids.push(`dealer_${b.name}`, `vbt_${b.name}`);
    const cash = [...traderCash, ...bucketCfg.flatMap(() => [new D(0), new D(0)])];
    const holdings: Map<number, number[]>[] = ids.map(() => new Map());
    const issued = new Int32Array(nTraders).fill(-1);
    const cohorts: Cohort[] = [];
    const cohortHolders: Set<number>[] = [];
    let totalTickets = 0;
    for (const p of payIn) totalTickets += Number(p.amount / BigInt(S));
    const ticketCohort = new Int32Array(totalTickets);
    const owner = new Int32Array(totalTickets);
    const label = new Int8Array(totalTickets);
    let serial = 0;
    for (const p of payIn) {
      const nT = Number(p.amount / BigInt(S));
      const c: Cohort = {
        index: cohorts.length,
        id: `PAY_${cohorts.length + 1}`,
        debtor: p.debtor,
        creditor: p.creditor,
        amount: new D(p.amount.toString()),
        amountInt: Number(p.amount),
        dueDay: p.dueDay,
        nTickets: nT,
        firstSerial: serial,
        status: OPEN,
        settledDay: null,
        defaultDay: null,
        paid: new D(0),
      };
      cohorts.push(c);
      issued[p.debtor] = c.index;
      const list: number[] = [];
      const b = this.assign(p.dueDay);
      for (let k = 0; k < nT; k++, serial++) {
        ticketCohort[serial] = c.index;
        owner[serial] = p.creditor;
        label[serial] = b;
        list.push(serial);
      }
      holdings[p.creditor]!.set(c.index, list);
      cohortHolders.push(new Set([p.creditor]));
    }

    const rho = new D(cfg.outsideMidRatio);
    const buckets: BucketState[] = bucketCfg.map((b, i) => {
      const O = new D(b.O0);
      const { A, B } = vbtQuotes(rho, O, this.clip);
      return {
        name: b.name,
        tauMin: b.tauMin,
        tauMax: b.tauMax,
        phiM: new D(b.phiM),
        phiO: new D(b.phiO),
        M: rho,
        O,
        A,
        B,
        kernel: undefined as unknown as KernelState,
        a: 0,
        dealer: nTraders + 2 * i,
        vbt: nTraders + 2 * i + 1,
      };
    });
    return { nTraders, ids, cash, cohorts, issued, ticketCohort, owner, label, holdings, cohortHolders, buckets, kernelInputs: [] };
  }

  /** Desk allocation and booking at M0, then the opening quotes. */
  private initBook(): void {
    this.allocateDesks(new D(this.cfg.outsideMidRatio));
    for (let b = 0; b < this.buckets.length; b++) this.recomputeDealer(b, 0);
  }

  /** assign(τ): the first bucket containing τ ≥ 1 (validation guarantees one exists). */
  assign(tau: number): number {
    const bs = this.cfg.buckets;
    for (let i = 0; i < bs.length; i++) {
      const b = bs[i]!;
      if (tau >= b.tauMin && (b.tauMax === null || tau <= b.tauMax)) return i;
    }
    return -1;
  }

  isTrader(a: number): boolean {
    return a < this.nTraders;
  }

  /** Initial desk allocation and booking at M0 (docs/model.md §3.3 step 6, RES-18). */
  private allocateDesks(M0: D): void {
    const S = this.S;
    const dealerShare = new D(this.cfg.dealerShare);
    const vbtShare = new D(this.cfg.vbtShare);
    const SM0 = this.SD.times(M0);
    for (let b = 0; b < this.buckets.length; b++) {
      const holders: { h: number; serials: number[] }[] = [];
      for (let h = 0; h < this.nTraders; h++) {
        const serials: number[] = [];
        for (const [ci, list] of this.holdings[h]!) {
          // A loop, not push(...list): a spread of a large holding overflows the call stack.
          if (this.assign(this.cohorts[ci]!.dueDay) === b) for (const s of list) serials.push(s);
        }
        if (serials.length > 0) holders.push({ h, serials: serials.sort((x, y) => x - y) });
      }
      const Nb = holders.reduce((s, x) => s + x.serials.length, 0);
      const Db = BigInt(dealerShare.times(Nb).floor().toFixed(0));
      const Vb = BigInt(vbtShare.times(Nb).floor().toFixed(0));
      const T = largestRemainder(
        Db + Vb,
        holders.map((x) => BigInt(x.serials.length)),
      );
      const d = Db + Vb === 0n ? T.map(() => 0n) : largestRemainder(Db, T);
      const toDealer: number[][] = [];
      const toVbt: number[][] = [];
      holders.forEach((x, i) => {
        const dh = Number(d[i]!);
        const vh = Number(T[i]! - d[i]!);
        toDealer.push(x.serials.slice(0, dh));
        toVbt.push(x.serials.slice(dh, dh + vh));
      });
      const bucket = this.buckets[b]!;
      for (const [desk, parts] of [
        [bucket.dealer, toDealer],
        [bucket.vbt, toVbt],
      ] as const) {
        const k = parts.reduce((s, p) => s + p.length, 0);
        // Outside funding F = 2·S·M0·k, then purchases at S·M0 per ticket: the desk ends with
        // C0 = S·M0·k, the mid value of its shelf (docs/model.md RES-18, RES-03 revised).
        this.addCash(desk, new D(2 * S).times(M0).times(k), 1);
        const price = SM0.neg();
        holders.forEach((x, i) => {
          const serials = parts[i]!;
          this.addCash(x.h, SM0, serials.length);
          this.addCash(desk, price, serials.length);
          this.moveSerials(serials, desk);
        });
      }
    }
    this.flushCash();
  }

  /**
   * Queue `cash[a] += x`, k times (each addition rounded as written). Consecutive additions of the
   * same x to one account are merged and carried out by {@link flushCash} in closed form; nothing
   * else may read or change cash in between. Each account's own sequence of additions, and so its
   * balance, is exactly the literal one.
   */
  addCash(a: number, x: D, k: number): void {
    if (k <= 0) return;
    const p = this.pending.get(a);
    if (p && (p.x === x || p.x.eq(x))) {
      p.k += k;
      return;
    }
    if (p) this.cash[a] = addRepeated(this.cash[a]!, p.x, p.k);
    this.pending.set(a, { x, k });
  }

  /** Carry out every queued addition. */
  flushCash(): void {
    for (const [a, p] of this.pending) this.cash[a] = addRepeated(this.cash[a]!, p.x, p.k);
    this.pending.clear();
  }

  private readonly pending = new Map<number, { x: D; k: number }>();

  /** Move one ticket to a new owner, keeping both holdings lists sorted. */
  moveTicket(serial: number, to: number): void {
    const from = this.owner[serial]!;
    const ci = this.ticketCohort[serial]!;
    const src = this.holdings[from]!.get(ci)!;
    const i = src.indexOf(serial);
    src.splice(i, 1);
    if (src.length === 0) {
      this.holdings[from]!.delete(ci);
      this.cohortHolders[ci]!.delete(from);
    }
    let dst = this.holdings[to]!.get(ci);
    if (!dst) {
      dst = [];
      this.holdings[to]!.set(ci, dst);
      this.cohortHolders[ci]!.add(to);
    }
    let lo = 0;
    let hi = dst.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (dst[mid]! < serial) lo = mid + 1;
      else hi = mid;
    }
    dst.splice(lo, 0, serial);
    this.owner[serial] = to;
  }

  /** Move a set of tickets (ascending serials, one current owner) to a new owner in bulk. */
  moveSerials(serials: readonly number[], to: number): void {
    // Ascending serials of one cohort are contiguous runs of the input: each run is moved by
    // merging sorted lists (no sets, no sorting).
    let start = 0;
    while (start < serials.length) {
      const ci = this.ticketCohort[serials[start]!]!;
      let end = start + 1;
      while (end < serials.length && this.ticketCohort[serials[end]!]! === ci) end++;
      this.moveRun(serials, start, end, ci, to);
      start = end;
    }
  }

  /** Move serials[start, end) — ascending, all of cohort ci, one owner — to `to`. */
  private moveRun(serials: readonly number[], start: number, end: number, ci: number, to: number): void {
    const from = this.owner[serials[start]!]!;
    const src = this.holdings[from]!.get(ci)!;
    const count = end - start;
    if (count === src.length) {
      this.holdings[from]!.delete(ci);
      this.cohortHolders[ci]!.delete(from);
    } else {
      const rest: number[] = [];
      let j = start;
      for (const s of src) {
        if (j < end && serials[j] === s) j++;
        else rest.push(s);
      }
      this.holdings[from]!.set(ci, rest);
    }
    const dst = this.holdings[to]!.get(ci);
    let merged: number[];
    if (!dst || dst.length === 0) merged = serials.slice(start, end);
    else {
      merged = new Array<number>(dst.length + count);
      let a = 0;
      let b = start;
      let k = 0;
      while (a < dst.length && b < end) merged[k++] = dst[a]! < serials[b]! ? dst[a++]! : serials[b++]!;
      while (a < dst.length) merged[k++] = dst[a++]!;
      while (b < end) merged[k++] = serials[b++]!;
    }
    this.holdings[to]!.set(ci, merged);
    this.cohortHolders[ci]!.add(to);
    for (let j = start; j < end; j++) this.owner[serials[j]!] = to;
  }

  /** Dealer tradable inventory of bucket b on day t: held open tickets with τ ≥ 1. */
  dealerInventory(b: number, t: number): number {
    let a = 0;
    for (const [ci, list] of this.holdings[this.buckets[b]!.dealer]!) {
      const c = this.cohorts[ci]!;
      if (c.status === OPEN && c.dueDay > t) a += list.length;
    }
    return a;
  }

  recomputeDealer(b: number, t: number): void {
    const bk = this.buckets[b]!;
    bk.a = this.dealerInventory(b, t);
    const C = this.cash[bk.dealer]!;
    // The kernel is a pure function of (a, C, M, O, A, B): D values are immutable, so unchanged
    // references mean unchanged inputs and the last quotes still hold.
    const last = this.kernelInputs[b];
    if (last && last.a === bk.a && last.C === C && last.M === bk.M && last.O === bk.O && last.A === bk.A && last.B === bk.B) return;
    bk.kernel = computeKernel({ a: bk.a, C, M: bk.M, O: bk.O, A: bk.A, B: bk.B, S: this.S, mMin: this.mMin, clampK: true });
    this.kernelInputs[b] = { a: bk.a, C, M: bk.M, O: bk.O, A: bk.A, B: bk.B };
  }

  private readonly kernelInputs: (KernelInputs | undefined)[] = [];

  /** Dealer equity at mid E = C + M·x (RES-04), counting open held tickets with τ ≥ 1 on day t. */
  dealerEquity(b: number, t: number): D {
    const bk = this.buckets[b]!;
    return this.cash[bk.dealer]!.plus(bk.M.times(this.S * this.dealerInventory(b, t)));
  }

  cashString(a: number): string {
    return canon(this.cash[a]!);
  }
}
