import { availableParallelism } from 'node:os';
import Tinypool from 'tinypool';
import type { SweepDefinition } from '../sweep/definition';
import type { PairOutput } from '../sweep/records';
import type { PairTask } from './worker';

/** A pool of worker threads that run chunks of sweep pairs. */
export interface PairPool {
  readonly threads: number;
  /** Run the pairs of `indices` (in one worker, in order) and return their outputs in the same order. */
  run(indices: readonly number[]): Promise<PairOutput[]>;
  destroy(): Promise<void>;
}

/** Number of CPUs this process may use (the default worker count). */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

/**
 * The worker entry: `dist/worker.js` next to the bundled `dist/index.js`; when running from the
 * TypeScript sources (tests), a small bootstrap that registers tsx in the worker first.
 */
function workerFilename(): string {
  const here = import.meta.url;
  return /\.ts(\?.*)?$/.test(here) ? new URL('./worker-dev.mjs', here).href : new URL('./worker.js', here).href;
}

/**
 * Create a tinypool pool of `threads` worker threads for one sweep definition. Workers are started
 * eagerly (minThreads = maxThreads) so the first chunks do not pay thread start-up one by one.
 */
export function createPairPool(def: SweepDefinition, threads: number, detailed: boolean): PairPool {
  const n = Math.max(1, Math.floor(threads));
  const pool = new Tinypool({ filename: workerFilename(), minThreads: n, maxThreads: n, idleTimeout: 60_000 });
  return {
    threads: n,
    run: (indices) => pool.run({ def, indices: [...indices], detailed } satisfies PairTask) as Promise<PairOutput[]>,
    destroy: () => pool.destroy(),
  };
}
