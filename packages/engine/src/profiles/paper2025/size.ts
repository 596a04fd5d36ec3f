import { D } from '../../decimal';
import type { Paper2025RunConfig } from './config';

// Measured on Node 20: every ticket is an object with its id string and a D face, listed in its
// bucket and its owner's holdings; traders and payables are a few objects each.
const PER_TICKET = 400;
const PER_TRADER = 2_000;
const BASE = 8_000_000;

/** Bytes one `paper2025` run allocates at most, from the configuration alone (the CLI's size guard). */
export function estimatePaper2025Bytes(c: Paper2025RunConfig): number {
  const tickets = new D(c.qTotal).div(c.ticketSize).ceil().toNumber();
  return BASE + PER_TRADER * c.nAgents + PER_TICKET * tickets;
}
