import { statSync } from 'node:fs';
import type { TableWrite } from './db';

/** Bytes of CSV a value appended from memory is taken to weigh, to compare rows with CSV files. */
const BYTES_PER_VALUE = 10;

/**
 * The second lane's head start, in bytes of CSV: its connection's first batch also opens it and
 * reads the catalog. Measured on the paper's sweep: with it, the two lanes finish together.
 */
const SECOND_LANE_START = 500_000;

const tableName = (part: TableWrite): string => (typeof part.table === 'string' ? part.table : part.table.name);

/** A part's work, in bytes of CSV: the size of its CSV files and texts, plus its rows' values. */
export function partCost(part: TableWrite): number {
  const width = part.rows.length > 0 ? Object.keys(part.rows[0]!).length : 0;
  const csv = (part.csv ?? []).reduce((n, c) => n + ('file' in c ? statSync(c.file).size : c.body.length), 0);
  return part.rows.length * width * BYTES_PER_VALUE + csv;
}

/**
 * Which of two connections writes each table of a batch, so that the two transactions take about
 * the same time side by side. Rows from memory are appended on this thread and CSV files are read
 * on DuckDB's, so the first lane takes every part of rows and the CSV parts are shared out, largest
 * first, each to the lane with less work. A table keeps its lane for good: each connection knows
 * the columns of the tables it wrote (see `RingStore.sibling`).
 */
export class Lanes {
  private readonly lane = new Map<string, 0 | 1>();

  /** The parts of a batch for the first and for the second lane (in the order given). */
  split(parts: readonly TableWrite[]): [TableWrite[], TableWrite[]] {
    const load = [0, SECOND_LANE_START];
    const open: { name: string; cost: number }[] = [];
    for (const part of parts) {
      const name = tableName(part);
      const cost = partCost(part);
      const fixed = this.lane.get(name) ?? (part.csv?.length ? null : 0);
      if (fixed === null) open.push({ name, cost });
      else {
        this.lane.set(name, fixed);
        load[fixed]! += cost;
      }
    }
    for (const { name, cost } of open.sort((a, b) => b.cost - a.cost)) {
      const l = load[1]! < load[0]! ? 1 : 0;
      this.lane.set(name, l);
      load[l]! += cost;
    }
    return [parts.filter((p) => this.lane.get(tableName(p)) === 0), parts.filter((p) => this.lane.get(tableName(p)) === 1)];
  }
}
