/**
 * Typed round trips: rows → CSV file → typed readers give back equal rows, for random rows whose
 * string columns hold awkward text (commas, quotes, line breaks, a leading `=`), random plain
 * decimals, integers, booleans and nulls.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { REPAYMENTS_TABLE, STRATEGY_OUTCOMES_TABLE, TRADES_TABLE, columnNames } from '@ring/metrics';
import type { RepaymentRow, StrategyOutcomeRow, TradeRow } from '@ring/metrics';
import { formatCell, toCsv } from './csv';
import { readRepaymentsCsv, readTradesCsv } from './run-dir';
import { readStrategyOutcomesCsv } from './aggregate';
import type { CsvRow } from './csv';

const dir = mkdtempSync(join(tmpdir(), 'ring-rows-prop-'));
let n = 0;
const roundTrip = <T>(columns: readonly string[], rows: readonly T[], read: (f: string) => T[]): T[] => {
  const file = join(dir, `f${n++}.csv`);
  writeFileSync(file, toCsv(columns, rows as unknown as CsvRow[]));
  return read(file);
};

const awkward = fc.oneof(
  fc.string({ minLength: 1 }),
  fc.constantFrom('a,b', '"quoted"', 'line\nbreak', 'cr\r\nlf', '=SUM(A1:A2)', '+1', '-2', '@x', ' padded ', ',', '"', '\n', 'H1'),
  fc.stringMatching(/^[=+\-@"',\n a-z0-9]{1,12}$/),
);
const decimal = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.integer({ min: 0, max: 28 }))
  .map(([neg, digits, scale]) => {
    const s = digits.toString().padStart(scale + 1, '0');
    const plain = scale === 0 ? s : `${s.slice(0, -scale)}.${s.slice(-scale)}`;
    return neg && digits !== 0n ? `-${plain}` : plain;
  });
const int = fc.integer({ min: -1_000_000, max: 1_000_000 });
const nat = fc.nat({ max: 1_000_000 });
const party = fc.constantFrom('trader', 'big_entity', 'dealer', 'vbt') as fc.Arbitrary<TradeRow['buyer_type']>;

const tradeRow: fc.Arbitrary<TradeRow> = fc.record({
  run_id: awkward,
  regime: fc.constantFrom('passive', 'active'),
  day: nat,
  bucket: awkward,
  side: fc.constantFrom('SELL', 'BUY'),
  trader_id: awkward,
  ticket_id: awkward,
  issuer_id: awkward,
  maturity_day: nat,
  face_value: decimal,
  price: decimal,
  unit_price: decimal,
  is_passthrough: fc.boolean(),
  dealer_inventory_before: int,
  dealer_cash_before: decimal,
  dealer_bid_before: decimal,
  dealer_ask_before: decimal,
  outside_mid: decimal,
  trader_cash_before: decimal,
  trader_safety_margin_before: decimal,
  dealer_inventory_after: int,
  dealer_cash_after: decimal,
  dealer_bid_after: decimal,
  dealer_ask_after: decimal,
  trader_cash_after: decimal,
  trader_safety_margin_after: decimal,
  is_liquidity_driven: fc.boolean(),
  reduces_margin_below_zero: fc.boolean(),
  hit_inventory_limit: fc.boolean(),
  outside_mid_ratio: decimal,
  seq: nat,
  arrival_index: fc.option(nat, { nil: null }),
  buyer_id: awkward,
  buyer_type: party,
  seller_id: awkward,
  seller_type: party,
  quantity: nat,
  dealer_mid: decimal,
  vbt_ask_before: decimal,
  vbt_bid_before: decimal,
  passthrough_reason: fc.option(fc.constantFrom('guard', 'capacity', 'cash', 'no_inventory', 'no_admissible_issuer'), { nil: null }),
  dealer_k_star_before: int,
});

const repaymentRow: fc.Arbitrary<RepaymentRow> = fc.record({
  run_id: awkward,
  regime: fc.constantFrom('passive', 'active'),
  trader_id: awkward,
  liability_id: awkward,
  maturity_day: nat,
  face_value: decimal,
  outcome: fc.constantFrom('repaid', 'defaulted'),
  buy_count: nat,
  sell_count: nat,
  net_cash_pnl: decimal,
  strategy: fc.constantFrom('no_trade', 'hold_to_maturity', 'sell_before', 'round_trip'),
  outside_mid_ratio: decimal,
  held_matching_maturity: fc.boolean(),
  amount_paid: decimal,
  settled_day: fc.option(nat, { nil: null }),
});

describe('typed CSV round trips', () => {
  it('trades.csv rows → CSV → readTradesCsv are equal', () => {
    fc.assert(
      fc.property(fc.array(tradeRow, { maxLength: 8 }), (rows) => {
        expect(roundTrip(columnNames(TRADES_TABLE), rows, readTradesCsv)).toEqual(rows);
      }),
      { numRuns: 150 },
    );
  });

  it('repayment_events.csv rows → CSV → readRepaymentsCsv are equal', () => {
    fc.assert(
      fc.property(fc.array(repaymentRow, { maxLength: 8 }), (rows) => {
        expect(roundTrip(columnNames(REPAYMENTS_TABLE), rows, readRepaymentsCsv)).toEqual(rows);
      }),
      { numRuns: 150 },
    );
  });

  it('strategy_outcomes_by_run.csv rows round-trip, nullable rates included', () => {
    const cell = (c: string): fc.Arbitrary<unknown> => {
      if (c === 'regime') return fc.constantFrom('passive', 'active');
      if (['run_id', 'pair_id', 'profile'].includes(c)) return awkward;
      if (c === 'seed') return nat;
      if (c.startsWith('count_') || c.startsWith('default_count_') || c === 'total_liabilities') return nat;
      if (c.startsWith('default_rate_') || ['delta_passive', 'delta_active', 'trading_effect', 'trading_relief_ratio'].includes(c)) {
        return fc.option(decimal, { nil: null });
      }
      return decimal;
    };
    const row = fc.record(
      Object.fromEntries(columnNames(STRATEGY_OUTCOMES_TABLE).map((c) => [c, cell(c)])),
    ) as unknown as fc.Arbitrary<StrategyOutcomeRow>;
    fc.assert(
      fc.property(fc.array(row, { maxLength: 5 }), (rows) => {
        expect(roundTrip(columnNames(STRATEGY_OUTCOMES_TABLE), rows, readStrategyOutcomesCsv)).toEqual(rows);
      }),
      { numRuns: 100 },
    );
  });
});

describe('numbers are written in plain notation', () => {
  it('every finite double is written without an exponent and reads back as the same double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const s = formatCell(x);
        expect(s).toMatch(/^-?\d+(\.\d+)?$/);
        expect(Number(s)).toBe(x === 0 ? 0 : x);
      }),
      { numRuns: 2000 },
    );
  });
});
