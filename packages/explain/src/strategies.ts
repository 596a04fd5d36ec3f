import { D, canon } from '@ring/engine';
import { STRATEGIES } from '@ring/metrics';
import type { RepaymentRow, Strategy } from '@ring/metrics';
import type { StrategyRow } from './types';

/** Running sums of one strategy class in one arm. */
interface Sums {
  liabilities: number;
  face: D;
  defaulted: number;
  defaultedFace: D;
}

/**
 * Counts, face and default rate per strategy class (docs/instrumentation.md §3, exactly the `strategy`
 * column of repayment_events.csv) and arm, summed over the runs added.
 */
export class StrategyTally {
  private readonly sums = new Map<string, Sums>();

  /** Add one run's repayment rows. */
  add(regime: 'passive' | 'active', rows: readonly RepaymentRow[]): void {
    for (const r of rows) {
      const key = `${regime}|${r.strategy}`;
      let s = this.sums.get(key);
      if (!s) {
        s = { liabilities: 0, face: new D(0), defaulted: 0, defaultedFace: new D(0) };
        this.sums.set(key, s);
      }
      s.liabilities++;
      s.face = s.face.plus(r.face_value);
      if (r.outcome === 'defaulted') {
        s.defaulted++;
        s.defaultedFace = s.defaultedFace.plus(r.face_value);
      }
    }
  }

  /** One row per arm and class (passive first, classes in instrumentation order), zero rows included. */
  rows(): StrategyRow[] {
    const out: StrategyRow[] = [];
    for (const regime of ['passive', 'active'] as const) {
      for (const strategy of STRATEGIES as readonly Strategy[]) {
        const s = this.sums.get(`${regime}|${strategy}`);
        const face = s?.face ?? new D(0);
        out.push({
          strategy,
          regime,
          liabilities: s?.liabilities ?? 0,
          face: canon(face),
          defaulted: s?.defaulted ?? 0,
          defaulted_face: canon(s?.defaultedFace ?? new D(0)),
          default_rate: face.isZero() ? null : canon(s!.defaultedFace.div(face)),
        });
      }
    }
    return out;
  }
}
