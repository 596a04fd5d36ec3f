/**
 * The grid of the published 2025 sweep (docs/experiment-paper2025.md §1), in its loop order: ρ outermost,
 * μ innermost. The `paper2025` preset runs it as published; `spec-default` runs the same grid
 * under the `spec` profile.
 */
export const PUBLISHED_2025_AXES = [
  { key: 'outsideMidRatio', values: ['1', '0.9', '0.8', '0.75', '0.5'] },
  { key: 'kappa', values: ['0.25', '0.5', '1', '2', '4'] },
  { key: 'concentration', values: ['0.2', '0.5', '1', '2', '5'] },
  { key: 'mu', values: ['0', '0.25', '0.5', '0.75', '1'] },
] as const;
