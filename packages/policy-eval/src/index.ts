/**
 * @ring/policy-eval — Paired comparisons of regimes and policies, sweeps with replicates and confidence intervals, paper tables.
 * @packageDocumentation
 */
export {};
