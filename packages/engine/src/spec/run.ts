import type { SpecRunConfig } from '../config';
import type { RingObserver } from '../events';
import type { RunResult } from '../outcome';

export function runSpec(_cfg: SpecRunConfig, _observer?: RingObserver): RunResult {
  throw new Error('spec profile: not yet implemented');
}
