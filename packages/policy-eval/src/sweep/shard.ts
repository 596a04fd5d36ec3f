import { SweepError, pairCount } from './definition';
import type { SweepDefinition } from './definition';

/** Shard k of n (1-based k): the pairs whose index i satisfies i mod n = k − 1. */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/** The whole sweep as one shard. */
export const WHOLE: ShardSpec = { index: 1, count: 1 };

/** Parse `k/n` (1 ≤ k ≤ n). */
export function parseShard(text: string): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const k = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(k) || !Number.isSafeInteger(n) || n < 1 || k < 1 || k > n) {
    throw new SweepError('SHARD_INVALID', 'shard', `--shard must be k/n with 1 ≤ k ≤ n (got ${JSON.stringify(text)})`);
  }
  return { index: k, count: n };
}

/** `k/n` */
export function formatShard(s: ShardSpec): string {
  return `${s.index}/${s.count}`;
}

/**
 * The pair indices of a shard, ascending. Round-robin (i mod n = k − 1) rather than contiguous
 * blocks, so every shard gets a similar mix of cells (and of expensive and cheap pairs). The
 * slice depends only on the pair count and n: the same on every machine.
 */
export function shardIndices(def: SweepDefinition, shard: ShardSpec = WHOLE): number[] {
  const total = pairCount(def);
  const out: number[] = [];
  for (let i = shard.index - 1; i < total; i += shard.count) out.push(i);
  return out;
}

/** What a (resumed) sweep will do. */
export interface SweepPlan {
  readonly totalPairs: number;
  /** Pair indices of this shard, ascending. */
  readonly shardIndices: readonly number[];
  /** Indices of this shard that are already finished (skipped). */
  readonly finished: readonly number[];
  /** Indices still to run, ascending. */
  readonly pending: readonly number[];
}

/** Plan a sweep: the shard's slice minus the pairs already finished. */
export function planSweep(def: SweepDefinition, shard: ShardSpec = WHOLE, finished: Iterable<number> = []): SweepPlan {
  const all = shardIndices(def, shard);
  const done = new Set(finished);
  const pending: number[] = [];
  const fin: number[] = [];
  for (const i of all) (done.has(i) ? fin : pending).push(i);
  return { totalPairs: pairCount(def), shardIndices: all, finished: fin, pending };
}
