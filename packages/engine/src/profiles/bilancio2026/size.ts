import type { Bilancio2026RunConfig } from './config';

// Measured on Node 20 (peak RSS of one unobserved active run, κ = 1, x86-64): 68 MB at N = 5,
// 129 MB at N = 1,000, 188 MB at N = 3,000, 341 MB at N = 10,000. Every trader issues up to three
// payables (ring, VBT, dealer) and each settled one is rolled over, so memory grows with N only,
// whatever Q and S. Rounded up: 72 MB + 64 KB per trader.
const PER_TRADER = 64 * 2 ** 10;
const BASE = 72 * 2 ** 20;

/** Bytes one `bilancio2026` run allocates at most, from the configuration alone (the CLI's size guard). */
export function estimateBilancio2026Bytes(c: Bilancio2026RunConfig): number {
  return BASE + PER_TRADER * c.nAgents;
}
