/**
 * Properties on the real DuckDB: any D(28) value reads back as exactly the text written (with its
 * DOUBLE companion equal to Number(text)), cents of any 64-bit size stay exact, and writes are
 * idempotent — any sequence of upserts leaves one row per key, holding the last value written.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from './open';
import type { RingStore } from './db';
import { tempDir } from './test-fixtures';

let store: RingStore;
beforeAll(async () => {
  store = await openStore(join(tempDir(), 'prop.duckdb'));
});
afterAll(() => store.close());

/** A plain decimal string of at most 28 significant digits at any scale, as decimal.js writes D(28) values. */
const d28 = fc
  .tuple(fc.boolean(), fc.stringMatching(/^[1-9][0-9]{0,27}$/), fc.integer({ min: -30, max: 30 }))
  .map(([neg, digits, shift]) => {
    const trimmed = digits.replace(/0+$/, '') || digits;
    const point = trimmed.length + shift;
    const body =
      point <= 0
        ? `0.${'0'.repeat(-point)}${trimmed}`
        : point >= trimmed.length
          ? trimmed + '0'.repeat(point - trimmed.length)
          : `${trimmed.slice(0, point)}.${trimmed.slice(point)}`;
    return (neg ? '-' : '') + body;
  });

describe('round trip', () => {
  it('every D(28) value reads back as the string written', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(d28, { minLength: 1, maxLength: 20 }), async (values) => {
        const rows = values.map((v, i) => ({ run_id: `r${i}`, delta: v, phi: v.startsWith('-') ? v.slice(1) : `-${v}` }));
        await store.run('DELETE FROM runs');
        await store.writeRows('runs', rows);
        const back = await store.rows('SELECT run_id, delta, delta_num, CAST(delta AS DOUBLE) AS cast, phi FROM runs');
        const byId = new Map(back.map((r) => [r.run_id, r]));
        rows.forEach((r) => {
          const b = byId.get(r.run_id)!;
          expect(b.delta).toBe(r.delta);
          expect(b.phi).toBe(r.phi);
          expect(b.delta_num).toBe(Number(r.delta));
          // the companion the appender fills (Number(text)) is the value DuckDB's cast of the text gives
          expect(b.delta_num).toBe(b.cast);
        });
      }),
      { numRuns: 40 },
    );
  });

  it('cents of any 64-bit size stay exact', async () => {
    await fc.assert(
      fc.asyncProperty(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), async (cents) => {
        await store.run('DELETE FROM policy_evaluations');
        await store.writeRows('policy_evaluations', [{ evaluation_id: 'e', delta_sum: cents }]);
        const back = await store.rows('SELECT delta_sum FROM policy_evaluations');
        expect(back).toEqual([{ delta_sum: cents }]);
      }),
      { numRuns: 40 },
    );
  });
});

describe('idempotent writes', () => {
  it('any sequence of upserts leaves one row per key with the last value', async () => {
    const write = fc.array(fc.record({ id: fc.integer({ min: 0, max: 9 }), v: d28 }), { minLength: 1, maxLength: 15 });
    await fc.assert(
      fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 4 }), async (writes) => {
        await store.run('DELETE FROM runs');
        const last = new Map<string, string>();
        for (const w of writes) {
          await store.writeRows(
            'runs',
            w.map((x) => ({ run_id: `run_${x.id}`, delta: x.v })),
          );
          for (const x of w) last.set(`run_${x.id}`, x.v);
        }
        const back = await store.rows('SELECT run_id, delta FROM runs ORDER BY run_id');
        expect(back).toEqual([...last].sort(([a], [b]) => (a < b ? -1 : 1)).map(([run_id, delta]) => ({ run_id, delta })));
      }),
      { numRuns: 30 },
    );
  });
});
