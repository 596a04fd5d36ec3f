import type { ModelProfile, Paper2025RunConfig, RunConfig, SpecRunConfig } from './config';
import type { RingObserver } from './events';
import type { RunResult } from './outcome';
import { runPaper2025 } from './paper2025';
import { runSpec } from './spec/run';

/**
 * A model profile as a strategy: how one arm is generated and simulated. The two profiles share
 * the primitives (RNG, generators, kernel, δ) and differ in everything else (model §0), so each
 * owns its whole run loop rather than scattering profile conditionals through one loop.
 */
export interface ProfileStrategy<C extends RunConfig> {
  readonly name: C['profile'];
  run(config: C, observer?: RingObserver): RunResult;
}

export const PROFILES: { readonly spec: ProfileStrategy<SpecRunConfig>; readonly paper2025: ProfileStrategy<Paper2025RunConfig> } = {
  spec: { name: 'spec', run: (c, o) => runSpec(c, o) },
  paper2025: { name: 'paper2025', run: runPaper2025 },
};

/** Run one arm with the strategy of its profile. */
export function runWithProfile(config: RunConfig, observer?: RingObserver): RunResult {
  return config.profile === 'paper2025' ? PROFILES.paper2025.run(config, observer) : PROFILES.spec.run(config, observer);
}

export type { ModelProfile };
