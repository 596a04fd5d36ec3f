import type { D } from '../../decimal';

/*
 * Identity helpers for the trading rounds. Up to 100 rounds a day repeat buy attempts that are
 * executed, rejected and reversed with the same operands; keeping equal values as the same
 * (immutable) objects lets the per-day caches of kernel states and replayed attempts recognise a
 * repeat by object identity. No arithmetic changes: a cached sum is exactly the sum computed the
 * first time, and a restored value is equal to the object kept.
 */

/** Sums a + b cached by the identity of the operands; `clear` drops every entry (once a day). */
export class SumCache {
  private readonly table = new Map<D, Map<D, D>>();

  plus(a: D, b: D): D {
    let inner = this.table.get(a);
    if (inner === undefined) {
      inner = new Map();
      this.table.set(a, inner);
    }
    let r = inner.get(b);
    if (r === undefined) {
      r = a.plus(b);
      inner.set(b, r);
    }
    return r;
  }

  clear(): void {
    this.table.clear();
  }
}

/** `x` if it differs in value from `original`, else `original` itself (a reversal that restored the value keeps the object). */
export function same(x: D, original: D): D {
  return x === original || !x.eq(original) ? x : original;
}
