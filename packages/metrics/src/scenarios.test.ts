/**
 * Flag definitions on small explicit `spec` scenarios run through the engine, where the outcome is
 * known by hand (S = 1, ρ = 1, default buckets short 1–3, mid 4–8, long 9+; VBT mid O = 0.3 so
 * B = 0.85, A = 1.15).
 */
import { describe, expect, it } from 'vitest';
import { resolveConfig, simulate } from '@ring/engine';
import type { RunConfigInput } from '@ring/engine';
import { createRunCollector } from './collector';
import type { RunRows } from './rows';

function rowsOf(input: RunConfigInput): RunRows {
  const c = createRunCollector();
  return c.finish(simulate(resolveConfig(input), { observer: c.observer }));
}

const off = { sellEnabled: false, buyEnabled: false };
const base = { profile: 'spec', regime: 'active', seed: 1, kappa: 1, concentration: 1, mu: 0, allowSmallRing: true } as const;

/*
 * Dealer at capacity. A and B each hold 4 tickets of a mid-bucket payable (due 5) and each owe 3 to
 * Z on day 1, with no cash. Desk allocation in mid (N_b = 8, dealerShare = vbtShare = 1/8): the
 * dealer gets one of A's tickets, the VBT one of B's; both are booked at M0 = 1, so the dealer has
 * a = 1, C = 1, K* = ⌊(1 + 1)/1⌋ = 2, and A and B have cash 1. Day 0: nobody owes anything yet.
 * Day 1: both must pay 3 today with cash 1, so both sell (the sale covers today's due). The first
 * sale is interior at the dealer's bid (x + S = 2 ≤ X* = 2); afterwards a = 2, C = 0.05, K* = 2, so
 * the second seller finds the dealer full: pass-through to the VBT at B with reason `capacity`.
 */
const capacity = {
  ...base,
  maxDays: 2,
  dealerShare: '0.125',
  vbtShare: '0.125',
  policies: { I1: off, I2: off, Z: off },
  scenario: {
    traders: [
      { id: 'A', cash: '0' },
      { id: 'B', cash: '0' },
      { id: 'I1', cash: '0' },
      { id: 'I2', cash: '0' },
      { id: 'Z', cash: '0' },
    ],
    payables: [
      { debtor: 'I1', creditor: 'A', amount: '4', dueDay: 5 },
      { debtor: 'I2', creditor: 'B', amount: '4', dueDay: 5 },
      { debtor: 'A', creditor: 'Z', amount: '3', dueDay: 1 },
      { debtor: 'B', creditor: 'Z', amount: '3', dueDay: 1 },
    ],
  },
} as const satisfies RunConfigInput;

describe('a dealer at capacity', () => {
  const rows = rowsOf(capacity);
  const [first, second] = rows.trades;

  it('the first sale is interior and fills the dealer; the second passes through with hit_inventory_limit', () => {
    expect(rows.trades.length).toBe(2);
    expect([first!.day, first!.side, first!.bucket, first!.is_passthrough, first!.hit_inventory_limit]).toEqual([
      1,
      'SELL',
      'mid',
      false,
      false,
    ]);
    expect([first!.dealer_inventory_before, first!.dealer_k_star_before, first!.dealer_inventory_after]).toEqual([1, 2, 2]);
    expect([second!.day, second!.side, second!.is_passthrough, second!.passthrough_reason]).toEqual([1, 'SELL', true, 'capacity']);
    expect([second!.dealer_inventory_before, second!.dealer_k_star_before]).toEqual([2, 2]);
    expect(second!.hit_inventory_limit).toBe(true);
    expect(second!.unit_price).toBe('0.85');
    expect([second!.buyer_id, second!.buyer_type]).toEqual(['vbt_mid', 'vbt']);
  });

  it('a sale to cover a liability due today is liquidity-driven', () => {
    expect(rows.trades.map((t) => t.is_liquidity_driven)).toEqual([true, true]);
  });

  it('the bucket where the VBT took flow sets hit_vbt_this_step on that day only; capacity % moves 50 → 100', () => {
    const mid = rows.inventory.filter((r) => r.bucket === 'mid');
    expect(mid.map((r) => [r.day, r.dealer_inventory, r.max_capacity, r.capacity_pct])).toEqual([
      [0, 1, 2, '50'],
      [1, 2, 2, '100'],
    ]);
    expect(mid.map((r) => [r.hit_vbt_this_step, r.interior_trades, r.passthrough_trades])).toEqual([
      [false, 0, 0],
      [true, 1, 1],
    ]);
    for (const r of rows.inventory.filter((x) => x.bucket !== 'mid')) expect(r.hit_vbt_this_step).toBe(false);
  });
});

