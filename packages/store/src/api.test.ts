/**
 * The public surface of @ring/store, pinned: the runtime exports of src/index.ts, sorted. Adding or
 * removing an export fails here until this list is updated on purpose (and the README names it and a
 * changeset records it).
 */
import { describe, expect, it } from 'vitest';
import * as api from './index';

const PUBLIC_API = [
  'DEFAULT_LOCK_TIMEOUT_MS',
  'RingStore',
  'SCHEMA_VERSION',
  'STORE_TABLES',
  'StoreError',
  'createSweepStoreWriter',
  'exportParquet',
  'mergeStores',
  'openDirectory',
  'openStore',
  'query',
  'resultCsv',
  'resultJson',
  'resultText',
  'writeEvaluation',
  'writeRuns',
  'writeSweep',
];

describe('@ring/store public API', () => {
  it('exports exactly the pinned runtime names', () => {
    expect(Object.keys(api).sort()).toEqual(PUBLIC_API);
  });
});
