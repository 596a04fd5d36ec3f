import { Option } from 'commander';
import type { Command } from 'commander';
import { configOutputs, pairMetrics, resolveConfig, runParameters, simulate, withRegime } from '@ring/engine';
import { RUN_SUMMARY_TABLE, createRunCollector, validateRows } from '@ring/metrics';
import type { RunRows } from '@ring/metrics';
import { checkOutputDir, checkOutputFile, writeJson } from '@ring/export';
import { runDetailed } from './run-detailed';
import { storeRun } from './db';
import { join } from 'node:path';
import { CliUsageError } from '../io';
import type { RunConfig, RunResult } from '@ring/engine';
import type { CliIO } from '../io';
import { addScenarioFlags, scenarioInput } from '../scenario-flags';
import { guardMemory } from '../size-guard';

interface RunFlags {
  regime: 'passive' | 'active' | 'pair';
  json?: boolean;
  detailedLogging?: boolean;
  out?: string;
  db?: string;
}

/** The JSON object printed by `ring run --json` (field names are a contract). */
export interface RunJson {
  profile: string;
  n_agents: number;
  maturity_days: number;
  q_total: string;
  face_value: string;
  kappa: string;
  concentration: string;
  mu: string;
  outside_mid_ratio: string;
  big_entity_share: string | null;
  seed: number;
  regime: string;
  emulate_display_abort: boolean | null;
  pair_id: string;
  passive_run_id: string | null;
  active_run_id: string | null;
  delta_passive: string | null;
  delta_active: string | null;
  phi_passive: string | null;
  phi_active: string | null;
  trading_effect: string | null;
  trading_relief_ratio: string | null;
  effect_class: string | null;
  stress_regime: string | null;
  total_trades: number | null;
  n_defaults_passive: number | null;
  n_defaults_active: number | null;
  final_day_passive: number | null;
  final_day_active: number | null;
  end_reason_passive: string | null;
  end_reason_active: string | null;
}

/** Run one pair (or one arm) and build the `--json` object. */
export function runJob(
  cfg: RunConfig,
  regime: RunFlags['regime'],
  detailed = false,
): { json: RunJson; passive: RunResult | null; active: RunResult | null; rows: RunRows[] } {
  const rows: RunRows[] = [];
  const arm = (r: 'passive' | 'active'): RunResult => {
    // Detailed logging attaches a collector; without it the engine builds no events at all.
    if (!detailed) return simulate(withRegime(cfg, r));
    const c = createRunCollector();
    const result = simulate(withRegime(cfg, r), { observer: c.observer });
    rows.push(c.finish(result));
    return result;
  };
  const passive = regime === 'active' ? null : arm('passive');
  const active = regime === 'passive' ? null : arm('active');
  return { json: runJson(cfg, regime, passive, active), passive, active, rows };
}

/** The `--json` object of a run from its arms' results (field names are a contract). */
export function runJson(cfg: RunConfig, regime: RunFlags['regime'], passive: RunResult | null, active: RunResult | null): RunJson {
  const pm = passive && active ? pairMetrics(passive, active) : null;
  const any = (passive ?? active)!;
  // Profile-specific fields (paper2025: β and the display-abort switch) from the profile's key table; null when absent.
  const extra = configOutputs(cfg) as Record<string, string | boolean | undefined>;
  return {
    profile: cfg.profile,
    n_agents: cfg.nAgents,
    maturity_days: cfg.maturityDays,
    q_total: cfg.qTotal,
    face_value: cfg.ticketSize,
    kappa: runParameters(cfg).kappa,
    concentration: cfg.concentration,
    mu: cfg.mu,
    outside_mid_ratio: cfg.outsideMidRatio,
    big_entity_share: (extra.big_entity_share as string | undefined) ?? null,
    seed: cfg.seed,
    regime,
    emulate_display_abort: (extra.emulate_display_abort as boolean | undefined) ?? null,
    pair_id: any.pairId,
    passive_run_id: passive?.runId ?? null,
    active_run_id: active?.runId ?? null,
    delta_passive: passive?.delta ?? null,
    delta_active: active?.delta ?? null,
    phi_passive: passive?.phi ?? null,
    phi_active: active?.phi ?? null,
    trading_effect: pm?.tradingEffect ?? null,
    trading_relief_ratio: pm?.tradingReliefRatio ?? null,
    effect_class: pm?.effectClass ?? null,
    stress_regime: pm?.stressRegime ?? null,
    total_trades: active ? active.trades.total : null,
    n_defaults_passive: passive?.nDefaults ?? null,
    n_defaults_active: active?.nDefaults ?? null,
    final_day_passive: passive?.finalDay ?? null,
    final_day_active: active?.finalDay ?? null,
    end_reason_passive: passive?.endReason ?? null,
    end_reason_active: active?.endReason ?? null,
  };
}

