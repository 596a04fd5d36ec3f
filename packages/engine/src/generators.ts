import { D, dec, fromDouble, roundHalfEven } from './decimal';
import type { PyRandom } from './rng';

const M0 = new D('0.01');

/** Half-even rounding of a non-negative double to an integer (Python `round` on a float). */
export function roundHalfEvenDouble(x: number): number {
  const k = Math.floor(x);
  const f = x - k;
  if (f > 0.5) return k + 1;
  if (f < 0.5) return k;
  return k % 2 === 0 ? k : k + 1;
}

function sumD(q: readonly D[]): D {
  let s = new D(0);
  for (const v of q) s = s.plus(v);
  return s;
}

/** Take `amount` from the largest entries first, never below the floor m₀ (docs/model.md §3.1 step 4.2). */
function takeFromLargest(q: D[], amount: D): void {
  const order = q.map((_, i) => i).sort((a, b) => q[b]!.comparedTo(q[a]!) || a - b);
  let rest = amount;
  for (const i of order) {
    if (rest.lte(0)) break;
    const avail = q[i]!.minus(M0);
    if (avail.lte(0)) continue;
    const t = avail.lte(rest) ? avail : rest;
    q[i] = q[i]!.minus(t);
    rest = rest.minus(t);
  }
}

/**
 * Dirichlet amounts of docs/model.md §3.1: N gamma draws from `rng`, normalised to Q in D(28),
 * the ensure-positive guard, then the optional monotonicity ordering and swaps.
 */
export function dirichletAmounts(rng: PyRandom, n: number, concentration: D, qTotal: D, monotonicity: D): D[] {
  const alpha = concentration.toNumber();
  const d: D[] = [];
  for (let i = 0; i < n; i++) d.push(fromDouble(rng.gammavariate(alpha)));
  const w = sumD(d);
  const q: D[] = [];
  let running = new D(0);
  for (let i = 0; i < n - 1; i++) {
    const qi = qTotal.times(d[i]!).div(w);
    q.push(qi);
    running = running.plus(qi);
  }
  q.push(qTotal.minus(running));

  // ensure-positive
  let deficit = new D(0);
  for (let i = 0; i < n; i++) {
    if (q[i]!.lte(0)) {
      deficit = deficit.plus(M0.minus(q[i]!));
      q[i] = M0;
    }
  }
  if (deficit.gt(0)) takeFromLargest(q, deficit);
  const diff = sumD(q).minus(qTotal);
  if (diff.gt(0)) takeFromLargest(q, diff);
  else if (diff.lt(0)) q[n - 1] = q[n - 1]!.minus(diff);
  for (let i = 0; i < n; i++) if (q[i]!.lt(M0)) q[i] = M0;
  const s = sumD(q);
  if (!s.eq(qTotal)) {
    q[n - 1] = q[n - 1]!.plus(qTotal.minus(s));
    if (q[n - 1]!.lt(M0)) q[n - 1] = M0;
  }

  const m = monotonicity.toNumber();
  if (Math.abs(m) >= 1e-9) {
    const idx = q.map((_, i) => i);
    idx.sort((a, b) => (m >= 0 ? q[b]!.comparedTo(q[a]!) : q[a]!.comparedTo(q[b]!)) || a - b);
    const sorted = idx.map((i) => q[i]!);
    if (Math.abs(m) < 1 - 1e-9) {
      const swaps = Math.min(roundHalfEvenDouble((1 - Math.abs(m)) * n * Math.max(1, n - 1)), n * (n - 1));
      for (let k = 0; k < swaps; k++) {
        const j = rng.randrange(n - 1);
        const t = sorted[j]!;
        sorted[j] = sorted[j + 1]!;
        sorted[j + 1] = t;
      }
    }
    return sorted;
  }
  return q;
}

/** The due-day lead of docs/model.md §3.2: half-even rounding of μ·(T−1), exact (`spec`) or in doubles (`paper2025`). */
export function dueDayLead(mu: D, maturityDays: number, exactProduct: boolean): number {
  const s = maturityDays - 1;
  const lead = exactProduct ? roundHalfEven(mu.times(s)).toNumber() : roundHalfEvenDouble(mu.toNumber() * s);
  return Math.min(Math.max(lead, 0), s);
}

/** Deterministic lead–lag due days of docs/model.md §3.2, for traders H1 … HN. */
export function dueDays(n: number, maturityDays: number, mu: D, exactProduct: boolean): number[] {
  if (maturityDays <= 1) return Array.from({ length: n }, () => 1);
  const lead = dueDayLead(mu, maturityDays, exactProduct);
  if (lead === 0) return Array.from({ length: n }, () => 1);
  const cyc = maturityDays;
  return Array.from({ length: n }, (_, i) => ((cyc + ((i * lead) % cyc) - lead) % cyc) + 1);
}

/**
 * Largest-remainder apportionment of `units` over exact decimal weights (docs/model.md §3.3 step 2):
 * floors of the exact quotas, the remaining units to the largest fractional parts, ties to the lower index.
 */
export function largestRemainder(units: bigint, weights: readonly (D | bigint | number)[]): bigint[] {
  // Each weight as an exact rational num/den with a common power-of-ten denominator.
  const fr = weights.map((w) => toFraction(w));
  const scale = fr.reduce((m, [, d]) => (d > m ? d : m), 1n);
  const nums = fr.map(([nn, d]) => nn * (scale / d));
  const total = nums.reduce((a, b) => a + b, 0n);
  if (total === 0n) return weights.map(() => 0n);
  const floors = nums.map((w) => (units * w) / total);
  const rems = nums.map((w, i) => units * w - floors[i]! * total);
  let left = units - floors.reduce((a, b) => a + b, 0n);
  const order = rems.map((_, i) => i).sort((a, b) => (rems[b]! > rems[a]! ? 1 : rems[b]! < rems[a]! ? -1 : a - b));
  for (const i of order) {
    if (left <= 0n) break;
    floors[i] = floors[i]! + 1n;
    left -= 1n;
  }
  return floors;
}

function toFraction(w: D | bigint | number): [bigint, bigint] {
  if (typeof w === 'bigint') return [w, 1n];
  if (typeof w === 'number') return [BigInt(w), 1n];
  const s = w.toFixed();
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const [ip, fp = ''] = body.split('.');
  const n = BigInt(ip! + fp) * (neg ? -1n : 1n);
  return [n, 10n ** BigInt(fp.length)];
}

export { dec };
