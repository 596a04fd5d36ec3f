import { D, canon, getProfile, isProfileName } from '@ring/engine';
import type { RunResult, SetupEvent } from '@ring/engine';
import type { MetricsDayRow, RepaymentRow, RunSummary, RunUsage } from './rows';
import { tallyStrategy } from './strategy';
import type { RunTally, TradeBrief } from './run-tally';

/** δ and φ by due day (metrics_by_day, docs/instrumentation.md §5). */
export function metricsByDayRows(s: SetupEvent, result: RunResult): MetricsDayRow[] {
  return result.dayTotals.map((d) => {
    const S = new D(d.S);
    const phi = S.gt(0) ? new D(d.settled).div(S) : null;
    return {
      run_id: s.runId,
      regime: s.regime,
      outside_mid_ratio: s.outsideMidRatio,
      day: d.day,
      S_t: d.S,
      settled_t: d.settled,
      phi_t: phi ? canon(phi) : null,
      delta_t: phi ? canon(new D(1).minus(phi)) : null,
    };
  });
}

/** Rescues: liquidity-driven sales by a trader whose next liability (due on or after the sale) was repaid. */
export function countRescues(result: RunResult, byTrader: ReadonlyMap<string, readonly TradeBrief[]>): number {
  const nextLiability = (trader: string, day: number) => {
    let best: RunResult['payables'][number] | undefined;
    for (const p of result.payables) if (p.debtor === trader && p.dueDay >= day && (!best || p.dueDay < best.dueDay)) best = p;
    return best;
  };
  let rescues = 0;
  for (const [trader, list] of byTrader) {
    for (const t of list) if (t.liquidity && nextLiability(trader, t.day)?.status === 'settled') rescues++;
  }
  return rescues;
}

/** The mean of the defined daily debt-to-money ratios, or null. */
function realisedDebtToMoney(tally: RunTally): string | null {
  const u = tally.usage;
  return u.ratioCount > 0 ? canon(u.ratioSum.div(u.ratioCount)) : null;
}

/** The run summary (the corrected counterpart of the legacy dealer_metrics.json). */
export function runSummary(s: SetupEvent, result: RunResult, tally: RunTally, rescues: number): RunSummary {
  const n = tally.n;
  let debt = new D(0);
  for (const p of s.payables) debt = debt.plus(p.amount);
  let money = new D(0);
  for (const c of Object.values(s.cash)) money = money.plus(c);
  return {
    run_id: result.runId,
    pair_id: result.pairId,
    profile: s.profile,
    regime: s.regime,
    outside_mid_ratio: s.outsideMidRatio,
    delta: result.delta,
    phi: result.phi,
    n_defaults: result.nDefaults,
    final_day: result.finalDay,
    end_reason: result.endReason,
    total_trades: n.trades,
    sell_trades: n.sells,
    buy_trades: n.buys,
    interior_trades: n.interior,
    passthrough_trades: n.passthrough,
    interior_sells: n.interiorSells,
    interior_buys: n.interiorBuys,
    passthrough_sells: n.sells - n.interiorSells,
    passthrough_buys: n.buys - n.interiorBuys,
    dealer_total_pnl: result.dealerTotalPnl,
    dealer_total_return: result.dealerTotalReturn,
    spread_income_total: canon(tally.spread),
    liquidity_driven_sales: n.liquidity,
    rescue_events: rescues,
    unsafe_buy_count: n.unsafe,
    initial_total_debt: canon(debt),
    initial_total_money: canon(money),
    initial_debt_to_money: money.gt(0) ? canon(debt.div(money)) : null,
    realised_debt_to_money: realisedDebtToMoney(tally),
  };
}

/** The per-run dealer-usage aggregates behind dealer_usage_by_run.csv (docs/instrumentation.md §7). */
export function runUsage(tally: RunTally): RunUsage {
  const n = tally.n;
  const u = tally.usage;
  return {
    trade_count: n.trades,
    trader_trade_count: u.ringTrades,
    n_traders_trading: u.ringTraders.size,
    trader_face_traded: canon(u.faceTraded),
    trader_cash_volume: canon(u.volume),
    big_entity_trade_count: u.bigEntityTrades,
    interior_trade_count: n.interior,
    passthrough_trade_count: n.passthrough,
    days: u.days,
    dealer_active_days: u.activeDays,
    dealer_empty_days: u.emptyDays,
    vbt_used_days: u.vbtDays,
    mean_debt_to_money: realisedDebtToMoney(tally),
    first_total_face_value: u.firstFace,
    last_total_face_value: u.lastFace,
    last_debt_to_money: u.lastRatio,
  };
}

/** Repayment rows: liabilities due by the final day, sorted by (maturity, debtor index, creation order). */
export function repaymentRows(setup: SetupEvent, result: RunResult, byTrader: ReadonlyMap<string, readonly TradeBrief[]>): RepaymentRow[] {
  const agentIndex = new Map<string, number>(setup.agents.map((a, i) => [a.id, i]));
  // A profile not (yet) in the registry keeps the default: only holdings of at least one ticket count.
  const emptyHeld = isProfileName(setup.profile) && getProfile(setup.profile).reporting.emptyHoldingsHeld;
  const initialHeld = new Set(setup.holdings.filter((h) => h.tickets > 0 || emptyHeld).map((h) => `${h.holder}|${h.dueDay}`));
  const finalDay = result.finalDay;
  return result.payables
    .map((p, k) => ({ p, k }))
    .filter(({ p }) => p.dueDay <= finalDay)
    .sort((a, b) => a.p.dueDay - b.p.dueDay || agentIndex.get(a.p.debtor)! - agentIndex.get(b.p.debtor)! || a.k - b.k)
    .map(({ p }) => {
      // the trading phase of T_L precedes its settlement: trades on day ≤ T_L count
      const tally = tallyStrategy(byTrader.get(p.debtor) ?? [], p.dueDay, 'through_due_day');
      const repaid = p.status === 'settled';
      return {
        run_id: setup.runId,
        regime: setup.regime,
        trader_id: p.debtor,
        liability_id: p.id,
        maturity_day: p.dueDay,
        face_value: p.amount,
        outcome: repaid ? 'repaid' : 'defaulted',
        buy_count: tally.buy_count,
        sell_count: tally.sell_count,
        net_cash_pnl: tally.net_cash_pnl,
        strategy: tally.strategy,
        outside_mid_ratio: setup.outsideMidRatio,
        held_matching_maturity: tally.bought_matching || initialHeld.has(`${p.debtor}|${p.dueDay}`),
        amount_paid: repaid ? p.amount : p.amountPaid,
        settled_day: repaid ? p.settledDay : null,
      } satisfies RepaymentRow;
    });
}
