import { availableParallelism } from 'node:os';
import Tinypool from 'tinypool';
import type { ArmExecutor, ArmOutcome } from './compare';

/** A pool of worker threads that run the arm jobs of comparisons. */
export interface ArmPool {
  readonly threads: number;
  /** Pass to {@link comparePoliciesAsync}: runs the jobs in contiguous chunks and returns the outcomes in job order. */
  readonly executor: ArmExecutor;
  destroy(): Promise<void>;
}

/**
 * The worker module: `dist/arm-worker.js` next to the bundled `dist/index.js` (its named export
 * `runArmJobsTask`); when running from the TypeScript sources (tests), a bootstrap that registers tsx
 * in the worker first.
 */
function workerFilename(): string {
  const here = import.meta.url;
  return /\.ts(\?.*)?$/.test(here) ? new URL('./worker-dev.mjs', here).href : new URL('./arm-worker.js', here).href;
}

/**
 * Create a worker pool for comparisons. Results never depend on the number of threads: each
 * worker runs whole runs, and outcomes are reassembled in job order.
 */
export function createArmPool(threads = Math.max(1, availableParallelism())): ArmPool {
  const n = Math.max(1, Math.floor(threads));
  const pool = new Tinypool({ filename: workerFilename(), name: 'runArmJobsTask', minThreads: n, maxThreads: n, idleTimeout: 60_000 });
  const executor: ArmExecutor = async (jobs) => {
    // Pairs (old, new) of one sample stay together; about two chunks per thread balance the load.
    const chunks = Math.min(jobs.length, n * 2);
    const size = Math.ceil(jobs.length / chunks / 2) * 2;
    const parts: Promise<ArmOutcome[]>[] = [];
    for (let i = 0; i < jobs.length; i += size) parts.push(pool.run(jobs.slice(i, i + size)) as Promise<ArmOutcome[]>);
    return (await Promise.all(parts)).flat();
  };
  return { threads: n, executor, destroy: () => pool.destroy() };
}
