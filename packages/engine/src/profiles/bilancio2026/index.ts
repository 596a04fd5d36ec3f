import type { PairResult } from '../../pair';
import { pairMetrics } from '../../pair';
import type { RunResult } from '../../outcome';
import type { Bilancio2026RunConfig } from './config';
import { runBilancio2026 } from './run';

/*
 * The `bilancio2026` profile: the 2026 reference model (docs/model-bilancio2026.md). Registered in
 * the profile registry as `BILANCIO2026_PROFILE` (./profile.ts); these are its own exports: the
 * configuration schema and resolver, and one-arm and pair runners.
 */

export {
  BILANCIO2026_KEYS,
  BILANCIO2026_TRADER_DEFAULTS,
  BILANCIO2026_TRADER_KEYS,
  resolveBilancio2026Config,
  kappaReferenceOf,
  ringKappaOf,
  traderProfileOf,
} from './config';
export type {
  Bilancio2026RunConfig,
  Bilancio2026ConfigInput,
  Bilancio2026TraderProfile,
  Bilancio2026TraderProfileInput,
  Bilancio2026KeyDoc,
  TradingMotive,
} from './config';
export { BILANCIO2026_PROFILE } from './profile';
export { runBilancio2026 } from './run';

/** Both arms of a `bilancio2026` pair from one configuration (its `regime` is ignored) and the pair metrics. */
export function runBilancio2026Pair(config: Bilancio2026RunConfig): PairResult {
  const passive: RunResult = runBilancio2026({ ...config, regime: 'passive' });
  const active: RunResult = runBilancio2026({ ...config, regime: 'active' });
  return { pairId: passive.pairId, passive, active, ...pairMetrics(passive, active) };
}
