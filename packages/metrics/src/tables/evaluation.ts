import { COST_KEYS } from '../policy-metrics';
import { col, columnsOf, defineTableColumns } from './define';
import type { ColumnSpec } from './define';
import type { TableDef, TypedCell } from './types';

/** One row of `evaluation_agents.csv`: column → typed cell (money columns are integer-cent strings). */
export type EvaluationAgentTableRow = Record<string, TypedCell>;

function costColumns(): Record<string, ColumnSpec> {
  const out: Record<string, ColumnSpec> = {};
  for (const k of COST_KEYS) out[k] = col.cents(`cost component ${k} of this trader (new policy)`);
  return out;
}

/**
 * `evaluation_agents.csv` (docs/policy-eval.md §11): one row per trader of a policy evaluation,
 * the evaluation's key and decision repeated on every row; money in integer cents.
 */
export const EVALUATION_AGENTS_TABLE: TableDef<EvaluationAgentTableRow> = defineTableColumns<EvaluationAgentTableRow>(
  {
    id: 'evaluation_agents',
    file: 'evaluation_agents.csv',
    scope: 'evaluation',
    format: 'csv',
    title: 'Policy evaluation, per trader',
    doc: "One row per trader of an evaluation (agent order), with the evaluation's key and decision and the trader's statistics under the new policy.",
    specRef: 'docs/policy-eval.md §11',
    key: ['run_id', 'iteration', 'evaluation_agent_id', 'agent_id'],
  },
  columnsOf({
    run_id: col.string('run id of the evaluation'),
    iteration: col.integer('0-based iteration'),
    evaluation_agent_id: col.string('focal trader of the evaluation, or ALL'),
    agent_id: col.string('the trader of this row'),
    is_focal: col.boolean('this trader is the focal trader'),
    evaluation_mode: col.enum(['deterministic', 'bootstrap'], 'one seed, or N common-random-number samples'),
    scope: col.enum(['focal_agent', 'all_agents'], 'evaluation scope'),
    objective: col.enum(['total', 'default_loss'], 'cost objective'),
    sampling: col.enum(['deterministic', 'crn_montecarlo'], 'sampling scheme'),
    num_samples: col.integer('paired samples N'),
    accepted: col.boolean('the new policy was accepted'),
    acceptance_reason: col.string('why it was accepted or rejected'),
    delta_sum: col.cents('Σ over samples of old − new cost'),
    cost: col.cents("this trader's objective cost under the new policy"),
    old_cost: col.cents("this trader's objective cost under the old policy"),
    settlement_rate: col.double('share of matured liabilities settled'),
    avg_delay: col.double('average settlement delay', { unit: 'days' }),
    payoff_rate: col.double('share of face paid'),
    default_rate: col.double('share of matured liabilities defaulted'),
    ...costColumns(),
    std_dev: col.cents("standard deviation of this trader's per-sample costs; empty for N < 2", { nullable: true }),
    ci_95_lower: col.cents('lower end of the 95% confidence interval of the cost; empty for N < 2', { nullable: true }),
    ci_95_upper: col.cents('upper end of the 95% confidence interval of the cost; empty for N < 2', { nullable: true }),
    n_matured: col.double('liabilities matured (mean over samples)'),
    n_settled: col.double('liabilities settled (mean over samples)'),
    n_defaulted: col.double('liabilities defaulted (mean over samples)'),
    avg_days_to_default: col.double('mean days from due day to default; empty if it never defaulted', { nullable: true }),
    timestamp: col.string('when the evaluation was made (excluded from determinism checks)'),
  }),
);
