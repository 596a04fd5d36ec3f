import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  AGGREGATE_FILES,
  FileFormatError,
  RUN_FILES,
  isTemporaryName,
  readComparisonCsv,
  readEvaluationRecord,
  readInventoryCsv,
  readSystemStateCsv,
  readTableRows,
} from '@ring/export';
import { STRATEGY_OUTCOMES_TABLE, TableCellError } from '@ring/metrics';
import type { ComparisonRow, InventoryRow, StrategyOutcomeRow, SystemStateRow } from '@ring/metrics';
import type { PolicyEvaluationRecord } from '@ring/policy-eval';
import type { Explanation } from '@ring/explain';
import { explainDirectory } from '../commands/explain';
import { CliUsageError } from '../io';

/**
 * `ring report DIR` was given something it cannot report on: a path that does not exist, is not a
 * folder, is not a run/sweep/evaluation directory, or a `--run` that is not in it. Exit code 2.
 */
export class ReportInputError extends CliUsageError {
  /** The offending path (the directory, or the missing run directory). */
  readonly path: string;
  constructor(code: string, path: string, message: string, field = 'dir') {
    super(code, `${path}: ${message}`, field);
    this.path = path;
  }
}

/** One input of the report: its value, or why it is not there (the section then says so). */
export type Loaded<T> =
  | { readonly ok: true; readonly value: T; readonly path: string }
  | { readonly ok: false; readonly missing: boolean; readonly reason: string; readonly path: string };

/** The time series of one run directory. */
export interface RunSeries {
  readonly runId: string;
  readonly dir: string;
  readonly buckets: readonly string[];
  readonly inventory: Loaded<InventoryRow[]>;
  readonly systemState: Loaded<SystemStateRow[]>;
}

/** One evaluation record and the file it came from (relative to the report directory). */
export interface LoadedEvaluation {
  readonly file: string;
  readonly record: PolicyEvaluationRecord;
}

/** Everything the report reads from a directory; each input loaded independently. */
export interface ReportInputs {
  readonly dir: string;
  /** What the directory looks like: `sweep` (aggregate/), `run` (runs/ or one run folder), `evaluation`. */
  readonly kinds: readonly ('sweep' | 'run' | 'evaluation')[];
  /** comparison.csv as typed rows (every cell checked against its column). */
  readonly comparison: Loaded<ComparisonRow[]>;
  /** strategy_outcomes_by_run.csv as typed rows. */
  readonly strategyOutcomes: Loaded<StrategyOutcomeRow[]>;
  readonly summary: Loaded<Record<string, unknown>>;
  /** Run directories present (ids, in the order used to pick the default run). */
  readonly runIds: readonly string[];
  /** The chosen run (`--run`, else the default), or null when there is none. */
  readonly run: RunSeries | null;
  /** Evaluation records found (DIR/evaluation.json and one or two folders down); read errors listed. */
  readonly evaluations: readonly LoadedEvaluation[];
  readonly evaluationErrors: readonly string[];
  /** What `ring explain DIR` says (needs per-run logs of both arms); why not, when it cannot. */
  readonly explanation: Loaded<Explanation>;
}

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
const isFile = (p: string) => existsSync(p) && statSync(p).isFile();

/**
 * Load one input. A missing file, or one that is not the expected file (wrong header, truncated),
 * becomes a note in its section; a cell that is not of its column's type is thrown
 * (`TableCellError`): the report refuses corrupt data rather than drop rows from its statistics.
 */
function load<T>(path: string, read: () => T, hint: string): Loaded<T> {
  if (!existsSync(path)) return { ok: false, missing: true, reason: `${path} not found (${hint})`, path };
  try {
    return { ok: true, value: read(), path };
  } catch (e) {
    if (e instanceof TableCellError) throw e;
    return { ok: false, missing: false, reason: `${path} could not be read: ${(e as Error).message}`, path };
  }
}