function human(j: RunJson): string {
  const lines = [
    `ring run — profile ${j.profile}, N=${j.n_agents}, T=${j.maturity_days}, Q=${j.q_total}, S=${j.face_value}`,
    `  κ=${j.kappa}  c=${j.concentration}  μ=${j.mu}  ρ=${j.outside_mid_ratio}${j.big_entity_share !== null ? `  β=${j.big_entity_share}` : ''}  seed=${j.seed}`,
  ];
  if (j.delta_passive !== null)
    lines.push(
      `  passive  δ=${j.delta_passive}  φ=${j.phi_passive}  defaults=${j.n_defaults_passive}  end=${j.end_reason_passive} (day ${j.final_day_passive})`,
    );
  if (j.delta_active !== null)
    lines.push(
      `  active   δ=${j.delta_active}  φ=${j.phi_active}  defaults=${j.n_defaults_active}  trades=${j.total_trades}  end=${j.end_reason_active} (day ${j.final_day_active})`,
    );
  if (j.trading_effect !== null)
    lines.push(
      `  trading effect Δ=${j.trading_effect}  relief ratio=${j.trading_relief_ratio}  (${j.effect_class}, ${j.stress_regime} stress)`,
    );
  return `${lines.join('\n')}\n`;
}

/** Register `ring run`. */
export function registerRun(program: Command, io: CliIO): Command {
  const cmd = program.command('run').description('run one passive/active pair (or one regime) and print its outcome');
  addScenarioFlags(cmd)
    .addOption(new Option('--regime <regime>', 'which arm(s) to run').choices(['passive', 'active', 'pair']).default('pair'))
    .option('--json', 'print one JSON object instead of text', false)
    .option('--detailed-logging', 'write every per-run instrumentation file (needs --out)', false)
    .option('--out <dir>', 'output directory: run.json; with --detailed-logging also runs/<run_id>/… and aggregate/…')
    .option('--db <file>', 'also write the runs, the pair and (with --detailed-logging) every per-run table into this DuckDB database')
    .action(async (flags: RunFlags, command: Command) => {
      if (flags.detailedLogging && !flags.out) throw new CliUsageError('FLAG_INVALID', '--detailed-logging needs --out DIR', 'out');
      const input = scenarioInput(command);
      const cfg = resolveConfig(input);
      guardMemory([cfg]);
      // A regime from --config or --set chooses the arm unless --regime is given.
      if (command.getOptionValueSource('regime') === 'default' && input.regime !== undefined) flags.regime = cfg.regime;
      if (flags.out) checkOutputDir(flags.out, 'run'); // before any simulation: never mix into a sweep's files
      if (flags.db) checkOutputFile(flags.db, { field: 'db' });
      let json: RunJson;
      let rows: RunRows[] = [];
      let arms: (RunResult | null)[];
      if (flags.detailedLogging) {
        // per-run files stream to <out>/runs/<run_id>/ while the runs execute; run-level tables in <out>/aggregate/
        const d = runDetailed(flags.out!, cfg, flags.regime);
        json = runJson(cfg, flags.regime, d.passive, d.active);
        rows = d.rows;
        arms = [d.passive, d.active];
      } else {
        const r = runJob(cfg, flags.regime);
        json = r.json;
        arms = [r.passive, r.active];
      }
      // the summaries are the rows of the run_summary table: checked against its definition
      const summaries = validateRows(
        RUN_SUMMARY_TABLE,
        rows.map((r) => r.summary),
        (i) => ({ file: flags.out ? join(flags.out, 'run.json') : 'run.json', row: i }),
      );
      if (flags.out) writeJson(join(flags.out, 'run.json'), { ...json, summaries });
      if (flags.db)
        await storeRun(
          flags.db,
          arms.filter((r): r is RunResult => r !== null),
          summaries,
          flags.detailedLogging ? flags.out! : null,
        );
      io.stdout(flags.json ? `${JSON.stringify(json)}\n` : human(json));
    });
  return cmd;
}
