import { PUBLISHED_2025_AXES } from '../published-grid';
import type { CommonConfigInput, Profile } from '../types';
import { PAPER2025_INPUT_SCHEMA, PAPER2025_KEYS, resolvePaper2025Config } from './config';
import type { Paper2025ConfigInput, Paper2025RunConfig } from './config';
import { runPaper2025 } from './run';
import { estimatePaper2025Bytes } from './size';

/** The `paper2025` profile: the as-run code of the published 2025 sweep (docs/model.md §0). */
export const PAPER2025_PROFILE: Profile<Paper2025RunConfig, CommonConfigInput & Paper2025ConfigInput> = {
  name: 'paper2025',
  summary: 'the as-run code of the published 2025 sweep (N = 5, S = 20, a big entity, fixed trading rules)',
  keys: PAPER2025_KEYS,
  inputSchema: PAPER2025_INPUT_SCHEMA,
  resolve: (input) => resolvePaper2025Config(input as unknown as Readonly<Record<string, unknown>>),
  canonical: (c) => c,
  run: (c, o) => runPaper2025(c, o),
  estimateBytes: estimatePaper2025Bytes,
  // The 2025 code's buckets are fixed; a run directory's system-state header names them.
  bucketNames: () => null,
  cliDefaults: {},
  presets: [
    {
      name: 'paper2025',
      summary:
        'exactly the published experiment: N = 5, T = 10, Q = 10000, S = 20, β = 0.25, the 5 × 5 × 5 × 5 grid, seed = 42 + pair index',
      base: {
        nAgents: 5,
        maturityDays: 10,
        qTotal: '10000',
        ticketSize: '20',
        monotonicity: '0',
        bigEntityShare: '0.25',
        emulateDisplayAbort: false,
      },
      axes: PUBLISHED_2025_AXES,
    },
  ],
  reporting: { emptyHoldingsHeld: true, tradeWindow2025: true, paperTables: true },
};
