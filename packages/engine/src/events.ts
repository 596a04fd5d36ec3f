import type { ModelProfile, Regime } from './config';

/** Kind of holder of a claim (docs/instrumentation.md §1.4). */
export type HolderType = 'trader' | 'big_entity' | 'dealer' | 'vbt';

/** An agent of the run, in agent order. `CB` (paper2025) is not listed. */
export interface AgentInfo {
  readonly id: string;
  readonly type: HolderType;
}

/** A payable as created at setup, in creation order. Amounts are canonical decimal strings. */
export interface PayableInfo {
  readonly id: string;
  readonly debtor: string;
  readonly creditor: string;
  readonly amount: string;
  readonly dueDay: number;
}

/** Initial holdings after setup (after the `spec` desk allocation), aggregated per (holder, payable). */
export interface HoldingInfo {
  readonly holder: string;
  readonly payableId: string;
  readonly issuer: string;
  readonly dueDay: number;
  readonly tickets: number;
  readonly face: string;
}

/** Emitted once, after the initial state is built and before day 0. */
export interface SetupEvent {
  readonly kind: 'setup';
  readonly day: 0;
  readonly runId: string;
  readonly pairId: string;
  readonly profile: ModelProfile;
  readonly regime: Regime;
  readonly outsideMidRatio: string;
  readonly ticketSize: number;
  readonly agents: readonly AgentInfo[];
  readonly buckets: readonly string[];
  readonly payables: readonly PayableInfo[];
  readonly holdings: readonly HoldingInfo[];
  /** Cash of every agent after setup (canonical decimal strings). */
  readonly cash: Readonly<Record<string, string>>;
}

/** Start of a simulated day (before rebucketing, trading and settlement). */
export interface DayStartEvent {
  readonly kind: 'day_start';
  readonly day: number;
}

/** A ticket changed bucket (docs/model.md §4.4). `price` is the unit price of a desk-to-desk transfer, null otherwise. */
export interface RebucketEvent {
  readonly kind: 'rebucket';
  readonly day: number;
  readonly ticketId: string;
  readonly from: string;
  readonly to: string;
  readonly owner: string;
  readonly newOwner: string;
  readonly price: string | null;
}

/** Pass-through reason (docs/instrumentation.md §1.5). */
export type PassthroughReason = 'guard' | 'capacity' | 'cash' | 'no_inventory' | 'no_admissible_issuer';

/** One executed customer trade with the state around it (docs/instrumentation.md §2). */
export interface TradeEvent {
  readonly kind: 'trade';
  readonly day: number;
  readonly seq: number;
  /** `spec`: arrival number n of the day; `paper2025`: null. */
  readonly arrivalIndex: number | null;
  readonly bucket: string;
  readonly side: 'SELL' | 'BUY';
  readonly traderId: string;
  readonly ticketId: string;
  readonly payableId: string;
  readonly issuerId: string;
  readonly maturityDay: number;
  readonly face: string;
  readonly price: string;
  readonly unitPrice: string;
  readonly isPassthrough: boolean;
  readonly passthroughReason: PassthroughReason | null;
  /** The desk on the other side: `dealer_b` (interior) or `vbt_b` (pass-through). */
  readonly counterparty: string;
  readonly dealerBefore: DealerView;
  readonly dealerAfter: DealerView;
  readonly vbtMidBefore: string;
  readonly vbtAskBefore: string;
  readonly vbtBidBefore: string;
  readonly traderCashBefore: string;
  readonly traderCashAfter: string;
  readonly traderSafetyMarginBefore: string;
  readonly traderSafetyMarginAfter: string;
  /** The seller's liquidity gap over its eligibility horizon was positive just before the trade (false for BUY). */
  readonly isLiquidityDriven: boolean;
}

/** A dealer's state as recorded around a trade or in a snapshot. */
export interface DealerView {
  readonly inventory: number;
  readonly cash: string;
  readonly bid: string;
  readonly ask: string;
  readonly midline: string;
  readonly kStar: number;
  readonly xStar: number;
}

