import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pairMetrics } from '@ring/engine';
import type { RunResult } from '@ring/engine';
import type { RunSummary } from '@ring/metrics';
import { comparisonRow } from '@ring/policy-eval';
import type { PairRecord, SweepDefinition, TableRow } from '@ring/policy-eval';
import type { RingStore, WriteCounts } from './db';
import { tableFiles } from './directory';
import { evaluationRows, runRowsFromResults, sweepRows } from './records';
import { recordWrites } from './sweep-store';
import type { EvaluationInput } from './records';
import { STORE_TABLES, storeTable } from './tables';

/** What {@link writeRuns} stores of `ring run`. */
export interface RunWrite {
  /** The finished runs: one arm, or both arms of a pair (passive first). */
  readonly results: readonly RunResult[];
  /** The runs' summaries (`run_summary`), when a collector computed them (detailed logging). */
  readonly summaries?: readonly RunSummary[];
  /**
   * The output directory of a run with detailed logging: its per-run files (`runs/<run_id>/`) and
   * run-level tables (`aggregate/strategy_outcomes_by_run.csv`, `aggregate/dealer_usage_by_run.csv`) are loaded.
   */
  readonly outDir?: string | null;
}

/**
 * The comparison.csv row of a pair run by `ring run` (both arms, same pair id): replicate 0, as a
 * one-pair sweep writes it.
 */
export function pairRowOf(results: readonly RunResult[]): TableRow | null {
  const passive = results.find((r) => r.config.regime === 'passive');
  const active = results.find((r) => r.config.regime === 'active');
  if (!passive || !active || passive.pairId !== active.pairId) return null;
  const cfg = active.config;
  const loc = { index: 0, cell: 0, replicate: 0, seed: cfg.seed, values: {} };
  return comparisonRow(loc, cfg, passive, active, pairMetrics(passive, active), active.pairId);
}

export type { WriteCounts } from './db';

/**
 * The per-run tables of the given runs, from the CSV files under `outDir/runs/<run_id>/` (DuckDB's
 * CSV reader; decimals kept as exact text). A run's stored rows are replaced, even by an empty file.
 */
export async function loadRunFiles(store: RingStore, outDir: string, runIds: readonly string[]): Promise<WriteCounts> {
  const counts: WriteCounts = {};
  await store.transaction(async () => {
    for (const t of STORE_TABLES) {
      if (!t.file?.startsWith('runs/*/')) continue;
      const name = t.file.slice('runs/*/'.length);
      const files = runIds.map((id) => join(outDir, 'runs', id, name)).filter((f) => existsSync(f));
      counts[t.name] = await store.loadCsv(t, files, runIds);
    }
  });
  return counts;
}

/**
 * Store what `ring run` produced: `runs` (one row per arm), `pairs` (both arms), the run-level
 * tables and, with an output directory of detailed logging, every per-run table. One transaction;
 * writing the same runs again leaves the same rows.
 */
export async function writeRuns(store: RingStore, input: RunWrite): Promise<WriteCounts> {
  return store.transaction(async () => {
    const runs = runRowsFromResults(input.results);
    const counts: WriteCounts = { runs: await store.writeRows('runs', runs.rows, runs.extra) };
    const pair = pairRowOf(input.results);
    if (pair) counts.pairs = await store.writeRows('pairs', [pair]);
    if (input.summaries?.length)
      counts.run_summary = await store.writeRows('run_summary', input.summaries as unknown as Record<string, unknown>[]);
    if (input.outDir) {
      const runIds = input.results.map((r) => r.runId);
      for (const name of ['strategy_outcomes_by_run', 'dealer_usage_by_run']) {
        const t = storeTable(name);
        counts[name] = await store.loadCsv(t, tableFiles(input.outDir, t), runIds);
      }
      Object.assign(counts, await loadRunFiles(store, input.outDir, runIds));
    }
    return counts;
  });
}

/** What {@link writeSweep} stores of a sweep (or of one shard of it). */
export interface SweepWrite {
  readonly definition: SweepDefinition;
  /** The finished pairs (the sweep's journal, `pairs.jsonl`). */
  readonly records: readonly PairRecord[];
  /** The sweep's output directory when it logged every run (`runs/<run_id>/`): the per-run tables are loaded from it. */
  readonly outDir?: string | null;
}

/**
 * Store a sweep: `sweeps`, `sweep_pairs`, `pairs`, `runs` (both arms of every pair), the run-level
 * tables (and the paper2025 2025-window tables), and the per-run tables of a detailed sweep. One
 * transaction; idempotent (a resumed or repeated sweep replaces its rows; shards add theirs).
 */
export async function writeSweep(store: RingStore, input: SweepWrite): Promise<WriteCounts> {
  const records = [...input.records].sort((a, b) => a.index - b.index);
  return store.transaction(async () => {
    const counts = await store.writeBatch([
      { table: 'sweeps', rows: [sweepRows(input.definition, []).sweep] },
      ...recordWrites(input.definition, records),
    ]);
    if (input.outDir) {
      const runIds = records.flatMap((r) => [String(r.comparison.passive_run_id), String(r.comparison.active_run_id)]);
      Object.assign(counts, await loadRunFiles(store, input.outDir, runIds));
    }
    return counts;
  });
}

/**
 * Store one policy evaluation in the history: its `policy_evaluations` row and one
 * `policy_evaluation_agents` row per trader. The same inputs replace their rows; an evaluation
 * that differs in any input is a new row.
 */
export async function writeEvaluation(store: RingStore, input: EvaluationInput): Promise<{ evaluationId: string; agents: number }> {
  const { evaluation, agents } = evaluationRows(input);
  return store.transaction(async () => {
    await store.writeRows('policy_evaluations', evaluation.rows, evaluation.extra);
    const n = await store.writeRows('policy_evaluation_agents', agents);
    return { evaluationId: String(evaluation.rows[0]!.evaluation_id), agents: n };
  });
}
