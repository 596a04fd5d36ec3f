import { Option } from 'commander';
import type { Command } from 'commander';
import type { ModelProfile, RunConfigInput } from '@ring/engine';
import { CliUsageError } from './io';

/** Scenario flags shared by `ring run` and `ring compare` (contract: names never change). */
export interface ScenarioFlags {
  profile: ModelProfile;
  nAgents?: string;
  maturityDays?: string;
  qTotal?: string;
  faceValue?: string;
  kappa: string;
  concentration: string;
  mu: string;
  outsideMidRatio?: string;
  bigEntityShare?: string;
  seed: string;
  emulateDisplayAbort?: boolean;
}

/** Built-in defaults of the CLI (the engine requires κ, c, μ and a seed; the CLI supplies these). */
export const CLI_DEFAULTS = { profile: 'spec', kappa: '1', concentration: '1', mu: '0.5', seed: '42' } as const;

export function addScenarioFlags(cmd: Command): Command {
  return cmd
    .addOption(new Option('--profile <profile>', 'model profile').choices(['spec', 'paper2025']).default(CLI_DEFAULTS.profile))
    .option('--n-agents <n>', 'number of ring traders N (spec default 100, paper2025 5)')
    .option('--maturity-days <T>', 'maturity horizon T in days (default 10)')
    .option('--q-total <Q>', 'total ring face Q (default 10000)')
    .option('--face-value <S>', 'ticket size S (spec default 1, paper2025 20)')
    .option('--kappa <kappa>', 'debt-to-money ratio κ > 0', CLI_DEFAULTS.kappa)
    .option('--concentration <c>', 'Dirichlet concentration c > 0', CLI_DEFAULTS.concentration)
    .option('--mu <mu>', 'maturity lead parameter μ in [0, 1]', CLI_DEFAULTS.mu)
    .option('--outside-mid-ratio <rho>', 'outside mid ratio ρ > 0 (default 1)')
    .option('--big-entity-share <beta>', 'big-entity share β ≥ 0 (paper2025, default 0.25)')
    .option('--seed <seed>', 'run seed, an integer ≥ 0', CLI_DEFAULTS.seed)
    .option('--emulate-display-abort', 'paper2025: reproduce the published numbers (display abort)', false);
}

function int(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim()))
    throw new CliUsageError('FLAG_INVALID', `--${flag} must be a non-negative integer (got ${JSON.stringify(v)})`, flag);
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new CliUsageError('FLAG_INVALID', `--${flag} must be below 2^53 (got ${v})`, flag);
  return n;
}

/** Flags → engine input. Ranges are checked by the engine's validation (typed errors naming the field). */
export function scenarioInput(f: ScenarioFlags): RunConfigInput {
  const input: Record<string, unknown> = {
    profile: f.profile,
    seed: int('seed', f.seed),
    kappa: f.kappa,
    concentration: f.concentration,
    mu: f.mu,
  };
  if (f.nAgents !== undefined) input.nAgents = int('n-agents', f.nAgents);
  if (f.maturityDays !== undefined) input.maturityDays = int('maturity-days', f.maturityDays);
  if (f.qTotal !== undefined) input.qTotal = f.qTotal;
  if (f.faceValue !== undefined) input.ticketSize = f.faceValue;
  if (f.outsideMidRatio !== undefined) input.outsideMidRatio = f.outsideMidRatio;
  if (f.profile === 'paper2025') {
    if (f.bigEntityShare !== undefined) input.bigEntityShare = f.bigEntityShare;
    input.emulateDisplayAbort = Boolean(f.emulateDisplayAbort);
  } else {
    if (f.bigEntityShare !== undefined)
      throw new CliUsageError('FLAG_INVALID', '--big-entity-share applies to --profile paper2025 only', 'big-entity-share');
    if (f.emulateDisplayAbort)
      throw new CliUsageError('FLAG_INVALID', '--emulate-display-abort applies to --profile paper2025 only', 'emulate-display-abort');
    // The CLI's default spec ring is the configuration's N (100); smaller rings are allowed from the CLI.
    input.allowSmallRing = true;
  }
  return input as unknown as RunConfigInput;
}
