import type { PairResult } from '../../pair';
import { pairMetrics } from '../../pair';
import type { RunResult } from '../../outcome';
import type { Bilancio2026RunConfig } from './config';
import { runBilancio2026 } from './run';

/*
 * The `bilancio2026` profile: the 2026 reference model (docs/model-bilancio2026.md). Exports the
 * configuration schema and resolver, one-arm and pair runners, ready to be wrapped by the profile
 * registry.
 */

export {
  BILANCIO2026_KEYS,
  BILANCIO2026_TRADER_DEFAULTS,
  resolveBilancio2026Config,
  kappaReferenceOf,
  traderProfileOf,
} from './config';
export type {
  Bilancio2026RunConfig,
  Bilancio2026TraderProfile,
  Bilancio2026TraderProfileInput,
  Bilancio2026KeyDoc,
  TradingMotive,
} from './config';
export { runBilancio2026 } from './run';

/** Both arms of a `bilancio2026` pair from one configuration (its `regime` is ignored) and the pair metrics. */
export function runBilancio2026Pair(config: Bilancio2026RunConfig): PairResult {
  const passive: RunResult = runBilancio2026({ ...config, regime: 'passive' });
  const active: RunResult = runBilancio2026({ ...config, regime: 'active' });
  return { pairId: passive.pairId, passive, active, ...pairMetrics(passive, active) };
}
