import { D, canon } from '@ring/engine';
import type { ArmRows, HorizonRow } from './types';

/**
 * Dealer inventory (face) against the remaining debt stock on each day of the active run, with
 * the VBTs' holdings and the passive arm's remaining debt beside it; null without the active arm's
 * inventory and system-state rows.
 */
export function horizonRows(pairId: string | null, passive: ArmRows, active: ArmRows): HorizonRow[] | null {
  if (!active.inventory || !active.systemState) return null;
  const held = new Map<number, { dealer: D; vbt: D }>();
  for (const r of active.inventory) {
    const h = held.get(r.day) ?? { dealer: new D(0), vbt: new D(0) };
    h.dealer = h.dealer.plus(r.dealer_face);
    h.vbt = h.vbt.plus(r.vbt_face);
    held.set(r.day, h);
  }
  const passiveDebt = new Map<number, string>();
  for (const r of passive.systemState ?? []) passiveDebt.set(r.day, r.total_face_value);
  return [...active.systemState]
    .sort((a, b) => a.day - b.day)
    .map((r) => {
      const h = held.get(r.day);
      return {
        pair_id: pairId,
        day: r.day,
        dealer_inventory_face: h ? canon(h.dealer) : '0',
        remaining_debt_face: r.total_face_value,
        vbt_inventory_face: h ? canon(h.vbt) : '0',
        remaining_debt_face_passive: passiveDebt.get(r.day) ?? null,
      };
    });
}
