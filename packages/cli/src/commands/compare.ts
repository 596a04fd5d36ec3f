import { existsSync, readFileSync } from 'node:fs';
import { Option } from 'commander';
import type { Command } from 'commander';
import { policyProfiles } from '@ring/engine';
import type { RunConfigInput } from '@ring/engine';
import { checkOutputDir, checkOutputFile, writeEvaluationFiles } from '@ring/export';
import {
  buildEvaluationRecord,
  comparePolicies,
  comparePoliciesAsync,
  comparisonId,
  createArmPool,
  decideAcceptance,
  resolveCompareOptions,
  toJsonValue,
} from '@ring/policy-eval';
import type { ComparePoliciesOptions, PolicyEvaluationRecord, PolicyPairEvaluation } from '@ring/policy-eval';
import { CliUsageError } from '../io';
import { storeEvaluation } from './db';
import type { CliIO } from '../io';
import { recordTimestamp } from '../timestamp';
import { addScenarioFlags, scenarioInput } from '../scenario-flags';
import { guardMemory, warnWorkers } from '../size-guard';

interface CompareFlags {
  old: string;
  new: string;
  mode?: 'deterministic' | 'bootstrap';
  samples?: string;
  scope: string;
  objective: 'total' | 'default_loss';
  ci: 't' | 'percentile';
  iteration?: string;
  requireSignificance?: boolean;
  workers?: string;
  out?: string;
  json?: boolean;
  db?: string;
}

function int(flag: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(Number(v)) || Number(v) < min) {
    throw new CliUsageError('FLAG_INVALID', `--${flag} must be an integer ≥ ${min} (got ${JSON.stringify(v)})`, flag);
  }
  return Number(v);
}

/** Read a policy file (`{"version", "policy_id", "parameters"}`, every field optional). */
export function readPolicyFile(path: string, flag: 'old' | 'new'): unknown {
  if (!existsSync(path)) throw new CliUsageError('FILE_INVALID', `--${flag}: policy file not found: ${path}`, flag);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CliUsageError('FILE_INVALID', `--${flag}: ${path} is not valid JSON (${(e as Error).message})`, flag);
  }
}

/**
 * Flags → comparison options (validation of values happens in policy-eval and the engine, naming the
 * field). The scenario is built like `ring run`'s: named flags of the profile, `--set`, `--config`.
 */
