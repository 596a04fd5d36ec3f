import { ratioToDouble } from '@ring/metrics';
import { CompareOptionsError } from './errors';
import type { PolicyPairEvaluation } from './types';

/** Options of the acceptance rule (docs/policy-eval.md §10); every field optional. */
export interface AcceptanceOptionsInput {
  /** New default rate may exceed the old one by at most this much (default 0). */
  readonly defaultRateTolerance?: number;
  /** Absolute floor on the new settlement rate (default off). */
  readonly minSettlementRate?: number | null;
  /** Require the paired-delta CI to lie above 0 (bootstrap only; default false). */
  readonly requireStatisticalSignificance?: boolean;
  /** Maximum coefficient of variation cost_std_dev / mean_new_cost (default off). */
  readonly maxCoefficientOfVariation?: number | null;
  /** Minimum relative improvement delta_sum / (N·mean_old_cost), as a fraction (0.05 = 5 %; default off). */
  readonly minImprovementPct?: number | null;
}

/** Acceptance options with every default filled in ({@link resolveAcceptanceOptions}). */
export interface AcceptanceOptions {
  readonly defaultRateTolerance: number;
  readonly minSettlementRate: number | null;
  readonly requireStatisticalSignificance: boolean;
  readonly maxCoefficientOfVariation: number | null;
  readonly minImprovementPct: number | null;
}

/** The decision and its reason string (docs/policy-eval.md §10). */
export interface AcceptanceDecision {
  readonly accepted: boolean;
  readonly reason: string;
}

function num(v: unknown, field: string, allowed: string, ok: (x: number) => boolean): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) throw new CompareOptionsError(field, allowed, v);
  return v;
}

/** Validate the acceptance options; throws {@link CompareOptionsError} naming the field. */
export function resolveAcceptanceOptions(input: AcceptanceOptionsInput = {}, field = 'acceptance'): AcceptanceOptions {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new CompareOptionsError(field, 'an object', input);
  const known = [
    'defaultRateTolerance',
    'minSettlementRate',
    'requireStatisticalSignificance',
    'maxCoefficientOfVariation',
    'minImprovementPct',
  ];
  for (const k of Object.keys(input))
    if (!known.includes(k)) throw new CompareOptionsError(`${field}.${k}`, `one of ${known.join(', ')}`, k);
  const rss = input.requireStatisticalSignificance ?? false;
  if (typeof rss !== 'boolean') throw new CompareOptionsError(`${field}.requireStatisticalSignificance`, 'true or false', rss);
  return {
    defaultRateTolerance: num(
      input.defaultRateTolerance ?? 0,
      `${field}.defaultRateTolerance`,
      'a number in [0, 1]',
      (x) => x >= 0 && x <= 1,
    ),
    minSettlementRate:
      input.minSettlementRate == null
        ? null
        : num(input.minSettlementRate, `${field}.minSettlementRate`, 'a number in [0, 1]', (x) => x >= 0 && x <= 1),
    requireStatisticalSignificance: rss,
    maxCoefficientOfVariation:
      input.maxCoefficientOfVariation == null
        ? null
        : num(input.maxCoefficientOfVariation, `${field}.maxCoefficientOfVariation`, 'a number > 0', (x) => x > 0),
    minImprovementPct:
      input.minImprovementPct == null
        ? null
        : num(input.minImprovementPct, `${field}.minImprovementPct`, 'a finite number (a fraction, 0.05 = 5 %)', () => true),
  };
}

/**
 * The acceptance rule of docs/policy-eval.md §10, applied in order; the first failing step rejects.
 * 1. default guard (both modes) and the optional settlement floor; 2. delta_sum > 0 (ties rejected);
 * 3. significance on the paired-delta CI (bootstrap; deterministic records "no CI (deterministic)");
 * 4. coefficient of variation; 5. relative improvement.
 */
export function decideAcceptance(ev: PolicyPairEvaluation, options: AcceptanceOptionsInput | AcceptanceOptions = {}): AcceptanceDecision {
  const o = resolveAcceptanceOptions(options);
  if (ev.default_rate > ev.old_default_rate + o.defaultRateTolerance) {
    return { accepted: false, reason: `default rate ${ev.default_rate} above old ${ev.old_default_rate}` };
  }
  if (o.minSettlementRate !== null && ev.settlement_rate < o.minSettlementRate) {
    return { accepted: false, reason: `settlement rate ${ev.settlement_rate} below minimum ${o.minSettlementRate}` };
  }
  if (ev.delta_sum <= 0n) return { accepted: false, reason: 'delta_sum ≤ 0' };
  const passed = ['passed: delta_sum > 0'];
  if (o.requireStatisticalSignificance) {
    if (ev.delta_ci_95 === null) {
      passed.push(ev.sampling === 'deterministic' ? 'no CI (deterministic)' : 'no CI (N < 2)');
    } else if (ev.delta_ci_95[0] <= 0n) {
      return { accepted: false, reason: 'delta CI includes 0' };
    } else {
      passed.push('delta CI > 0');
    }
  }
  if (o.maxCoefficientOfVariation !== null && ev.cost_std_dev !== null && ev.mean_new_cost > 0n) {
    const cv = ratioToDouble(ev.cost_std_dev, ev.mean_new_cost);
    if (cv > o.maxCoefficientOfVariation) return { accepted: false, reason: `CV ${cv} above max ${o.maxCoefficientOfVariation}` };
    passed.push(`CV ≤ ${o.maxCoefficientOfVariation}`);
  }
  if (o.minImprovementPct !== null && ev.mean_old_cost > 0n) {
    const imp = ratioToDouble(ev.delta_sum, BigInt(ev.num_samples) * ev.mean_old_cost);
    if (imp < o.minImprovementPct) return { accepted: false, reason: `improvement ${imp} below ${o.minImprovementPct}` };
    passed.push(`improvement ≥ ${o.minImprovementPct}`);
  }
  return { accepted: true, reason: passed.join(', ') };
}
