/**
 * Worker entry of the comparison pool (`dist/arm-worker.js`, its own tsup entry like the sweep pool's
 * `dist/worker.js`): tinypool calls the named export `runArmJobsTask`. A separate entry keeps the task
 * out of the package's public API.
 */
import type { ArmJob, ArmOutcome } from './compare';
import { runArmJob } from './compare';

/** Worker task of the comparison pool: a contiguous chunk of arm jobs, run in order. */
export function runArmJobsTask(jobs: readonly ArmJob[]): ArmOutcome[] {
  return jobs.map(runArmJob);
}