/** A folder that holds the files of one run (docs/instrumentation.md §11: `runs/<run_id>/`). */
function isRunFolder(p: string): boolean {
  return isDir(p) && (isFile(join(p, RUN_FILES.inventory)) || isFile(join(p, RUN_FILES.systemState)));
}

/** Bucket names from the `face_bucket_<name>` columns of a system-state header. */
function bucketsOf(systemStateFile: string): string[] {
  if (!isFile(systemStateFile)) return [];
  const text = readFileSync(systemStateFile, 'utf8');
  const header = text.slice(0, Math.max(0, text.indexOf('\n'))).split(',');
  return header.filter((c) => c.startsWith('face_bucket_')).map((c) => c.slice('face_bucket_'.length));
}

function loadRun(runId: string, dir: string): RunSeries {
  const ssFile = join(dir, RUN_FILES.systemState);
  const buckets = bucketsOf(ssFile);
  const hint = 'written by --detailed-logging';
  return {
    runId,
    dir,
    buckets,
    inventory: load(join(dir, RUN_FILES.inventory), () => readInventoryCsv(join(dir, RUN_FILES.inventory)), hint),
    systemState: load(ssFile, () => readSystemStateCsv(ssFile, buckets), hint),
  };
}

const SKIP_SEARCH = new Set(['runs', 'aggregate', 'legacy', 'node_modules', 'tables']);

/** `evaluation.json` files in `dir` and up to two folder levels below it (runs/ and aggregate/ skipped), sorted. */
function findEvaluationFiles(dir: string, depth = 0, rel = ''): string[] {
  const out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const name of entries) {
    const p = join(dir, name);
    const r = rel ? `${rel}/${name}` : name;
    if (name === 'evaluation.json' && isFile(p)) out.push(r);
    else if (depth < 2 && !SKIP_SEARCH.has(name) && !name.startsWith('.') && !isTemporaryName(name) && isDir(p))
      out.push(...findEvaluationFiles(p, depth + 1, r));
  }
  return out;
}

/**
 * Read what `ring report` needs from DIR. Throws {@link ReportInputError} when DIR is not a
 * directory ring wrote (sweep: `aggregate/` or `manifest.json`; run: `runs/` or the files of one
 * run; evaluation: `evaluation.json`), or when `runId` names a run that is not there, and
 * `TableCellError` (@ring/metrics) at the first cell of a table it reads that is not of its
 * column's type. Anything else that is missing or unreadable is reported per input, never thrown.
 */