export function compareOptions(flags: CompareFlags, command: Command): ComparePoliciesOptions {
  const s = scenarioInput(command);
  const samples = int('samples', flags.samples, 1);
  // --samples alone implies bootstrap mode.
  const mode = flags.mode ?? (samples !== undefined && samples > 1 ? 'bootstrap' : 'deterministic');
  if (mode === 'deterministic' && samples !== undefined && samples !== 1) {
    throw new CliUsageError('FLAG_INVALID', '--samples applies to --mode bootstrap (deterministic mode runs one pair)', 'samples');
  }
  const scope = flags.scope === 'all' ? { scope: 'all_agents' as const } : { scope: 'focal_agent' as const, focalAgent: flags.scope };
  return {
    scenario: s as RunConfigInput,
    oldPolicy: readPolicyFile(flags.old, 'old') as ComparePoliciesOptions['oldPolicy'],
    newPolicy: readPolicyFile(flags.new, 'new') as ComparePoliciesOptions['newPolicy'],
    mode,
    ...(mode === 'bootstrap' && samples !== undefined ? { samples } : {}),
    ...scope,
    objective: flags.objective,
    ci: flags.ci,
    ...(flags.iteration !== undefined ? { iteration: int('iteration', flags.iteration, 0) } : {}),
  };
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

function human(ev: PolicyPairEvaluation, record: PolicyEvaluationRecord, oldId: string, newId: string): string {
  const ci = (c: [bigint, bigint] | null) => (c ? `[${c[0]}, ${c[1]}]` : 'n/a');
  const lines = [
    `ring compare — ${ev.sampling === 'deterministic' ? 'deterministic (one pair)' : `bootstrap (${ev.num_samples} paired samples, common random numbers)`}, ` +
      `scope ${ev.scope === 'all_agents' ? 'all traders' : `focal trader ${ev.focal_agent}`}, objective ${ev.objective}`,
    `  old ${oldId}: mean cost ${ev.mean_old_cost} cents  settlement ${pct(ev.old_settlement_rate)}  default ${pct(ev.old_default_rate)}  δ=${ev.old_delta}`,
    `  new ${newId}: mean cost ${ev.mean_new_cost} cents  settlement ${pct(ev.settlement_rate)}  default ${pct(ev.default_rate)}  δ=${ev.delta}  avg delay ${ev.avg_delay}`,
    `  delta_sum ${ev.delta_sum}  mean delta ${ev.mean_delta}  delta CI95 ${ci(ev.delta_ci_95)}  new-cost CI95 ${ci(ev.confidence_interval_95)}`,
    `  breakdown (new): ${Object.entries(ev.cost_breakdown)
      .map(([k, v]) => `${k}=${v}`)
      .join('  ')}`,
    `  ${record.accepted ? 'ACCEPTED' : 'REJECTED'}: ${record.acceptance_reason}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Register `ring compare`. */
export function registerCompare(program: Command, io: CliIO): Command {
  const cmd = program
    .command('compare')
    .description(
      `compare an old and a new trader policy on paired runs (costs, settlement, per-trader statistics); profiles with trader policies: ${policyProfiles().join(', ')}`,
    );
  addScenarioFlags(cmd)
    .requiredOption('--old <file>', 'old policy JSON ({"version","policy_id","parameters"}; every field optional)')
    .requiredOption('--new <file>', 'new policy JSON')
    .addOption(new Option('--mode <mode>', 'deterministic: one pair; bootstrap: N paired samples').choices(['deterministic', 'bootstrap']))
    .option('--samples <N>', 'bootstrap samples (default 30)')
    .option('--scope <scope>', '"all" (every trader runs the policy) or a focal trader id such as H17', 'all')
    .addOption(new Option('--objective <objective>', 'cost to compare').choices(['total', 'default_loss']).default('total'))
    .addOption(new Option('--ci <method>', 'CI of the paired deltas').choices(['t', 'percentile']).default('t'))
    .option('--iteration <k>', '0-based iteration of an optimisation loop (seed derivation)')
    .option('--require-significance', 'accept only if the paired-delta CI lies above 0', false)
    .option('--workers <n>', 'worker threads for the runs (default 1)')
    .option('--out <dir>', 'write evaluation.json and evaluation_agents.csv into DIR')
    .option('--json', 'print the PolicyPairEvaluation as one JSON object', false)
    .option('--db <file>', 'add the evaluation to the history in this DuckDB database (same inputs replace their row)')
    .action(async (flags: CompareFlags, command: Command) => {
      const options = compareOptions(flags, command);
      const resolved = resolveCompareOptions(options); // validates everything before any run
      if (flags.out) checkOutputDir(flags.out, 'compare');
      if (flags.db) checkOutputFile(flags.db, { field: 'db' });
      const timestamp = recordTimestamp(); // SOURCE_DATE_EPOCH, checked before any run
      const workers = int('workers', flags.workers, 1) ?? 1;
      guardMemory([resolved.base], Math.min(workers, resolved.samples * 2));
      warnWorkers(io, workers);
      let evaluation: PolicyPairEvaluation;
      if (workers > 1 && resolved.samples > 1) {
        const pool = createArmPool(workers);
        try {
          evaluation = await comparePoliciesAsync(options, pool.executor);
        } finally {
          await pool.destroy();
        }
      } else {
        evaluation = comparePolicies(options);
      }
      const acceptance = { requireStatisticalSignificance: Boolean(flags.requireSignificance) };
      const decision = decideAcceptance(evaluation, acceptance);
      const record = buildEvaluationRecord({
        evaluation,
        decision,
        proposedPolicy: resolved.newPolicy,
        runId: comparisonId(resolved),
        iteration: resolved.iteration,
        timestamp,
      });
      if (flags.out) writeEvaluationFiles(flags.out, record);
      if (flags.db) await storeEvaluation(flags.db, record, resolved, acceptance);
      io.stdout(
        flags.json
          ? `${JSON.stringify(toJsonValue(evaluation))}\n`
          : human(evaluation, record, resolved.oldPolicy.policy_id ?? flags.old, resolved.newPolicy.policy_id ?? flags.new),
      );
    });
  return cmd;
}
