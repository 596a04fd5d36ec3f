/**
 * @ring/policy-eval — Paired comparisons of regimes and policies, sweeps with replicates and confidence intervals, paper tables.
 * @packageDocumentation
 */

// ---- sweeps, worker pool, statistics, paper tables (issue 4) ----
export * from './sweep/index';
export { createPairPool, defaultWorkerCount } from './pool/pool';
export type { PairPool } from './pool/pool';
export * from './stats/index';
// Old-vs-new policy evaluation (policy-eval.md): comparePolicies, statistics, acceptance, records.
export * from './compare/index';
export * from './tables/index';
// What `ring report` shows about a sweep: completed pairs, means per parameter value, strategy totals.
export { completedPairs, effectByParameter, strategyTotals, meanOf } from './report/statistics';
export type { CompletedPair, ParameterGroup, StrategyTotal, StrategyTotals } from './report/statistics';
