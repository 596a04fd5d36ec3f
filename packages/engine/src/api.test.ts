/**
 * The public surface of @ring/engine, pinned: the runtime exports of src/index.ts, sorted. Adding or
 * removing an export fails here until this list is updated on purpose (and the README names it and a
 * changeset records it).
 */
import { describe, expect, it } from 'vitest';
import * as api from './index';

const PUBLIC_API = [
  'BILANCIO2026_KEYS',
  'ConfigValidationError',
  'D',
  'DEFAULT_PROFILE',
  'PUBLISHED_2025_AXES',
  'PyRandom',
  'RING_EVENT_KINDS',
  'RingError',
  'UnknownConfigKeyError',
  'canon',
  'canonicalJson',
  'configOutputs',
  'dec',
  'defaultPolicy',
  'estimateRunBytes',
  'getProfile',
  'isProfileName',
  'isRingError',
  'keyDoc',
  'keyOwners',
  'nearest',
  'outcomeMetrics',
  'pairId',
  'pairMetrics',
  'parseKeyText',
  'policyProfiles',
  'profileJsonSchema',
  'profileKeys',
  'profileNames',
  'resolveBilancio2026Config',
  'resolveConfig',
  'resolvePolicyOverride',
  'runBilancio2026',
  'runBilancio2026Pair',
  'runId',
  'runPair',
  'runParameters',
  'seed32',
  'simulate',
  'sweepPresets',
  'withRegime',
];

describe('@ring/engine public API', () => {
  it('exports exactly the pinned runtime names', () => {
    expect(Object.keys(api).sort()).toEqual(PUBLIC_API);
  });
});
