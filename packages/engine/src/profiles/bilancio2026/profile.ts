import type { CommonConfigInput, Profile } from '../types';
import {
  BILANCIO2026_INPUT_SCHEMA,
  BILANCIO2026_KEYS,
  BILANCIO2026_TRADER_KEYS,
  TRADER_PROFILE_SCHEMA,
  bilancio2026Parameters,
  bilancio2026TraderIds,
  resolveBilancio2026Config,
  resolveTraderProfileFields,
} from './config';
import type { Bilancio2026ConfigInput, Bilancio2026RunConfig } from './config';
import { runBilancio2026 } from './run';
import { BUCKETS } from './scenario';
import { estimateBilancio2026Bytes } from './size';

/**
 * The reference's balanced grid (`bilancio sweep balanced`), in its loop order ρ → κ_ref → c → μ:
 * ρ = 0.9 first, κ_ref, c and μ ascending; seed = 42 + pair index (docs/model-bilancio2026.md §1).
 */
const BALANCED_AXES = [
  { key: 'outsideMidRatio', values: ['0.9', '0.5'] },
  { key: 'kappaReference', values: ['0.25', '0.5', '1', '2', '4'] },
  { key: 'concentration', values: ['0.2', '0.5', '1', '2', '5'] },
  { key: 'mu', values: ['0', '0.25', '0.5', '0.75', '1'] },
] as const;

/** The `bilancio2026` profile: the 2026 reference model, exactly (docs/model-bilancio2026.md). */
export const BILANCIO2026_PROFILE: Profile<Bilancio2026RunConfig, CommonConfigInput & Bilancio2026ConfigInput> = {
  name: 'bilancio2026',
  summary:
    'the 2026 reference model: dealers and VBTs with inventory and capital, par-capped quotes, a Bayesian risk assessor, expel-agent defaults, rollover',
  keys: BILANCIO2026_KEYS,
  inputSchema: BILANCIO2026_INPUT_SCHEMA,
  resolve: (input) => resolveBilancio2026Config(input as unknown as Readonly<Record<string, unknown>>),
  // The resolved form keeps the κ key that was given, so the ids follow it.
  canonical: (c) => c,
  parameters: bilancio2026Parameters,
  run: (c, o, w) => runBilancio2026(c, o, w),
  estimateBytes: estimateBilancio2026Bytes,
  bucketNames: () => BUCKETS,
  cliDefaults: {},
  presets: [
    {
      name: 'bilancio2026',
      summary:
        "the reference's balanced grid: ρ ∈ {0.9, 0.5} × κ_ref ∈ {0.25 … 4} (ring κ 4 … 0.25) × c × μ, 250 pairs, seed = 42 + pair index, N = 100",
      base: { nAgents: 100, maturityDays: 10, qTotal: '10000', ticketSize: '20', vbtShare: '0.25', dealerShare: '0.125' },
      axes: BALANCED_AXES,
    },
  ],
  reporting: { emptyHoldingsHeld: false, tradeWindow2025: false, paperTables: false },
  policy: {
    keys: BILANCIO2026_TRADER_KEYS,
    schema: TRADER_PROFILE_SCHEMA,
    resolve: (p, field) => resolveTraderProfileFields(p, field),
    traderIds: bilancio2026TraderIds,
    defaults: (c) => c.traderProfile,
  },
};
