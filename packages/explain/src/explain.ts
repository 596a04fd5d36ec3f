import { D, canon } from '@ring/engine';
import { armView, defaultersOf } from './arms';
import type { ArmView } from './arms';
import { OUTCOME_CLASSES, attribute, faceCounts, linkTrades } from './attribution';
import type { Attribution } from './attribution';
import { ExplainInputError } from './errors';
import { horizonRows } from './horizons';
import { liquidityRows, traderOutcomes } from './liquidity';
import type { TraderOutcome } from './liquidity';
import { NO_DIFFERENCE_REASONS, noDifferenceReason } from './reasons';
import { StrategyTally } from './strategies';
import type { ArmRows, Explanation, ExplanationTotals, HorizonRow, MissingPart, PairExplanation, PairRows } from './types';

/** Options of {@link explainPair} and {@link explainSweep}. */
export interface ExplainOptions {
  /**
   * Buckets of `by_initial_liquidity`: the fixed cash/debt edges of `trader_initial_state.csv`
   * (default of {@link explainPair}) or quintiles of the ratios of all traders (default of
   * {@link explainSweep}).
   */
  readonly liquidityBuckets?: 'fixed' | 'quantile';
}

/** Why each part can be missing: the file it needs and what is done without it. */
const MISSING_REASONS: Record<string, { part: MissingPart['part']; file: string; reason: string }> = {
  liabilities: {
    part: 'attribution',
    file: 'liabilities.csv',
    reason:
      'written before ring wrote liabilities.csv: attribution falls back to repayment_events.csv, which ends at each run’s last simulated day, so liabilities due after both arms’ last days are not listed',
  },
  liquidityLiabilities: {
    part: 'by_initial_liquidity',
    file: 'liabilities.csv',
    reason: 'by_initial_liquidity needs every liability of the created set (liabilities.csv): these pairs are left out',
  },
  initialState: {
    part: 'by_initial_liquidity',
    file: 'trader_initial_state.csv',
    reason: 'written before ring wrote trader_initial_state.csv: these pairs are left out of by_initial_liquidity',
  },
  repayments: {
    part: 'strategies',
    file: 'repayment_events.csv',
    reason: 'strategy classes come from repayment_events.csv: these runs are left out',
  },
  inventory: { part: 'horizons', file: 'inventory_timeseries.csv', reason: 'no dealer inventory: these pairs have no horizon rows' },
  systemState: {
    part: 'horizons',
    file: 'system_state_timeseries.csv',
    reason: 'no remaining debt stock: these pairs have no horizon rows',
  },
  trades: {
    part: 'no_difference_reasons',
    file: 'trades.csv',
    reason: 'without the active arm’s trades a no-difference pair gets no reason and saved/harmed liabilities no trades',
  },
};

/** Runs missing each input, in first-seen order. */
class MissingTally {
  private readonly counts = new Map<string, number>();
  note(key: keyof typeof MISSING_REASONS, runs = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + runs);
  }
  parts(extra: string[]): MissingPart[] {
    return [...this.counts].map(([key, runs]) => {
      const m = MISSING_REASONS[key]!;
      return {
        part: m.part,
        file: m.file,
        runs,
        reason: key === 'liabilities' && extra.length > 0 ? `${m.reason} (${extra.join('; ')})` : m.reason,
      };
    });
  }
}

/** δ_passive vs δ_active by the sign of the exact rationals U/S (docs/model.md §11), else by the sign of the D difference. */
function effectClass(p: ArmView, a: ArmView, effect: string | null): PairExplanation['effect_class'] {
  if (p.createdFace !== null && a.createdFace !== null && p.unsettledFace !== null && a.unsettledFace !== null) {
    if (p.createdFace === 0n || a.createdFace === 0n) return null;
    const diff = p.unsettledFace * a.createdFace - a.unsettledFace * p.createdFace;
    return diff > 0n ? 'improved' : diff < 0n ? 'worsened' : 'unchanged';
  }
  if (effect === null) return null;
  const e = new D(effect);
  return e.gt(0) ? 'improved' : e.lt(0) ? 'worsened' : 'unchanged';
}

