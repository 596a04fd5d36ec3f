import type { ModelProfile, Paper2025RunConfig, RunConfig, SpecRunConfig } from '../config';
import type { RingEventKind, RingObserver } from '../events';
import type { RunResult } from '../outcome';
import { runPaper2025 } from './paper2025/run';
import { runSpec } from './spec/run';

/**
 * A model profile as a strategy: how one arm is generated and simulated. The two profiles share
 * the primitives (RNG, generators, kernel, δ) and differ in everything else (docs/model.md §0), so each
 * owns its whole run loop rather than scattering profile conditionals through one loop.
 */
export interface ProfileStrategy<C extends RunConfig> {
  readonly name: C['profile'];
  /** `wanted`: the event kinds the observer reads (all when absent); a strategy may skip building the others. */
  run(config: C, observer?: RingObserver, wanted?: ReadonlySet<RingEventKind>): RunResult;
}

/** The two model profiles, `spec` and `paper2025`, as strategy objects keyed by profile name. */
export const PROFILES: { readonly spec: ProfileStrategy<SpecRunConfig>; readonly paper2025: ProfileStrategy<Paper2025RunConfig> } = {
  spec: { name: 'spec', run: (c, o, w) => runSpec(c, o, undefined, w) },
  paper2025: { name: 'paper2025', run: runPaper2025 },
};

/** Run one arm with the strategy of its profile. */
export function runWithProfile(config: RunConfig, observer?: RingObserver, wanted?: ReadonlySet<RingEventKind>): RunResult {
  return config.profile === 'paper2025' ? PROFILES.paper2025.run(config, observer, wanted) : PROFILES.spec.run(config, observer, wanted);
}

export type { ModelProfile };
