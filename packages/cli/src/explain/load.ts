import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pairId, resolveConfig, runId, withRegime } from '@ring/engine';
import type { RunConfigInput } from '@ring/engine';
import type { ArmRows, ArmSummary, PairRows } from '@ring/explain';
import {
  AGGREGATE_FILES,
  FileFormatError,
  RUN_FILES,
  readComparisonCsv,
  readInventoryCsv,
  readLiabilitiesCsv,
  readMetricsCsv,
  readRepaymentsCsv,
  readSystemStateCsv,
  readTraderInitialStateCsv,
  readTradesCsv,
} from '@ring/export';
import { CliUsageError } from '../io';

/** One arm of a pair in a directory: its run folder and what comparison.csv says of it. */
export interface ArmRef {
  readonly runId: string;
  readonly dir: string;
  readonly summary: ArmSummary;
}

/** The pairs of a run or sweep directory written with detailed logging, in sweep order. */
export interface ExplainSource {
  readonly dir: string;
  /** A sweep directory (`manifest.json`) or the output of `ring run --detailed-logging`. */
  readonly kind: 'sweep' | 'run';
  readonly pairs: readonly { readonly passive: ArmRef; readonly active: ArmRef }[];
}

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
const WRITE_BOTH = 'write both arms with `ring run --detailed-logging --out DIR` (--regime pair, the default)';
const WRITE_LOGS =
  'write them with `ring run --detailed-logging --out DIR` (both arms: --regime pair, the default) or `ring sweep … --detailed-logging --out DIR`';

/** An input `ring explain` cannot use: exit code 2 and one line saying what is missing and which command makes it. */
export class ExplainSourceError extends CliUsageError {
  constructor(code: string, message: string) {
    super(code, message, 'dir');
    this.name = 'ExplainSourceError';
  }
}

/** Pairs from comparison.csv (sweep order); each arm's δ and last day from its row. */
function pairsFromComparison(dir: string, file: string): ExplainSource['pairs'] {
  return readComparisonCsv(file).map((r) => {
    const arm = (regime: 'passive' | 'active'): ArmRef => {
      const id = r[`${regime}_run_id`]!;
      const finalDay = r[`final_day_${regime}`];
      return {
        runId: id,
        dir: join(dir, 'runs', id),
        summary: {
          run_id: id,
          pair_id: r.pair_id!,
          profile: r.profile!,
          regime,
          delta: r[`delta_${regime}`] ? r[`delta_${regime}`]! : null,
          ...(finalDay ? { final_day: Number(finalDay) } : {}),
        },
      };
    };
    return { passive: arm('passive'), active: arm('active') };
  });
}

/** Pairs by the configurations of the run folders (no comparison.csv: for example `ring run --regime active`). */
function pairsFromConfigs(dir: string, ids: readonly string[]): ExplainSource['pairs'] {
  const groups = new Map<string, Partial<Record<'passive' | 'active', ArmRef>> & { other: string }>();
  for (const id of ids) {
    const file = join(dir, 'runs', id, RUN_FILES.config);
    if (!existsSync(file))
      throw new ExplainSourceError('EXPLAIN_RUN_INCOMPLETE', `${join(dir, 'runs', id)}: no ${RUN_FILES.config}; ${WRITE_LOGS}`);
    const cfg = resolveConfig(parseConfig(file, readFileSync(file, 'utf8')) as RunConfigInput);
    const pid = pairId(cfg);
    const other = cfg.regime === 'passive' ? 'active' : 'passive';
    // the id of the other arm, named in the error if its folder is missing
    const g = groups.get(pid) ?? { other: runId(withRegime(cfg, other)) };
    g[cfg.regime] = {
      runId: id,
      dir: join(dir, 'runs', id),
      summary: { run_id: id, pair_id: pid, profile: cfg.profile, regime: cfg.regime },
    };
    groups.set(pid, g);
  }
  return [...groups].map(([pid, g]) => {
    if (!g.passive || !g.active) {
      const missing = g.passive ? 'active' : 'passive';
      throw new ExplainSourceError(
        'EXPLAIN_ARM_MISSING',
        `${dir}: pair ${pid} has no ${missing} run (runs/${g.other}/ is missing); ${WRITE_BOTH}`,
      );
    }
    return { passive: g.passive, active: g.active };
  });
}

