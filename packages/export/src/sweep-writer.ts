import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  COMPARISON_TABLE,
  DEALER_USAGE_2025_TABLE,
  DEALER_USAGE_TABLE,
  STRATEGY_OUTCOMES_2025_TABLE,
  STRATEGY_OUTCOMES_TABLE,
  tablePath,
} from '@ring/metrics';
import type { TableDef } from '@ring/metrics';
import { WHOLE, armConfig, createSweepSummaryAccumulator, locatePair, shardIndices, sweepHash } from '@ring/policy-eval';
import type { PairOutput, PairRecord, ShardSpec, SweepDefinition, SweepSummary } from '@ring/policy-eval';
import { writeFileAtomic } from './atomic';
import { toCsv } from './csv';
import type { CsvRow } from './csv';
import { createTableWriter } from './table-io';
import type { TableWriter } from './table-io';
import { stableJson } from './json';
import {
  SWEEP_FILES,
  SweepOutputError,
  createManifest,
  openJournal,
  readJournalRecord,
  readManifest,
  scanJournal,
  writeManifest,
} from './manifest';
import type { Journal, JournalLocation, SweepManifest } from './manifest';
import { WriterStateError } from './errors';
import { removeStaleTemporaries } from './output-dir';
import { runDirectoryTexts, writeRunFiles } from './run-dir';
import type { RunFiles } from './run-dir';

/** Files of `<out>/aggregate/` (docs/instrumentation.md §11), plus the 2025-window tables of paper2025 sweeps. */
export const AGGREGATE_FILES = {
  comparison: tablePath(COMPARISON_TABLE),
  summary: 'aggregate/summary.json',
  strategyOutcomes: tablePath(STRATEGY_OUTCOMES_TABLE),
  dealerUsage: tablePath(DEALER_USAGE_TABLE),
  /** paper2025 only: active runs' strategy rows with the 2025 trade window (day < T_L). */
  strategyOutcomes2025: tablePath(STRATEGY_OUTCOMES_2025_TABLE),
  /** paper2025 only: active runs' dealer-usage rows with the 2025 trade window. */
  dealerUsage2025: tablePath(DEALER_USAGE_2025_TABLE),
} as const;

// ---- aggregate files ----------------------------------------------------------------------------

/** What `writeSweepAggregate` wrote. */
export interface AggregateResult {
  readonly summary: SweepSummary;
  /** Paths relative to the output directory. */
  readonly files: readonly string[];
}

/** `aggregate/` written pair by pair (see {@link createAggregateWriter}). */
export interface AggregateWriter {
  /** Add the next pair's record (in pair-index order). */
  add(record: PairRecord): void;
  /** Write summary.json and rename every file into place. */
  close(): AggregateResult;
  /** Remove what was written so far; nothing appears. */
  abort(): void;
}

/**
 * Stream `aggregate/` pair by pair with flat memory (records in pair-index order): each CSV is
 * written as the records come and renamed into place at `close`, then summary.json. The bytes are
 * those of `writeSweepAggregate` for the same records.
 */
export function createAggregateWriter(outDir: string, def: SweepDefinition): AggregateWriter {
  const loc = locatePair(def, 0);
  const summary = createSweepSummaryAccumulator(def, armConfig(def, loc.values, loc.seed, def.arms[0]));
  // journal rows are plain JSON cells; the table writers check every one against its column's type
  const open = (table: TableDef<object>) => createTableWriter(join(outDir, tablePath(table)), table, { durable: true });
  const comparison = open(COMPARISON_TABLE);
  const strategy = open(STRATEGY_OUTCOMES_TABLE);
  const usage = open(DEALER_USAGE_TABLE);
  // paper2025: the 2025-window files exist once a record has such rows
  let legacy: { strategy: TableWriter<object>; usage: TableWriter<object> } | null = null;
  const writers = () => [comparison, strategy, usage, ...(legacy ? [legacy.strategy, legacy.usage] : [])];
  return {
    add(r) {
      comparison.write(r.comparison);
      summary.add(r.comparison);
      strategy.writeMany(r.strategy);
      usage.writeMany(r.usage);
      if (r.strategy2025 && !legacy) {
        legacy = { strategy: open(STRATEGY_OUTCOMES_2025_TABLE), usage: open(DEALER_USAGE_2025_TABLE) };
      }
      if (legacy) {
        legacy.strategy.writeMany(r.strategy2025 ?? []);
        legacy.usage.writeMany(r.usage2025 ?? []);
      }
    },
    close() {
      for (const w of writers()) w.close();
      const result = summary.finish();
      writeFileAtomic(join(outDir, AGGREGATE_FILES.summary), stableJson(result), { durable: true });
      const files: string[] = [
        AGGREGATE_FILES.comparison,
        AGGREGATE_FILES.summary,
        AGGREGATE_FILES.strategyOutcomes,
        AGGREGATE_FILES.dealerUsage,
      ];
      if (legacy) files.push(AGGREGATE_FILES.strategyOutcomes2025, AGGREGATE_FILES.dealerUsage2025);
      return { summary: result, files };
    },
    abort() {
      for (const w of writers()) w.abort();
    },
  };
}

