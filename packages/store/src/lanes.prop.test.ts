/**
 * How a sweep writer shares a batch between its two connections: every part goes to exactly one
 * lane, in the order given; rows from memory always to the first; a table keeps its lane from batch
 * to batch; and the first batch's lanes carry about the same work.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TableWrite } from './db';
import { Lanes, partCost } from './lanes';

const TABLES = ['t0', 't1', 't2', 't3', 't4', 't5', 't6', 't7'];

/** A part of one table: rows from memory, or CSV text of some size. */
const part = (table: string): fc.Arbitrary<TableWrite> =>
  fc.oneof(
    fc.integer({ min: 0, max: 50 }).map((n) => ({ table, rows: Array.from({ length: n }, (_, i) => ({ run_id: `r${i}`, x: i })) })),
    fc
      .integer({ min: 1, max: 2_000_000 })
      .map((n) => ({ table, rows: [], csv: [{ header: 'run_id', body: 'x'.repeat(n) }], replaceKeys: ['r'] })),
  );
/** A batch: some of the tables, each at most once, rows or CSV as the table's first batch had it. */
const kinds = fc.array(fc.boolean(), { minLength: TABLES.length, maxLength: TABLES.length });
const batch = (csvTable: readonly boolean[]) =>
  fc
    .subarray(TABLES, { minLength: 1 })
    .chain((names) => fc.tuple(...names.map((t) => part(t).filter((p) => Boolean(p.csv) === csvTable[TABLES.indexOf(t)]))));

const nameOf = (p: TableWrite) => p.table as string;

describe('Lanes', () => {
  it('puts every part in one lane, keeps order, rows in the first lane, and a table in its lane for good', () => {
    fc.assert(
      fc.property(
        kinds.chain((k) => fc.tuple(fc.constant(k), fc.array(batch(k), { minLength: 1, maxLength: 5 }))),
        ([, batches]) => {
          const lanes = new Lanes();
          const laneOf = new Map<string, number>();
          for (const parts of batches) {
            const [a, b] = lanes.split(parts);
            expect([...a, ...b].sort((x, y) => nameOf(x).localeCompare(nameOf(y)))).toEqual(
              [...parts].sort((x, y) => nameOf(x).localeCompare(nameOf(y))),
            );
            expect(a).toEqual(parts.filter((p) => a.includes(p)));
            expect(b).toEqual(parts.filter((p) => b.includes(p)));
            for (const p of b) expect(p.csv?.length).toBeGreaterThan(0);
            for (const [lane, ps] of [a, b].entries())
              for (const p of ps) {
                expect(laneOf.get(nameOf(p)) ?? lane).toBe(lane);
                laneOf.set(nameOf(p), lane);
              }
          }
        },
      ),
    );
  });

  it("shares a batch's CSV so that a lane that took some ends at most its largest part heavier than the other", () => {
    fc.assert(
      fc.property(kinds.chain(batch), (parts) => {
        const [a, b] = new Lanes().split(parts);
        const load = (ps: TableWrite[]) => ps.reduce((n, p) => n + partCost(p), 0);
        const csv = parts.filter((p) => p.csv).map(partCost);
        const largest = Math.max(0, ...csv);
        // The second lane starts half a megabyte behind (opening its connection). A lane that took a
        // CSV part was the lighter one then: it ends at most that part heavier than the other.
        const second = load(b) + 500_000;
        if (b.length > 0) expect(second - load(a)).toBeLessThanOrEqual(largest);
        if (a.some((p) => p.csv)) expect(load(a) - second).toBeLessThanOrEqual(largest);
      }),
    );
  });
});
