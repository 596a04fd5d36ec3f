import { D, roundHalfEven } from '../../decimal';

/** `toLedgerInt` of docs/model.md §3.4: the float round trip, truncated toward zero. */
export function toLedgerInt(x: D): D {
  if (x.isInteger()) return x;
  return new D(Math.trunc(x.toNumber()));
}

/** `toLedgerValue` of docs/model.md §3.4: the float round trip, not truncated. */
export function toLedgerValue(x: D): D {
  if (x.isInteger()) return x;
  return new D(String(x.toNumber()));
}

/** Cash held as an ordered list of pieces (docs/model.md §8.2). */
export class Ledger {
  readonly pieces: D[][];
  danglingPiece = false;
  constructor(nAgents: number) {
    this.pieces = Array.from({ length: nAgents }, () => []);
  }
  mint(a: number, x: D): void {
    this.pieces[a]!.push(x);
  }
  total(a: number): D {
    let s = new D(0);
    for (const p of this.pieces[a]!) s = s.plus(p);
    return s;
  }
  /** Settlement payment: walk the payer's pieces, then coalesce the payee into one piece. */
  transfer(from: number, to: number, x: D): void {
    const src = this.pieces[from]!;
    const dst = this.pieces[to]!;
    let r = x;
    while (r.gt(0) && src.length > 0) {
      const piece = src[0]!;
      if (piece.gt(r)) {
        src[0] = piece.minus(r);
        dst.push(r);
        r = new D(0);
      } else {
        src.shift();
        dst.push(piece);
        r = r.minus(piece);
      }
    }
    let merged = new D(0);
    for (const p of dst) merged = merged.plus(p);
    dst.length = 0;
    dst.push(merged);
  }
  /** Trading-phase burn: whole pieces are deleted (setting the dangling flag); the rest is forgiven. */
  burn(a: number, y: D): void {
    const list = this.pieces[a]!;
    let r = y;
    while (r.gt(0) && list.length > 0) {
      const piece = list[0]!;
      if (piece.lte(r)) {
        r = r.minus(piece);
        list.shift();
        this.danglingPiece = true;
      } else {
        list[0] = piece.minus(roundHalfEven(r));
        r = new D(0);
      }
    }
  }
}
