import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { createPairPool } from '../pool/pool';
import { SweepError } from './definition';
import type { SweepDefinition } from './definition';
import { executePair } from './execute';
import type { PairOutput } from './records';
import { WHOLE, planSweep } from './shard';
import type { ShardSpec, SweepPlan } from './shard';

/** Options of {@link runSweep}. */
export interface RunSweepOptions {
  /** Worker threads; 1 (default) runs in this thread. Output never depends on this number. */
  readonly workers?: number;
  /** Run only this shard's slice (default: the whole sweep). */
  readonly shard?: ShardSpec;
  /** Pair indices already finished (e.g. read from a manifest): they are not run again. */
  readonly finished?: Iterable<number>;
  /** Keep every per-run row for per-run directories (larger messages between threads). */
  readonly detailed?: boolean;
  /** Pairs per pool task (default: about 8 tasks per worker, at most 16 pairs). */
  readonly chunkSize?: number;
  /** Stop cleanly: no further pair is handed to `onPair` once the signal is aborted. */
  readonly signal?: AbortSignal;
  /**
   * Receives each finished pair, strictly in ascending pair-index order, one at a time (the
   * runner awaits it before handing over the next one). This is where results are written.
   */
  readonly onPair?: (output: PairOutput) => void | Promise<void>;
}

/** What {@link runSweep} did. */
export interface SweepRunResult {
  readonly plan: SweepPlan;
  /** Pairs run and handed to `onPair` in this call. */
  readonly executed: number;
  readonly aborted: boolean;
  readonly workers: number;
  readonly elapsedMs: number;
}

/**
 * Longest stretch, in ms, an in-thread sweep runs pairs without letting the event loop turn. Short:
 * `ring sweep --db` opens and fills its database through asynchronous calls whose every step waits
 * for a turn (at 50 ms, opening a new database took longer than the paper's whole sweep); a turn
 * with nothing to do costs microseconds.
 */
const YIELD_EVERY_MS = 5;

function chunk<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/**
 * Run a sweep (or one shard of it, or what is left of it): plan the pending pair indices, run
 * them in this thread or on a worker pool, and hand every result to `onPair` in ascending pair
 * index order (a reorder window keeps up to two tasks per worker in flight ahead of the next
 * pair to hand over). Pure orchestration: nothing is written here.
 */
export async function runSweep(def: SweepDefinition, options: RunSweepOptions = {}): Promise<SweepRunResult> {
  const started = performance.now();
  const plan = planSweep(def, options.shard ?? WHOLE, options.finished ?? []);
  const workers = options.workers ?? 1;
  if (!Number.isSafeInteger(workers) || workers < 1)
    throw new SweepError('WORKERS_INVALID', 'workers', `workers must be an integer ≥ 1 (got ${String(workers)})`);
  const detailed = Boolean(options.detailed);
  const onPair = options.onPair ?? (() => undefined);
  const aborted = () => Boolean(options.signal?.aborted);
  let executed = 0;
  const pending = plan.pending;

  if (workers === 1 || pending.length <= 1) {
    let lastYield = performance.now();
    for (const i of pending) {
      if (aborted()) break;
      const out = executePair(def, i, { detailed });
      await onPair(out);
      executed++;
      // Let the event loop turn every few milliseconds: timers (progress bar), abort handlers, and
      // the sink's own I/O (file streams, a database's calls, each of which completes on this thread).
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await yieldToLoop();
        lastYield = performance.now();
      }
    }
    return { plan, executed, aborted: aborted(), workers: 1, elapsedMs: performance.now() - started };
  }

  const size = options.chunkSize ?? Math.min(16, Math.max(1, Math.ceil(pending.length / (workers * 8))));
  const chunks = chunk(pending, size);
  const threads = Math.min(workers, chunks.length);
  const pool = createPairPool(def, threads, detailed);
  const window = threads * 2;
  const inflight = new Map<number, Promise<PairOutput[]>>();
  let submitted = 0;
  try {
    outer: for (let e = 0; e < chunks.length; e++) {
      while (submitted < chunks.length && submitted < e + window && !aborted()) {
        const p = pool.run(chunks[submitted]!);
        p.catch(() => undefined); // observed below; avoid unhandled rejections of tasks never awaited
        inflight.set(submitted, p);
        submitted++;
      }
      if (aborted()) break;
      const outs = await inflight.get(e)!;
      inflight.delete(e);
      for (const o of outs) {
        if (aborted()) break outer;
        await onPair(o);
        executed++;
      }
    }
  } finally {
    await Promise.allSettled(inflight.values());
    await pool.destroy();
  }
  return { plan, executed, aborted: aborted(), workers: threads, elapsedMs: performance.now() - started };
}