/** The passive arm's configuration without `regime` (the pair's configuration). */
function pairConfig(rows: ArmRows): Record<string, unknown> | null {
  if (!rows.config) return null;
  const { regime: _, ...rest } = rows.config as Record<string, unknown>;
  return rest;
}

/** Unsettled liabilities of an arm, for the reason detail. */
function unsettledOf(arm: ArmView): { count: number; face: string } {
  let count = 0;
  let face = 0n;
  for (const l of arm.liabilities.values()) {
    if (l.settled) continue;
    count++;
    face += l.face;
  }
  return { count, face: (arm.unsettledFace ?? face).toString() };
}

/** Everything one pair contributes to an explanation. */
interface PairPart {
  readonly pair: PairExplanation;
  readonly attribution: Attribution;
  readonly traders: TraderOutcome[] | null;
  readonly horizons: HorizonRow[] | null;
}

function explainOne(rows: PairRows, strategies: StrategyTally, missing: MissingTally, unlisted: string[]): PairPart {
  const p = armView(rows.passive, 'passive');
  const a = armView(rows.active, 'active');
  if (p.pairId !== null && a.pairId !== null && p.pairId !== a.pairId) {
    throw new ExplainInputError('ARMS_MISMATCH', 'pair_id', `the arms belong to different pairs (${p.pairId}, ${a.pairId})`);
  }
  if (p.runId !== null && p.runId === a.runId) throw new ExplainInputError('ARMS_MISMATCH', 'run_id', `both arms are run ${p.runId}`);
  const pairId = p.pairId ?? a.pairId;
  for (const arm of [rows.passive, rows.active]) {
    if (!arm.liabilities) missing.note('liabilities');
    if (!arm.initialState) missing.note('initialState');
    if (!arm.repayments) missing.note('repayments');
  }
  if (!rows.active.inventory) missing.note('inventory');
  if (!rows.active.systemState) missing.note('systemState');
  const trades = rows.active.trades ?? null;
  if (!trades) missing.note('trades');

  const att = attribute(p, a);
  if (att.unlistedFace !== null && att.unlistedFace > 0n) unlisted.push(`${pairId ?? p.runId}: face ${att.unlistedFace} unlisted`);
  const ids = new Set([...p.liabilities.keys(), ...a.liabilities.keys()]);
  const dp = p.delta;
  const da = a.delta;
  const effect = dp !== null && da !== null ? canon(new D(dp).minus(da)) : null;
  const cls = effectClass(p, a, effect);
  const dA = defaultersOf(a);
  const dP = defaultersOf(p);
  const tradedBy = new Set((trades ?? []).map((t) => t.trader_id));
  const reason =
    cls === 'unchanged' && trades
      ? noDifferenceReason({
          trades,
          everySettled:
            p.unsettledFace !== null && a.unsettledFace !== null
              ? p.unsettledFace === 0n && a.unsettledFace === 0n
              : unsettledOf(p).count + unsettledOf(a).count === 0,
          saved: { count: att.classes.saved.count, face: att.classes.saved.face.toString() },
          harmed: { count: att.classes.harmed.count, face: att.classes.harmed.face.toString() },
          defaulters: dA.debtors,
          lastDefaultDay: dA.lastDay,
          finalDay: a.finalDay,
          unsettled: unsettledOf(a),
        })
      : null;
  const pair: PairExplanation = {
    pair_id: pairId,
    profile: p.profile ?? a.profile,
    config: pairConfig(rows.passive),
    passive_run_id: p.runId,
    active_run_id: a.runId,
    delta_passive: dp,
    delta_active: da,
    trading_effect: effect,
    effect_class: cls,
    total_trades: trades ? trades.length : null,
    total_face: p.createdFace?.toString() ?? null,
    total_face_active: a.createdFace?.toString() ?? null,
    liabilities: faceCounts(att.classes),
    saved: linkTrades(att.saved, trades ?? [], ids),
    harmed: linkTrades(att.harmed, trades ?? [], ids),
    defaulters: dA.debtors.length,
    defaulters_who_traded: dA.debtors.filter((d) => tradedBy.has(d)).length,
    defaulters_passive: dP.debtors.length,
    final_day_passive: p.finalDay,
    final_day_active: a.finalDay,
    no_difference_reason: reason?.code ?? null,
    no_difference_detail: reason?.detail ?? null,
  };

  if (rows.passive.repayments) strategies.add('passive', rows.passive.repayments);
  if (rows.active.repayments) strategies.add('active', rows.active.repayments);
  const initial = rows.passive.initialState ?? rows.active.initialState ?? null;
  let traders: TraderOutcome[] | null = null;
  if (initial && p.complete && a.complete)
    traders = traderOutcomes(initial, p, a, { passive: new Set(dP.debtors), active: new Set(dA.debtors) });
  else if (initial) missing.note('liquidityLiabilities');
  return { pair, attribution: att, traders, horizons: horizonRows(pairId, rows.passive, rows.active) };
}

