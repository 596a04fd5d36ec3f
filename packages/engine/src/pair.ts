import { D, canon } from './decimal';
import { resolveConfig, withRegime } from './config';
import { ConfigValidationError } from './errors';
import type { RunConfig, RunConfigInput } from './config';
import type { RingEventKind, RingObserver } from './events';
import { RING_EVENT_KINDS } from './events';
import type { RunResult } from './outcome';
import { runWithProfile } from './profiles';

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** Receives every event of the run in order. Omit it and the engine builds no event objects. */
  readonly observer?: RingObserver;
  /**
   * Only these kinds of event are built and delivered to the observer (default: every kind). An
   * observer that reads a few kinds makes a run faster by naming them: per-ticket `rebucket`
   * events and per-day `snapshot`s are most of the cost of a fully observed `spec` run. The
   * simulation itself, and so the result, never depends on this choice.
   */
  readonly events?: readonly RingEventKind[];
}

function isResolved(c: RunConfig | RunConfigInput): c is RunConfig {
  return (c as RunConfig).schema === 'ring-run/1';
}

/**
 * Run one simulation. Accepts a raw input (validated and resolved first; a bad field throws
 * {@link ConfigValidationError} before any work) or an already resolved configuration.
 */
export function simulate(config: RunConfig | RunConfigInput, options: SimulateOptions = {}): RunResult {
  const cfg = isResolved(config) ? config : resolveConfig(config);
  const { observer, events } = options;
  if (events !== undefined && !Array.isArray(events))
    throw new ConfigValidationError('EVENTS_INVALID', 'events', `an array of event kinds (${RING_EVENT_KINDS.join(', ')})`, events);
  for (const k of events ?? []) {
    if (!RING_EVENT_KINDS.includes(k))
      throw new ConfigValidationError('EVENTS_INVALID', 'events', `event kinds among ${RING_EVENT_KINDS.join(', ')}`, k);
  }
  if (!observer || events === undefined) return runWithProfile(cfg, observer);
  const wanted = new Set<RingEventKind>(events);
  if (wanted.size === RING_EVENT_KINDS.length) return runWithProfile(cfg, observer);
  return runWithProfile(
    cfg,
    (e) => {
      if (wanted.has(e.kind)) observer(e);
    },
    wanted,
  );
}

/** Pair-level effect class decided on exact rationals (docs/model.md §11). */
export type EffectClass = 'improved' | 'unchanged' | 'worsened';
/** Baseline stress regime by δ_passive (docs/model.md §11). */
export type StressRegime = 'low' | 'medium' | 'catastrophic';

/** A passive/active pair sharing one configuration and seed (docs/model.md §10, §11). */
export interface PairResult {
  readonly pairId: string;
  readonly passive: RunResult;
  readonly active: RunResult;
  /** Δ = δ_passive − δ_active (D string), null if either δ is undefined. */
  readonly tradingEffect: string | null;
  /** Δ/δ_passive, or 0 if δ_passive = 0. */
  readonly tradingReliefRatio: string | null;
  readonly effectClass: EffectClass | null;
  readonly stressRegime: StressRegime | null;
}

/** Options of {@link runPair}: one observer per arm. */
export interface PairOptions {
  readonly observer?: (regime: 'passive' | 'active') => RingObserver | undefined;
}

/** Compare two exact rationals num/den (den > 0). */
function cmpRational(a: { num: string; den: string }, b: { num: string; den: string }): number {
  const l = BigInt(a.num) * BigInt(b.den);
  const r = BigInt(b.num) * BigInt(a.den);
  return l < r ? -1 : l > r ? 1 : 0;
}

/** Pair-level metrics of docs/model.md §11 from two run results. */
export function pairMetrics(passive: RunResult, active: RunResult): Omit<PairResult, 'pairId' | 'passive' | 'active'> {
  if (passive.delta === null || active.delta === null || !passive.deltaExact || !active.deltaExact) {
    return { tradingEffect: null, tradingReliefRatio: null, effectClass: null, stressRegime: null };
  }
  const dp = new D(passive.delta);
  const effect = dp.minus(active.delta);
  const relief = dp.isZero() ? new D(0) : effect.div(dp);
  const c = cmpRational(passive.deltaExact, active.deltaExact);
  const effectClass: EffectClass = c > 0 ? 'improved' : c < 0 ? 'worsened' : 'unchanged';
  const stressRegime: StressRegime = dp.lt('0.1') ? 'low' : dp.lte('0.9') ? 'medium' : 'catastrophic';
  return { tradingEffect: canon(effect), tradingReliefRatio: canon(relief), effectClass, stressRegime };
}

/** Run both arms of a pair from one configuration (its `regime` is ignored). */
export function runPair(config: RunConfig | RunConfigInput, options: PairOptions = {}): PairResult {
  const cfg = isResolved(config) ? config : resolveConfig(config);
  const passive = simulate(withRegime(cfg, 'passive'), { observer: options.observer?.('passive') });
  const active = simulate(withRegime(cfg, 'active'), { observer: options.observer?.('active') });
  return { pairId: passive.pairId, passive, active, ...pairMetrics(passive, active) };
}