/**
 * Find the pairs of DIR. Throws {@link ExplainSourceError} (exit code 2, one line) when DIR is not
 * a directory, has no per-run logs, or a pair lacks one of its arms — naming what is missing and
 * the command that writes it (`--detailed-logging`).
 */
export function findPairs(dir: string): ExplainSource {
  if (!existsSync(dir)) throw new ExplainSourceError('EXPLAIN_DIR_NOT_FOUND', `${dir}: no such directory`);
  if (!isDir(dir))
    throw new ExplainSourceError('EXPLAIN_NOT_A_DIRECTORY', `${dir}: not a directory (expected a run or sweep output directory)`);
  const runsDir = join(dir, 'runs');
  const ids = isDir(runsDir)
    ? readdirSync(runsDir, { withFileTypes: true })
        .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
        .map((e) => e.name)
        .sort()
    : [];
  if (ids.length === 0 && existsSync(join(dir, RUN_FILES.trades))) {
    throw new ExplainSourceError(
      'EXPLAIN_ONE_RUN',
      `${dir}: the folder of one run; explain compares the two arms of a pair: give the output directory that holds runs/ (${WRITE_BOTH})`,
    );
  }
  if (ids.length === 0) {
    throw new ExplainSourceError(
      'EXPLAIN_NO_DETAILED_LOGS',
      `${dir}: no per-run logs (runs/<run_id>/ with liabilities.csv, trades.csv, …); ${WRITE_LOGS}`,
    );
  }
  const kind = existsSync(join(dir, 'manifest.json')) ? 'sweep' : 'run';
  const comparison = join(dir, AGGREGATE_FILES.comparison);
  const pairs = existsSync(comparison) ? pairsFromComparison(dir, comparison) : pairsFromConfigs(dir, ids);
  const present = new Set(ids);
  for (const p of pairs) {
    for (const arm of [p.passive, p.active]) {
      if (!present.has(arm.runId)) {
        throw new ExplainSourceError(
          'EXPLAIN_ARM_MISSING',
          `${dir}: pair ${arm.summary.pair_id} has no ${arm.summary.regime} run (runs/${arm.runId}/ is missing); ${WRITE_BOTH}`,
        );
      }
    }
  }
  return { dir, kind, pairs };
}

/** A run's config.json as JSON (a parse error names the file). */
function parseConfig(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new FileFormatError(file, 1, `not JSON: ${(e as Error).message}`);
  }
}

/** Read one arm's files (only what the explanation uses; metrics.csv only without liabilities.csv). */
export function readArm(ref: ArmRef): ArmRows {
  // one listing instead of a existence check per file: explain reads thousands of run folders
  const present = new Set(readdirSync(ref.dir));
  const f = (name: string) => join(ref.dir, name);
  const optional = <T>(name: string, read: (file: string) => T): T | null => (present.has(name) ? read(f(name)) : null);
  const liabilities = optional(RUN_FILES.liabilities, readLiabilitiesCsv);
  const inventory = optional(RUN_FILES.inventory, readInventoryCsv);
  // every day's inventory rows list every bucket in configured order: the system-state header's bucket columns
  const buckets = inventory && inventory.length > 0 ? inventory.filter((r) => r.day === inventory[0]!.day).map((r) => r.bucket) : undefined;
  return {
    summary: ref.summary,
    runId: ref.runId,
    config: optional(RUN_FILES.config, (p) => parseConfig(p, readFileSync(p, 'utf8')) as object),
    liabilities,
    initialState: optional(RUN_FILES.initialState, readTraderInitialStateCsv),
    trades: optional(RUN_FILES.trades, readTradesCsv),
    repayments: optional(RUN_FILES.repayments, readRepaymentsCsv),
    inventory,
    systemState: optional(RUN_FILES.systemState, (p) => readSystemStateCsv(p, buckets)),
    metricsByDay: liabilities === null ? optional(RUN_FILES.metrics, readMetricsCsv) : null,
  };
}

/** The pairs' rows, read one pair at a time (for `explainSweep`). */
export function* pairRows(source: ExplainSource): Generator<PairRows> {
  for (const p of source.pairs) yield { passive: readArm(p.passive), active: readArm(p.active) };
}
