/**
 * Hand-built rows for the tests (not part of the package's entry point): the smallest rows that
 * satisfy the metrics row types, with the fields the explanations read set explicitly.
 */
import type { LiabilityRow, RepaymentRow, TradeRow, TraderInitialStateRow } from '@ring/metrics';
import { cashDebtBucket, strategyOf } from '@ring/metrics';
import type { ArmRows } from './types';

/** A liability: `[id, debtor, face, due, settled]`. */
export type L = readonly [id: string, debtor: string, face: number, due: number, settled: boolean];

export function liabilities(regime: 'passive' | 'active', ls: readonly L[], runId = `${regime}_run`): LiabilityRow[] {
  return ls.map(([id, debtor, face, due, settled]) => ({
    run_id: runId,
    regime,
    liability_id: id,
    debtor,
    creditor: 'X',
    face: String(face),
    due_day: due,
    created_day: 0,
    settled_in_full: settled,
    settled_day: settled ? due : null,
    amount_paid: settled ? String(face) : '0',
  }));
}

/** A trade: `{ day, trader, side?, ticket?, issuer?, maturity? }`, seq in order. */
export interface T {
  readonly day: number;
  readonly trader: string;
  readonly side?: 'SELL' | 'BUY';
  readonly ticket?: string;
  readonly issuer?: string;
  readonly maturity?: number;
  readonly price?: string;
}

export function trades(ts: readonly T[], runId = 'active_run'): TradeRow[] {
  return ts.map((t, seq) => ({
    run_id: runId,
    regime: 'active',
    day: t.day,
    bucket: 'short',
    side: t.side ?? 'SELL',
    trader_id: t.trader,
    ticket_id: t.ticket ?? `TKT_${1000 + seq}`,
    issuer_id: t.issuer ?? 'Z',
    maturity_day: t.maturity ?? 99,
    face_value: '1',
    price: t.price ?? '1',
    unit_price: '1',
    is_passthrough: true,
    dealer_inventory_before: 0,
    dealer_cash_before: '0',
    dealer_bid_before: '1',
    dealer_ask_before: '1',
    outside_mid: '1',
    trader_cash_before: '0',
    trader_safety_margin_before: '0',
    dealer_inventory_after: 0,
    dealer_cash_after: '0',
    dealer_bid_after: '1',
    dealer_ask_after: '1',
    trader_cash_after: '0',
    trader_safety_margin_after: '0',
    is_liquidity_driven: true,
    reduces_margin_below_zero: false,
    hit_inventory_limit: true,
    outside_mid_ratio: '1',
    seq,
    arrival_index: null,
    buyer_id: 'vbt_short',
    buyer_type: 'vbt',
    seller_id: t.trader,
    seller_type: 'trader',
    quantity: 1,
    dealer_mid: '1',
    vbt_ask_before: '1',
    vbt_bid_before: '1',
    passthrough_reason: 'capacity',
    dealer_k_star_before: 0,
  }));
}

/** Repayment rows (liabilities due by `finalDay`) as the metrics layer builds them, strategies from the trades. */
export function repayments(
  regime: 'passive' | 'active',
  ls: readonly L[],
  finalDay: number,
  ts: readonly T[] = [],
  runId = `${regime}_run`,
): RepaymentRow[] {
  return ls
    .filter(([, , , due]) => due <= finalDay)
    .map(([id, debtor, face, due, settled]) => {
      const mine = ts.filter((t) => t.trader === debtor && t.day <= due);
      const buys = mine.filter((t) => t.side === 'BUY').length;
      const sells = mine.length - buys;
      return {
        run_id: runId,
        regime,
        trader_id: debtor,
        liability_id: id,
        maturity_day: due,
        face_value: String(face),
        outcome: settled ? 'repaid' : 'defaulted',
        buy_count: buys,
        sell_count: sells,
        net_cash_pnl: '0',
        strategy: strategyOf(buys, sells),
        outside_mid_ratio: '1',
        held_matching_maturity: false,
        amount_paid: settled ? String(face) : '0',
        settled_day: settled ? due : null,
      };
    });
}

/** Initial-state rows: `[trader, cash, debt]`. */
export function initialState(regime: 'passive' | 'active', ts: readonly (readonly [string, string, string])[]): TraderInitialStateRow[] {
  return ts.map(([id, cash, debt]) => {
    const ratio = Number(debt) > 0 ? String(Number(cash) / Number(debt)) : null;
    return {
      run_id: `${regime}_run`,
      regime,
      trader_id: id,
      initial_cash: cash,
      initial_debt: debt,
      initial_receivables: '0',
      cash_debt_ratio: ratio,
      cash_debt_bucket: cashDebtBucket(ratio),
    };
  });
}

/** An arm from liabilities (and trades for the active arm), with a final day. */
export function arm(
  regime: 'passive' | 'active',
  ls: readonly L[],
  options: { trades?: readonly T[]; finalDay?: number; pairId?: string } = {},
): ArmRows {
  return {
    summary: { run_id: `${regime}_run`, regime, pair_id: options.pairId ?? 'pair_x', final_day: options.finalDay ?? 99 },
    liabilities: liabilities(regime, ls),
    trades: regime === 'active' ? trades(options.trades ?? []) : [],
  };
}