/*
 * A BUY that takes the buyer's safety margin below zero. K has cash 2.05 and owes 2 on day 9
 * (margin 0.05 ≥ 0); it is buy-eligible on day 0 (no shortfall, T_min − t = 9 ≥ 3, cash > 1). The
 * VBT of mid holds 2 of A's 4 tickets (vbtShare 0.5); the dealer holds none, so K buys one from the
 * VBT at A = 1.15 (pass-through, reason `no_inventory`). Afterwards margin = 2.05 − 1.15 + 0.85 − 2
 * = −0.25 < 0.
 */
describe('a BUY that takes the margin below zero', () => {
  const rows = rowsOf({
    ...base,
    maxDays: 1,
    dealerShare: '0',
    vbtShare: '0.5',
    policies: { A: off, I1: off, Z: off },
    scenario: {
      traders: [
        { id: 'A', cash: '0' },
        { id: 'I1', cash: '0' },
        { id: 'K', cash: '2.05' },
        { id: 'Z', cash: '0' },
      ],
      payables: [
        { debtor: 'I1', creditor: 'A', amount: '4', dueDay: 5 },
        { debtor: 'K', creditor: 'Z', amount: '2', dueDay: 9 },
      ],
    },
  });
  it('sets reduces_margin_below_zero, and hit_inventory_limit for the empty dealer', () => {
    expect(rows.trades.length).toBe(1);
    const t = rows.trades[0]!;
    expect([t.side, t.trader_id, t.bucket, t.is_passthrough, t.passthrough_reason, t.unit_price]).toEqual([
      'BUY',
      'K',
      'mid',
      true,
      'no_inventory',
      '1.15',
    ]);
    expect([t.trader_safety_margin_before, t.trader_safety_margin_after]).toEqual(['0.05', '-0.25']);
    expect(t.reduces_margin_below_zero).toBe(true);
    expect(t.hit_inventory_limit).toBe(true);
    expect(t.is_liquidity_driven).toBe(false);
    expect([t.seller_id, t.seller_type, t.buyer_id, t.buyer_type]).toEqual(['vbt_mid', 'vbt', 'K', 'trader']);
  });
  it('the same BUY with more cash keeps the margin non-negative', () => {
    const rich = rowsOf({
      ...base,
      maxDays: 1,
      dealerShare: '0',
      vbtShare: '0.5',
      policies: { A: off, I1: off, Z: off },
      scenario: {
        traders: [
          { id: 'A', cash: '0' },
          { id: 'I1', cash: '0' },
          { id: 'K', cash: '2.5' },
          { id: 'Z', cash: '0' },
        ],
        payables: [
          { debtor: 'I1', creditor: 'A', amount: '4', dueDay: 5 },
          { debtor: 'K', creditor: 'Z', amount: '2', dueDay: 9 },
        ],
      },
    });
    expect(rich.trades.length).toBe(1);
    expect(rich.trades[0]!.trader_safety_margin_after).toBe('0.2');
    expect(rich.trades[0]!.reduces_margin_below_zero).toBe(false);
  });
});