export function loadReportInputs(dir: string, options: { runId?: string } = {}): ReportInputs {
  if (!existsSync(dir)) throw new ReportInputError('REPORT_DIR_NOT_FOUND', dir, 'no such directory');
  if (!isDir(dir)) throw new ReportInputError('REPORT_NOT_A_DIRECTORY', dir, 'not a directory (expected a run or sweep output directory)');
  const aggregate = join(dir, 'aggregate');
  const runsDir = join(dir, 'runs');
  const evaluationFiles = findEvaluationFiles(dir);
  const kinds: ('sweep' | 'run' | 'evaluation')[] = [];
  if (isDir(aggregate) || isFile(join(dir, 'manifest.json'))) kinds.push('sweep');
  const single = isRunFolder(dir);
  if (isDir(runsDir) || single || isFile(join(dir, 'run.json'))) kinds.push('run');
  if (evaluationFiles.length > 0) kinds.push('evaluation');
  if (kinds.length === 0) {
    throw new ReportInputError(
      'REPORT_NOT_A_RING_DIRECTORY',
      dir,
      'not a ring run or sweep directory (expected aggregate/, runs/<run_id>/, manifest.json or evaluation.json — ' +
        'write one with `ring sweep --out DIR`, `ring run --detailed-logging --out DIR` or `ring compare --out DIR`)',
    );
  }

  const sweepHint = 'written by `ring sweep --out DIR`';
  const comparisonFile = join(dir, AGGREGATE_FILES.comparison);
  const strategyFile = join(dir, AGGREGATE_FILES.strategyOutcomes);
  const summaryFile = join(dir, AGGREGATE_FILES.summary);
  const comparison = load(comparisonFile, () => readComparisonCsv(comparisonFile), sweepHint);
  const strategyOutcomes = load(strategyFile, () => readTableRows(STRATEGY_OUTCOMES_TABLE, strategyFile), sweepHint);
  const summary = load(
    summaryFile,
    () => {
      const v: unknown = JSON.parse(readFileSync(summaryFile, 'utf8'));
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new FileFormatError(summaryFile, 0, 'not a JSON object');
      return v as Record<string, unknown>;
    },
    sweepHint,
  );

  // Run directories: sweep order (each pair's active run, then its passive run), then by name.
  let runIds: string[] = [];
  let run: RunSeries | null = null;
  if (single) {
    const id =
      dir
        .replace(/[\\/]+$/, '')
        .split(/[\\/]/)
        .pop() ?? dir;
    runIds = [id];
    if (options.runId !== undefined && options.runId !== id) {
      throw new ReportInputError('REPORT_RUN_NOT_FOUND', join(dir), `is the directory of run ${id}, not of --run ${options.runId}`, 'run');
    }
    run = loadRun(id, dir);
  } else {
    const present = isDir(runsDir)
      ? readdirSync(runsDir)
          .filter((n) => !isTemporaryName(n) && isRunFolder(join(runsDir, n))) // not the half-written folder of an interrupted run
          .sort()
      : [];
    const order: string[] = [];
    if (comparison.ok) {
      for (const r of comparison.value)
        for (const id of [r.active_run_id, r.passive_run_id]) if (id && present.includes(id) && !order.includes(id)) order.push(id);
    }
    for (const id of present) if (!order.includes(id)) order.push(id);
    runIds = order;
    if (options.runId !== undefined) {
      if (!present.includes(options.runId)) {
        throw new ReportInputError(
          'REPORT_RUN_NOT_FOUND',
          join(runsDir, options.runId),
          `no such run directory (--run); ${present.length === 0 ? 'DIR has no run directories' : `runs present: ${present.slice(0, 6).join(', ')}${present.length > 6 ? ', …' : ''}`}`,
          'run',
        );
      }
      run = loadRun(options.runId, join(runsDir, options.runId));
    } else if (order.length > 0) {
      run = loadRun(order[0]!, join(runsDir, order[0]!));
    }
  }

  const evaluations: LoadedEvaluation[] = [];
  const evaluationErrors: string[] = [];
  for (const file of evaluationFiles) {
    try {
      evaluations.push({ file, record: readEvaluationRecord(join(dir, file)) });
    } catch (e) {
      evaluationErrors.push(`${join(dir, file)} could not be read: ${(e as Error).message}`);
    }
  }
  return {
    dir,
    kinds,
    comparison,
    strategyOutcomes,
    summary,
    runIds,
    run,
    evaluations,
    evaluationErrors,
    explanation: loadExplanation(dir),
  };
}

/** The explanation of DIR; a directory without per-run logs of both arms is `missing`, an unusable file an `error`, a bad cell thrown. */
function loadExplanation(dir: string): Loaded<Explanation> {
  const path = join(dir, 'runs');
  try {
    return { ok: true, value: explainDirectory(dir).explanation, path };
  } catch (e) {
    if (e instanceof TableCellError) throw e; // corrupt data: the report refuses the directory, as for every table
    const code = (e as { code?: unknown }).code;
    const missing = typeof code === 'string' && ['EXPLAIN_NO_DETAILED_LOGS', 'EXPLAIN_ARM_MISSING', 'EXPLAIN_ONE_RUN'].includes(code);
    const message = (e as Error).message.replace(/\.$/, '');
    return { ok: false, missing, reason: missing ? message : `the per-run logs could not be explained: ${message}`, path };
  }
}
