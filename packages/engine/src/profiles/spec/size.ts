import { D } from '../../decimal';
import type { SpecRunConfig } from './config';

// Measured on Node 20 (bench/size-guard notes in the engine README): the opening book keeps per
// ticket an Int32 cohort, an Int32 owner, an Int8 label and a slot in a holdings list, twice (the
// cached book and the run's copy), plus the generator's and ledger's per-trader objects.
const PER_TICKET = 48;
const PER_TRADER = 2_000;
const BASE = 8_000_000;

/** Bytes one `spec` run allocates at most, from the configuration alone (the CLI's size guard). */
export function estimateSpecBytes(c: SpecRunConfig): number {
  const S = new D(c.ticketSize);
  const face = c.scenario ? c.scenario.payables.reduce((s, p) => s.plus(p.amount), new D(0)) : new D(c.qTotal);
  const tickets = face.div(S).toNumber();
  return BASE + PER_TRADER * c.nAgents + PER_TICKET * tickets;
}