/** Per-bucket state at the snapshot instant E (docs/instrumentation.md §1.3–§1.4). */
export interface BucketSnapshot {
  readonly bucket: string;
  readonly dealer: DealerView;
  readonly vbtMid: string;
  readonly vbtSpread: string;
  readonly vbtAsk: string;
  readonly vbtBid: string;
  readonly vbtInventory: number;
  /** `spec`: VBT cash; `paper2025`: null (not modelled). */
  readonly vbtCash: string | null;
  readonly dealerFace: string;
  readonly vbtFace: string;
  readonly traderFace: string;
}

/** State at instant E = end of the trading phase of a day, before settlement. */
export interface SnapshotEvent {
  readonly kind: 'snapshot';
  readonly day: number;
  readonly buckets: readonly BucketSnapshot[];
  readonly faceDueToday: string;
  readonly totalCash: string;
  readonly traderCash: string;
}

/** A payable was paid in full. */
export interface SettledEvent {
  readonly kind: 'settled';
  readonly day: number;
  readonly payableId: string;
  readonly debtor: string;
  readonly dueDay: number;
  readonly amount: string;
  readonly via: 'gross' | 'netting';
  /** Cash received per holder (`spec`: S per ticket; `paper2025`: the effective creditor). */
  readonly receipts: readonly { readonly holder: string; readonly tickets: number; readonly amount: string }[];
}

/**
 * A payable defaulted: `spec` Step C with proportional recovery; `paper2025` fail-fast (paid 0,
 * `failFast` true; the run ends after this day).
 */
export interface DefaultedEvent {
  readonly kind: 'defaulted';
  readonly day: number;
  readonly payableId: string;
  readonly debtor: string;
  readonly dueDay: number;
  readonly amount: string;
  readonly paid: string;
  readonly recoveryRate: string;
  readonly failFast: boolean;
  /**
   * What each holder of the liability received. `face`: the face of the claims it held, when it is
   * not `tickets` × S (`bilancio2026`: one ticket per payable, of face the payable's amount).
   */
  readonly recoveries: readonly { readonly holder: string; readonly tickets: number; readonly amount: string; readonly face?: string }[];
}

/** A VBT's anchors moved after losses (docs/model.md §6.2). */
export interface AnchorUpdateEvent {
  readonly kind: 'anchor_update';
  readonly day: number;
  readonly bucket: string;
  readonly loss: string;
  readonly M: string;
  readonly O: string;
}

/** End of a simulated day; `cash` holds every trader's end-of-day cash. */
export interface DayEndEvent {
  readonly kind: 'day_end';
  readonly day: number;
  readonly traderCash: Readonly<Record<string, string>>;
}

/** Why a run stopped (comparison.csv `end_reason_*`). */
export type EndReason = 'default' | 'display_abort' | 'stable' | 'max_days' | 'horizon';

/** The last event of a run: the final simulated day and why the run stopped. */
export interface RunEndEvent {
  readonly kind: 'run_end';
  readonly finalDay: number;
  readonly endReason: EndReason;
}

/** The engine's typed, ordered event stream. */
export type RingEvent =
  | SetupEvent
  | DayStartEvent
  | RebucketEvent
  | TradeEvent
  | SnapshotEvent
  | SettledEvent
  | DefaultedEvent
  | AnchorUpdateEvent
  | DayEndEvent
  | RunEndEvent;

/** Receives every event of a run, in order. The engine does no I/O; observers may. */
export type RingObserver = (event: RingEvent) => void;

/** The `kind` of a {@link RingEvent}. */
export type RingEventKind = RingEvent['kind'];

/** Every event kind, in the order a day emits them. */
export const RING_EVENT_KINDS: readonly RingEventKind[] = [
  'setup',
  'day_start',
  'rebucket',
  'trade',
  'snapshot',
  'settled',
  'defaulted',
  'anchor_update',
  'day_end',
  'run_end',
];
