import type { RingEvent, RingObserver, RunResult, SetupEvent } from '@ring/engine';
import { MetricsInputError } from './errors';
import { inventoryRows, systemStateRow, tradeRow } from './event-rows';
import { traderInitialStateRows } from './initial-state';
import { liabilityRows } from './liabilities';
import type { InventoryRow, PartyType, RunRows, SystemStateRow, TradeRow } from './rows';
import { countRescues, metricsByDayRows, repaymentRows, runSummary, runUsage } from './run-summary';
import { newTally, tallyDay, tallyFace, tallyTrade } from './run-tally';

/**
 * Receives rows as soon as they are final: a trade row when the trade executes, the inventory and
 * system-state rows of a day at its snapshot instant. Use it to stream rows to files (see
 * `@ring/export`'s `createRunDirectoryWriter`) so that memory stays flat however long the run.
 */
export interface RowSink {
  trade?(row: TradeRow): void;
  inventory?(row: InventoryRow): void;
  systemState?(row: SystemStateRow): void;
}

/** Options of {@link createRunCollector}. */
export interface RunCollectorOptions {
  /** Receives every trade and time-series row as soon as it is final. */
  readonly sink?: RowSink;
  /**
   * Keep the trade and time-series rows in the returned {@link RunRows}. Default: true without a
   * sink, false with one (the run-level tables and the summary never need the retained rows).
   */
  readonly retain?: boolean;
  /**
   * Build the `liabilities` and `initialState` rows (liabilities.csv, trader_initial_state.csv).
   * Default true; a sweep that writes no run directories passes false and gets empty arrays.
   */
  readonly explainRows?: boolean;
}

/** A collector of one run's events: attach `observer` to `simulate`, then call `finish(result)`. */
export interface RunCollector {
  readonly observer: RingObserver;
  finish(result: RunResult): RunRows;
}

/**
 * Build the instrumentation rows of one run from its event stream (docs/instrumentation.md §2–§5, §10)
 * as the events arrive: trade rows at execution, time-series rows at each day's snapshot,
 * repayment rows, δ by day and the summary in `finish`. Pure: it only reads events.
 */
export function createRunCollector(options: RunCollectorOptions = {}): RunCollector {
  const sink = options.sink ?? {};
  const retain = options.retain ?? options.sink === undefined;
  const explainRows = options.explainRows ?? true;

  let setup: SetupEvent | null = null;
  let typeOf = new Map<string, PartyType>();
  let bucketNames = new Set<string>();
  const tally = newTally();
  const trades: TradeRow[] = [];
  const inventory: InventoryRow[] = [];
  const systemState: SystemStateRow[] = [];

  const observer: RingObserver = (e: RingEvent) => {
    if (e.kind === 'setup') {
      if (setup) throw new MetricsInputError('EVENT_ORDER', 'setup', 'a second setup event: use one collector per run');
      setup = e;
      typeOf = new Map(e.agents.map((a) => [a.id, a.type]));
      bucketNames = new Set(e.buckets);
      return;
    }
    if (!setup) throw new MetricsInputError('EVENT_ORDER', e.kind, 'event before the setup event');
    switch (e.kind) {
      case 'trade': {
        const row = tradeRow(setup, e, typeOf);
        tallyTrade(tally, row);
        sink.trade?.(row);
        if (retain) trades.push(row);
        break;
      }
      case 'snapshot': {
        const day = inventoryRows(setup, e, bucketNames, tally);
        for (const row of day.rows) {
          sink.inventory?.(row);
          if (retain) inventory.push(row);
        }
        const row = systemStateRow(setup, e, day, tally);
        tallyDay(tally, day.flags, row);
        sink.systemState?.(row);
        if (retain) systemState.push(row);
        break;
      }
      case 'settled':
        tallyFace(tally.settledByDay, e.day, e.amount);
        break;
      case 'defaulted':
        tallyFace(tally.defaultedByDay, e.day, e.amount);
        break;
      default:
        break;
    }
  };

  const finish = (result: RunResult): RunRows => {
    if (!setup)
      throw new MetricsInputError('EVENTS_MISSING', 'setup', 'the run emitted no setup event (was the observer attached to simulate?)');
    if (result.runId !== setup.runId) {
      throw new MetricsInputError(
        'RESULT_MISMATCH',
        'result.runId',
        `${result.runId} is not the run these events came from (${setup.runId})`,
      );
    }
    return {
      summary: runSummary(setup, result, tally, countRescues(result, tally.byTrader)),
      usage: runUsage(tally),
      buckets: setup.buckets,
      trades,
      repayments: repaymentRows(setup, result, tally.byTrader),
      inventory,
      systemState,
      metricsByDay: metricsByDayRows(setup, result),
      liabilities: explainRows ? liabilityRows(setup, result) : [],
      initialState: explainRows ? traderInitialStateRows(setup) : [],
    };
  };
  return { observer, finish };
}
