import type { D } from '../../decimal';

/*
 * Memoised D(28) arithmetic for the trading rounds. The reference runs up to 100 rounds a day in
 * which most buy attempts are executed, rejected and reversed with the same operands as in the
 * round before; caching each binary operation by the identity of its (immutable) operands returns
 * the very same result object, so the next operation hits its cache too. The arithmetic and its
 * order are unchanged: a cache hit returns exactly what the operation computed the first time.
 */

type Table = Map<D, Map<D, D>>;

function lookup(table: Table, a: D, b: D, op: (a: D, b: D) => D): D {
  let inner = table.get(a);
  if (inner === undefined) {
    inner = new Map();
    table.set(a, inner);
  }
  let r = inner.get(b);
  if (r === undefined) {
    r = op(a, b);
    inner.set(b, r);
  }
  return r;
}

const plus = (a: D, b: D) => a.plus(b);
const minus = (a: D, b: D) => a.minus(b);
const times = (a: D, b: D) => a.times(b);
const div = (a: D, b: D) => a.div(b);

/** Binary D operations cached by operand identity; `clear` drops every entry (once a day). */
export class DMemo {
  private readonly p: Table = new Map();
  private readonly m: Table = new Map();
  private readonly t: Table = new Map();
  private readonly d: Table = new Map();

  plus(a: D, b: D): D {
    return lookup(this.p, a, b, plus);
  }
  minus(a: D, b: D): D {
    return lookup(this.m, a, b, minus);
  }
  times(a: D, b: D): D {
    return lookup(this.t, a, b, times);
  }
  div(a: D, b: D): D {
    return lookup(this.d, a, b, div);
  }
  clear(): void {
    this.p.clear();
    this.m.clear();
    this.t.clear();
    this.d.clear();
  }
}

/** `x` if it differs in value from `original`, else `original` itself (a reversal that restored the value keeps the object). */
export function same(x: D, original: D): D {
  return x === original || !x.eq(original) ? x : original;
}