function emptyTotals(): ExplanationTotals {
  return {
    pairs: 0,
    improved: 0,
    unchanged: 0,
    worsened: 0,
    undetermined: 0,
    no_difference: Object.fromEntries(NO_DIFFERENCE_REASONS.map((r) => [r, 0])) as ExplanationTotals['no_difference'],
    liabilities: Object.fromEntries(OUTCOME_CLASSES.map((c) => [c, { count: 0, face: '0' }])) as ExplanationTotals['liabilities'],
  };
}

/**
 * Explain a sweep: every pair (in the order given) with its paired outcome attribution and, for
 * pairs with Δ = 0, its no-difference reason; default rates by initial liquidity (quintile buckets
 * over all traders by default), the strategy classes per arm and the horizon rows of every pair.
 * Pairs are consumed one at a time, so an iterable can stream them from disk. Pure.
 */
export function explainSweep(pairs: Iterable<PairRows>, options: ExplainOptions = {}): Explanation {
  const mode = options.liquidityBuckets ?? 'quantile';
  const strategies = new StrategyTally();
  const missing = new MissingTally();
  const unlisted: string[] = [];
  const out: PairExplanation[] = [];
  const traders: TraderOutcome[] = [];
  const horizons: HorizonRow[] = [];
  const totals = emptyTotals();
  const faces = Object.fromEntries(OUTCOME_CLASSES.map((c) => [c, 0n])) as Record<string, bigint>;
  for (const rows of pairs) {
    const part = explainOne(rows, strategies, missing, unlisted);
    out.push(part.pair);
    if (part.traders) traders.push(...part.traders);
    if (part.horizons) horizons.push(...part.horizons);
    totals.pairs++;
    const cls = part.pair.effect_class;
    if (cls === null) totals.undetermined++;
    else totals[cls]++;
    if (part.pair.no_difference_reason) totals.no_difference[part.pair.no_difference_reason]++;
    for (const c of OUTCOME_CLASSES) {
      totals.liabilities[c].count += part.attribution.classes[c].count;
      faces[c]! += part.attribution.classes[c].face;
    }
  }
  for (const c of OUTCOME_CLASSES) totals.liabilities[c].face = faces[c]!.toString();
  return {
    pairs: out,
    liquidity_buckets: mode,
    by_initial_liquidity: liquidityRows(traders, mode),
    strategies: strategies.rows(),
    horizons,
    totals,
    missing: missing.parts(unlisted.slice(0, 3).concat(unlisted.length > 3 ? [`… ${unlisted.length - 3} more pairs`] : [])),
  };
}

/**
 * Explain one passive/active pair from the rows of its two arms (`RunRows` from
 * `createRunCollector`, `RunDirectoryContents` from `readRunDirectory`, or hand-built rows):
 * which liabilities trading saved or harmed and through which trades, and why Δ = 0 when it is.
 * `by_initial_liquidity` uses the fixed cash/debt buckets. Throws {@link ExplainInputError} when
 * an arm has neither liability nor repayment rows, or the arms do not form a pair.
 */
export function explainPair(passive: ArmRows, active: ArmRows, options: ExplainOptions = {}): Explanation {
  return explainSweep([{ passive, active }], { liquidityBuckets: 'fixed', ...options });
}
