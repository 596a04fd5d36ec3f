import type { Paper2025RunConfig } from './config';

// Measured on Node 20 (peak RSS of one unobserved run, x86-64): one ticket object per payable, so
// memory grows with the traders only — 4–7 KB each over a 60 MB process, whatever Q and S. Rounded up.
const PER_TRADER = 8_000;
const BASE = 64 * 2 ** 20;

/** Bytes one `paper2025` run allocates at most, from the configuration alone (the CLI's size guard). */
export function estimatePaper2025Bytes(c: Paper2025RunConfig): number {
  return BASE + PER_TRADER * c.nAgents;
}
