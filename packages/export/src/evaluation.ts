import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COST_KEYS, EVALUATION_AGENTS_TABLE, columnNames } from '@ring/metrics';
import type { EvaluationAgentTableRow } from '@ring/metrics';
import { EvaluationFormatError, evaluationRecordFromJson, toJsonValue } from '@ring/policy-eval';
import type { PolicyEvaluationRecord } from '@ring/policy-eval';
import { writeFileAtomic } from './atomic';
import { FileFormatError } from './errors';
import { readTableRows, tableCsv } from './table-io';
import { stableJson } from './json';

/** File names of {@link writeEvaluationFiles}. */
export const EVALUATION_FILES = { json: 'evaluation.json', agentsCsv: EVALUATION_AGENTS_TABLE.file } as const;

/** Columns of the per-(evaluation, agent) CSV, in file order (`EVALUATION_AGENTS_TABLE` of @ring/metrics). Money columns are integer cents. */
export const EVALUATION_AGENT_COLUMNS: readonly string[] = columnNames(EVALUATION_AGENTS_TABLE);

/** A column name of evaluation_agents.csv ({@link EVALUATION_AGENT_COLUMNS}). */
export type EvaluationAgentColumn = string;
/** One CSV row: the evaluation's key and decision, and one trader's statistics (new arm); money as integer-cent strings. */
export type EvaluationAgentRow = EvaluationAgentTableRow;

const big = (v: bigint | null): string | null => (v === null ? null : v.toString());

/**
 * The JSON text of an evaluation record: sorted keys, bigints as decimal strings, 2-space
 * indentation, trailing newline. Identical inputs give identical bytes apart from `timestamp`.
 */
export function evaluationRecordJson(record: PolicyEvaluationRecord): string {
  return stableJson(toJsonValue(record));
}

/** Write an evaluation record as JSON, atomically. */
export function writeEvaluationRecord(path: string, record: PolicyEvaluationRecord): void {
  writeFileAtomic(path, evaluationRecordJson(record));
}

/** Read an evaluation record back (money as bigint, null as null, {} as {}); malformed files throw {@link FileFormatError}. */
export function readEvaluationRecord(path: string): PolicyEvaluationRecord {
  if (!existsSync(path)) throw new FileFormatError(path, 0, 'file not found');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new FileFormatError(path, 0, `not JSON: ${(e as Error).message}`);
  }
  try {
    return evaluationRecordFromJson(json);
  } catch (e) {
    if (e instanceof EvaluationFormatError) throw new FileFormatError(path, 0, e.message);
    throw e;
  }
}

/** One row per trader of the evaluation (agent order of the evaluation). */
export function evaluationAgentRows(record: PolicyEvaluationRecord): EvaluationAgentRow[] {
  const ev = record.evaluation;
  return Object.entries(ev.agent_stats).map(([id, a]) => {
    const row: EvaluationAgentRow = {
      run_id: record.run_id,
      iteration: record.iteration,
      evaluation_agent_id: record.agent_id,
      agent_id: id,
      is_focal: ev.focal_agent === id,
      evaluation_mode: record.evaluation_mode,
      scope: ev.scope,
      objective: ev.objective,
      sampling: ev.sampling,
      num_samples: record.num_samples,
      accepted: record.accepted,
      acceptance_reason: record.acceptance_reason,
      delta_sum: record.delta_sum.toString(),
      cost: a.cost.toString(),
      old_cost: a.old_cost.toString(),
      settlement_rate: a.settlement_rate,
      avg_delay: a.avg_delay,
      payoff_rate: a.payoff_rate,
      default_rate: a.default_rate,
      std_dev: big(a.std_dev),
      ci_95_lower: big(a.ci_95_lower),
      ci_95_upper: big(a.ci_95_upper),
      n_matured: a.n_matured,
      n_settled: a.n_settled,
      n_defaulted: a.n_defaulted,
      avg_days_to_default: a.avg_days_to_default,
      timestamp: record.timestamp,
    };
    for (const k of COST_KEYS) row[k] = a.cost_breakdown[k].toString();
    return row;
  });
}

/** CSV text of the per-agent rows of one or more evaluations. */
export function evaluationAgentsCsv(records: Iterable<PolicyEvaluationRecord>): string {
  const rows: EvaluationAgentRow[] = [];
  for (const r of records) rows.push(...evaluationAgentRows(r));
  return tableCsv(EVALUATION_AGENTS_TABLE, rows);
}

/** Write the per-agent CSV of one or more evaluations, atomically. */
export function writeEvaluationAgentsCsv(path: string, records: Iterable<PolicyEvaluationRecord>): void {
  writeFileAtomic(path, evaluationAgentsCsv(records));
}

/** Read the per-agent CSV back into typed rows (header and every cell checked; empty cells are null). */
export function readEvaluationAgentsCsv(path: string): EvaluationAgentRow[] {
  return readTableRows(EVALUATION_AGENTS_TABLE, path);
}

/**
 * The record to write over `path`: when `path` already holds this very evaluation (the same bytes
 * apart from `timestamp`), its recorded timestamp is kept, so that rerunning a comparison into the
 * same directory rewrites identical bytes.
 */
function keepRecordedTimestamp(path: string, record: PolicyEvaluationRecord): PolicyEvaluationRecord {
  if (!existsSync(path)) return record;
  try {
    const text = readFileSync(path, 'utf8');
    const recorded: unknown = (JSON.parse(text) as { timestamp?: unknown }).timestamp;
    if (typeof recorded !== 'string' || recorded === record.timestamp) return record;
    const same = { ...record, timestamp: recorded };
    return evaluationRecordJson(same) === text ? same : record;
  } catch {
    return record; // not a record we wrote: replaced as asked
  }
}

/**
 * Write `evaluation.json` and `evaluation_agents.csv` into `dir`; returns their paths. Rewriting the
 * same evaluation keeps the timestamp already recorded there (identical bytes on a rerun).
 */
export function writeEvaluationFiles(dir: string, record: PolicyEvaluationRecord): { json: string; agentsCsv: string } {
  const json = join(dir, EVALUATION_FILES.json);
  const agentsCsv = join(dir, EVALUATION_FILES.agentsCsv);
  const kept = keepRecordedTimestamp(json, record);
  writeEvaluationRecord(json, kept);
  writeEvaluationAgentsCsv(agentsCsv, [kept]);
  return { json, agentsCsv };
}
