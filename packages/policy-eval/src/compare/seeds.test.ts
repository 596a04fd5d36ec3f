import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { iterationSeed, sampleSeed } from './seeds';

const V = JSON.parse(readFileSync(new URL('../../test/fixtures/stats.json', import.meta.url), 'utf8')).seeds as {
  iterationSeed: Record<string, number>;
  sampleSeed: Record<string, number[]>;
};

describe('seeds of docs/policy-eval.md §7 (test/fixtures/stats.json)', () => {
  it.each(Object.entries(V.iterationSeed))('iterationSeed(%s) = %i', (key, expected) => {
    const [master, it_, agent] = key.split(':');
    expect(iterationSeed(Number(master), Number(it_), agent!)).toBe(expected);
  });
  it.each(Object.entries(V.sampleSeed))('sampleSeed(%s, 0 … 2)', (iter, expected) => {
    expect(expected.map((_, i) => sampleSeed(Number(iter), i))).toEqual(expected);
  });
  it('seeds are below 2^31 and every focal key has its own stream (SimCash defect 7)', () => {
    const a = iterationSeed(42, 0, 'H1');
    const b = iterationSeed(42, 0, 'H2');
    expect(a).not.toBe(b);
    for (let i = 0; i < 200; i++) {
      const s = sampleSeed(a, i);
      expect(Number.isSafeInteger(s) && s >= 0 && s < 2 ** 31).toBe(true);
    }
  });
});
