import { createHash } from 'node:crypto';

function sha256(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/**
 * The seed of one evaluation (docs/policy-eval.md §7): the first 4 bytes (big-endian) of
 * SHA-256(`${master}:iter:${iteration}:agent:${key}`) mod 2^31. `key` is the focal trader id or `ALL`.
 */
export function iterationSeed(master: number, iteration: number, key: string): number {
  return sha256(`${master}:iter:${iteration}:agent:${key}`).readUInt32BE(0) % 0x80000000;
}

/** The run seed of bootstrap sample i (docs/policy-eval.md §7): the first 8 bytes (big-endian) of SHA-256(`${iterSeed}:sample:${i}`) mod 2^31. */
export function sampleSeed(iterSeed: number, index: number): number {
  return Number(sha256(`${iterSeed}:sample:${index}`).readBigUInt64BE(0) % 0x80000000n);
}
