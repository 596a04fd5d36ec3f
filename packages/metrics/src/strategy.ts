import { D, canon } from '@ring/engine';
import type { Strategy } from './rows';

/** The four strategy classes in column order (docs/instrumentation.md §3). */
export const STRATEGIES: readonly Strategy[] = ['no_trade', 'hold_to_maturity', 'sell_before', 'round_trip'];

/** Classify a liability's debtor by its trades in the window (docs/instrumentation.md §3). */
export function strategyOf(buyCount: number, sellCount: number): Strategy {
  if (buyCount === 0) return sellCount === 0 ? 'no_trade' : 'sell_before';
  return sellCount === 0 ? 'hold_to_maturity' : 'round_trip';
}

/**
 * Which of a debtor's trades count for a liability due on day T_L: `through_due_day` (day ≤ T_L,
 * the corrected window: the trading phase of T_L precedes its settlement) or `before_due_day`
 * (day < T_L, the window of the 2025 compatibility writer; docs/instrumentation.md §3).
 */
export type TradeWindow = 'through_due_day' | 'before_due_day';

/** What the strategy tally needs of one trade by the debtor. */
export interface DebtorTrade {
  readonly day: number;
  readonly side: 'SELL' | 'BUY';
  /** Cash paid or received (decimal string). */
  readonly price: string;
  /** Due day of the traded ticket. */
  readonly maturityDay: number;
}

/** A debtor's trades in the window of one liability (the repayment row's trade columns). */
export interface StrategyTally {
  readonly buy_count: number;
  readonly sell_count: number;
  /** Σ price of the SELLs − Σ price of the BUYs (canonical decimal string). */
  readonly net_cash_pnl: string;
  readonly strategy: Strategy;
  /** A BUY in the window of a ticket due on the liability's own due day. */
  readonly bought_matching: boolean;
}

/**
 * Tally a debtor's trades (in execution order) for a liability due on `dueDay`: buy and sell
 * counts, net cash P&L and the strategy class, over the trades of the window. The one place the
 * strategy rule is applied to trades: the collector (corrected window) and the 2025-window tables
 * of `paper2025` sweeps use it.
 */
export function tallyStrategy(trades: Iterable<DebtorTrade>, dueDay: number, window: TradeWindow): StrategyTally {
  let buys = 0;
  let sells = 0;
  let pnl = new D(0);
  let boughtMatching = false;
  const last = window === 'through_due_day' ? dueDay : dueDay - 1;
  for (const t of trades) {
    if (t.day > last) continue;
    if (t.side === 'SELL') {
      sells++;
      pnl = pnl.plus(t.price);
    } else {
      buys++;
      pnl = pnl.minus(t.price);
      if (t.maturityDay === dueDay) boughtMatching = true;
    }
  }
  return {
    buy_count: buys,
    sell_count: sells,
    net_cash_pnl: canon(pnl),
    strategy: strategyOf(buys, sells),
    bought_matching: boughtMatching,
  };
}