/**
 * Write `aggregate/` from the records of a sweep (any order; written in pair-index order):
 * comparison.csv, summary.json, strategy_outcomes_by_run.csv and dealer_usage_by_run.csv (both
 * arms, baseline row first), and for paper2025 sweeps the active runs' rows under the 2025 trade
 * window in `aggregate/legacy/`. The bytes depend only on the set of records.
 */
export function writeSweepAggregate(outDir: string, def: SweepDefinition, records: readonly PairRecord[]): AggregateResult {
  const writer = createAggregateWriter(outDir, def);
  try {
    for (const r of [...records].sort((a, b) => a.index - b.index)) writer.add(r);
  } catch (e) {
    writer.abort();
    throw e;
  }
  return writer.close();
}

// ---- the sweep writer -----------------------------------------------------------------------------

/** Options of {@link openSweepWriter}. */
export interface SweepWriterOptions {
  readonly outDir: string;
  readonly definition: SweepDefinition;
  readonly shard?: ShardSpec;
  /** Write `runs/<run_id>/` for every run (docs/instrumentation.md §11). */
  readonly detailed?: boolean;
}

/** Options of {@link SweepWriter.finish}. */
export interface SweepFinishOptions {
  /** Called with each pair's record as aggregate/ is written (pair-index order), e.g. to compute more statistics. */
  readonly onRecord?: (record: PairRecord) => void;
  /** Called after each pair written to aggregate/ (for a progress display). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The file side of a sweep: journal + run directories while it runs, aggregate/ at the end. */
export interface SweepWriter {
  readonly outDir: string;
  readonly manifest: SweepManifest;
  /** Pair indices already finished in an earlier (interrupted) invocation: pass them to runSweep. */
  readonly finished: ReadonlySet<number>;
  /** True when an earlier invocation's journal was found. */
  readonly resumed: boolean;
  /** Persist one finished pair: its run directories (detailed logging), then its journal line. */
  write(output: PairOutput): void;
  /**
   * {@link SweepWriter.write}, returning the run directories' files as written (none without
   * detailed logging): `@ring/store`'s sweep writer loads the per-run tables from these texts.
   */
  writeRuns(output: PairOutput): readonly RunFiles[];
  /**
   * Every pair of the shard is journaled: write aggregate/ (streamed from the journal in pair
   * order, flat memory) and mark the manifest complete.
   */
  finish(options?: SweepFinishOptions): AggregateResult;
  /** Stop without finishing (interrupted sweep): the journal keeps what is done. */
  close(): void;
}

/**
 * Open (or resume) a sweep output directory. A directory with a manifest of the same definition,
 * shard and logging mode is resumed: its journal tells which pairs are finished. A manifest of
 * anything else is refused (error code SWEEP_MISMATCH), and so is a directory that holds an
 * `aggregate/` without a manifest. Only the location of each finished pair's journal line is kept
 * in memory, never its record.
 */
export function openSweepWriter(options: SweepWriterOptions): SweepWriter {
  const { outDir, definition: def } = options;
  const shard = options.shard ?? WHOLE;
  const detailed = Boolean(options.detailed);
  const wanted = createManifest(def, shard, detailed);
  const existing = readManifest(outDir);
  const lines = new Map<number, JournalLocation>();
  let journal: Journal;
  let resumed = false;
  if (existing) {
    const why =
      existing.definition_hash !== sweepHash(def)
        ? 'a different sweep definition'
        : existing.shard.index !== shard.index || existing.shard.count !== shard.count
          ? `shard ${existing.shard_label}`
          : existing.detailed_logging !== detailed
            ? `detailed logging ${existing.detailed_logging ? 'on' : 'off'}`
            : null;
    if (why) throw new SweepOutputError('SWEEP_MISMATCH', outDir, `holds a sweep with ${why}; use another --out directory`);
    const allowed = new Set(shardIndices(def, shard));
    const { truncatedAt } = scanJournal(outDir, (r, at) => {
      if (!allowed.has(r.index))
        throw new SweepOutputError(
          'JOURNAL_INVALID',
          join(outDir, SWEEP_FILES.journal),
          `pair ${r.index} is not in shard ${wanted.shard_label}`,
        );
      lines.set(r.index, at);
    });
    journal = openJournal(outDir, null, truncatedAt);
    resumed = true;
  } else {
    if (existsSync(join(outDir, 'aggregate')) || existsSync(join(outDir, SWEEP_FILES.journal))) {
      throw new SweepOutputError('SWEEP_MISMATCH', outDir, 'holds sweep outputs without a manifest; use another --out directory');
    }
    mkdirSync(outDir, { recursive: true });
    writeManifest(outDir, wanted);
    journal = openJournal(outDir, null, null);
  }
  // Leftovers of files and run directories that were being written when a process died (written
  // as `<name>.tmp-<pid>-<n>` and renamed into place).
  for (const dir of [outDir, join(outDir, 'aggregate'), join(outDir, 'runs')]) removeStaleTemporaries(dir);
  const finished = new Set(lines.keys());
  let closed = false;
  function writeRuns(output: PairOutput): RunFiles[] {
    if (closed) throw new WriterStateError(`${outDir}: the sweep writer is closed`);
    let written: RunFiles[] = [];
    if (detailed) {
      if (!output.detail)
        throw new WriterStateError(
          `pair ${output.record.index} has no per-run rows, but the sweep writer was opened with detailed: true`,
          'pass detailed: true to runSweep as well',
        );
      written = output.detail.runs.map((run) => ({ runId: run.rows.summary.run_id, files: runDirectoryTexts(run.rows, run.config) }));
      for (const run of written) writeRunFiles(outDir, run);
    }
    if (!lines.has(output.record.index)) lines.set(output.record.index, journal.append(output.record));
    return written;
  }
  return {
    outDir,
    manifest: existing ?? wanted,
    finished,
    resumed,
    write(output) {
      writeRuns(output);
    },
    writeRuns,
    finish(opts = {}) {
      const indices = shardIndices(def, shard);
      const missing = indices.filter((i) => !lines.has(i));
      if (missing.length > 0) {
        throw new SweepOutputError(
          'SWEEP_INCOMPLETE',
          outDir,
          `${missing.length} pairs of shard ${wanted.shard_label} are not finished (first: ${missing[0]})`,
        );
      }
      journal.close();
      closed = true;
      const aggregate = createAggregateWriter(outDir, def);
      try {
        let done = 0;
        for (const i of indices) {
          const record = readJournalRecord(outDir, lines.get(i)!);
          aggregate.add(record);
          opts.onRecord?.(record);
          opts.onProgress?.(++done, indices.length);
        }
      } catch (e) {
        aggregate.abort();
        throw e;
      }
      const result = aggregate.close();
      writeManifest(outDir, { ...wanted, status: 'complete' });
      return result;
    },
    close() {
      if (closed) return;
      journal.close();
      closed = true;
    },
  };
}

// ---- generated tables ---------------------------------------------------------------------------

/** A table to write: file stem, columns and rows (policy-eval's PaperTable fits). */
export interface TableFile {
  readonly id: string;
  readonly columns: readonly string[];
  readonly rows: readonly CsvRow[];
}

/**
 * Write `<id>.csv` for every table and `tables.md` (the given Markdown) into `dir`, atomically.
 * Returns the file names written.
 */
export function writeTables(dir: string, tables: readonly TableFile[], markdown: string): string[] {
  const names: string[] = [];
  for (const t of tables) {
    writeFileAtomic(join(dir, `${t.id}.csv`), toCsv(t.columns, t.rows));
    names.push(`${t.id}.csv`);
  }
  writeFileAtomic(join(dir, 'tables.md'), markdown);
  names.push('tables.md');
  return names;
}
