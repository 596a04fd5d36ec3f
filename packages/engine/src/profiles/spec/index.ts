import { PUBLISHED_2025_AXES } from '../published-grid';
import type { CommonConfigInput, Profile } from '../types';
import {
  POLICY_KEY_DOCS,
  POLICY_SCHEMA,
  SPEC_INPUT_SCHEMA,
  SPEC_KEYS,
  defaultPolicy,
  resolvePolicyOverride,
  resolveSpecConfig,
  specTraderIds,
} from './config';
import type { SpecConfigInput, SpecRunConfig, TraderPolicyInput } from './config';
import { runSpec } from './run';
import { estimateSpecBytes } from './size';

/** The `spec` profile: the design documents' model (docs/model.md §0). */
export const SPEC_PROFILE: Profile<SpecRunConfig, CommonConfigInput & SpecConfigInput> = {
  name: 'spec',
  summary: "the design documents' model: generated ring, dealers and value-based traders per maturity bucket, trader policies",
  keys: SPEC_KEYS,
  inputSchema: SPEC_INPUT_SCHEMA,
  resolve: (input) => resolveSpecConfig(input as unknown as Readonly<Record<string, unknown>>),
  canonical: (c) => c,
  run: (c, o, w) => runSpec(c, o, undefined, w),
  estimateBytes: estimateSpecBytes,
  bucketNames: (c) => c.buckets.map((b) => b.name),
  // The CLI's default spec ring is the configuration's N (100); smaller rings are allowed from the CLI.
  cliDefaults: { allowSmallRing: true },
  presets: [
    {
      name: 'spec-default',
      summary: 'the published grid and seeds under the spec profile with its defaults',
      // allowSmallRing as in `ring run`, so that run ids agree with the CLI's and small grids are possible.
      base: { nAgents: 100, maturityDays: 10, qTotal: '10000', ticketSize: '1', monotonicity: '0', allowSmallRing: true },
      axes: PUBLISHED_2025_AXES,
    },
  ],
  reporting: { emptyHoldingsHeld: false, tradeWindow2025: false, paperTables: true },
  policy: {
    keys: POLICY_KEY_DOCS,
    schema: POLICY_SCHEMA,
    resolve: (p, field) => resolvePolicyOverride(p as TraderPolicyInput, field),
    traderIds: specTraderIds,
    defaults: defaultPolicy,
  },
};
