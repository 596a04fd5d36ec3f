import { D } from '../../decimal';
import type { SpecRunConfig } from './config';

// Measured on Node 20 (peak RSS of one unobserved run, x86-64): about 50–70 bytes per ticket (the
// opening book's Int32 cohort and owner, Int8 label and holdings-list slot, kept twice: the cached
// book and the run's copy) and 3–6 KB per trader, over a 60 MB process. Rounded up.
const PER_TICKET = 80;
const PER_TRADER = 8_000;
const BASE = 64 * 2 ** 20;

/** Bytes one `spec` run allocates at most, from the configuration alone (the CLI's size guard). */
export function estimateSpecBytes(c: SpecRunConfig): number {
  const face = c.scenario ? c.scenario.payables.reduce((s, p) => s.plus(p.amount), new D(0)) : new D(c.qTotal);
  const tickets = face.div(c.ticketSize).toNumber();
  const traders = c.scenario ? c.scenario.traders.length : c.nAgents;
  return BASE + PER_TRADER * traders + PER_TICKET * tickets;
}
