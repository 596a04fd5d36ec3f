import { compareAgentIds } from './arms';
import type { NoDifferenceReason } from './types';

/** Every no-difference reason, in decision order (the first whose condition holds is the pair's). */
export const NO_DIFFERENCE_REASONS: readonly NoDifferenceReason[] = [
  'no_trades',
  'liquidity_not_binding',
  'saved_equals_harmed',
  'only_unattempted',
  'trades_too_late',
  'defaulters_never_traded',
  'trades_insufficient',
];

/** What the no-difference reason of a pair with Δ = 0 is decided on. */
export interface ReasonFacts {
  /** The active arm's trades: day and customer. */
  readonly trades: readonly { readonly day: number; readonly trader_id: string }[];
  /** Every created liability of both arms was settled in full (δ_passive = δ_active = 0). */
  readonly everySettled: boolean;
  /** Liabilities saved and harmed by trading (count, face as integer string). */
  readonly saved: { readonly count: number; readonly face: string };
  readonly harmed: { readonly count: number; readonly face: string };
  /** The active arm's defaulting traders (a liability due by its last day not settled in full). */
  readonly defaulters: readonly string[];
  /** The latest due day of those defaulted liabilities (null without defaulters). */
  readonly lastDefaultDay: number | null;
  /** The active arm's last simulated day, for the detail text (null if unknown). */
  readonly finalDay: number | null;
  /** Liabilities of the active arm left unsettled, for the detail text. */
  readonly unsettled: { readonly count: number; readonly face: string };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const list = (ids: readonly string[]) => (ids.length <= 4 ? ids.join(', ') : `${ids.slice(0, 4).join(', ')}, …`);

/**
 * The reason a pair with Δ = 0 shows no difference, with a one-line detail. The codes are tried
 * in {@link NO_DIFFERENCE_REASONS} order and the first that holds is returned, so they are
 * mutually exclusive; the last one holds whenever no other does, so they are exhaustive. Pure.
 */
export function noDifferenceReason(f: ReasonFacts): { code: NoDifferenceReason; detail: string } {
  const n = f.trades.length;
  if (n === 0) return { code: 'no_trades', detail: 'the active arm made no trade, so both arms ran the same way' };
  const trades = plural(n, 'trade');
  if (f.everySettled) {
    return {
      code: 'liquidity_not_binding',
      detail: `every liability was settled in full in both arms: no trader was short of cash on a due day, so the ${trades} had nothing to rescue`,
    };
  }
  if (f.saved.count + f.harmed.count > 0) {
    return {
      code: 'saved_equals_harmed',
      detail: `trading saved ${plural(f.saved.count, 'liability', 'liabilities')} (face ${f.saved.face}) and harmed ${plural(f.harmed.count, 'liability', 'liabilities')} (face ${f.harmed.face}): the changes cancel`,
    };
  }
  if (f.defaulters.length === 0) {
    const stop = f.finalDay === null ? 'the run stopped' : `the run stopped on day ${f.finalDay}`;
    return {
      code: 'only_unattempted',
      detail: `no trader defaulted; the ${plural(f.unsettled.count, 'unsettled liability', 'unsettled liabilities')} (face ${f.unsettled.face}) fell due after ${stop}`,
    };
  }
  const last = f.lastDefaultDay!;
  if (f.trades.every((t) => t.day > last)) {
    return { code: 'trades_too_late', detail: `all ${trades} came after the last default (day ${last})` };
  }
  const defaulters = new Set(f.defaulters);
  const traded = [...new Set(f.trades.filter((t) => defaulters.has(t.trader_id)).map((t) => t.trader_id))].sort(compareAgentIds);
  const d = plural(f.defaulters.length, 'defaulting trader');
  if (traded.length === 0) {
    return {
      code: 'defaulters_never_traded',
      detail: `none of the ${d} (${list(f.defaulters)}) traded; the ${trades} were by traders who did not default`,
    };
  }
  const who =
    traded.length < f.defaulters.length
      ? `${traded.length} of the ${d}`
      : f.defaulters.length === 1
        ? 'the defaulting trader'
        : `all ${f.defaulters.length} defaulting traders`;
  return { code: 'trades_insufficient', detail: `${who} traded (${list(traded)}), yet no liability changed outcome` };
}
