import { COST_KEYS, OUTPUT_TABLES } from '@ring/metrics';
import type { ColumnType as DefinitionType, TableDef } from '@ring/metrics';
import { StoreError } from './errors';
import type { ColumnType, StoreColumn, StoreTable } from './schema';

/** Definition type → stored type (enumerations are text). */
const STORED: Readonly<Record<DefinitionType, ColumnType>> = {
  integer: 'integer',
  decimal: 'decimal',
  double: 'double',
  cents: 'cents',
  string: 'string',
  boolean: 'boolean',
  enum: 'string',
};

/** The database name of an output table: `comparison.csv` is the `pairs` table, evaluations are `policy_…`. */
const RENAMED: Readonly<Record<string, string>> = { comparison: 'pairs', evaluation_agents: 'policy_evaluation_agents' };

/**
 * The stored form of an output-table definition of `@ring/metrics`: same columns and types, keyed
 * for idempotent writes — per-run tables by `run_id` (a run's rows are replaced together), `pairs`
 * by `pair_id`, run-level tables by `run_id`, evaluation rows by `evaluation_id`.
 */
export function storedTable(def: TableDef<object>): StoreTable {
  const name = RENAMED[def.id] ?? def.id;
  const template = def.columns.find((c) => c.perBucket);
  const columns: StoreColumn[] = def.columns
    .filter((c) => !c.perBucket)
    .map((c) => ({
      name: c.name,
      type: STORED[c.type],
      doc: c.doc,
      ...(c.aliases?.length ? { aliases: c.aliases } : {}),
      ...(c.optional ? { absent: c.absentValue ?? null } : {}),
    }));
  const dynamic = template ? { prefix: template.name.slice(0, template.name.indexOf('<')), type: STORED[template.type] } : undefined;
  const base = { name, doc: def.doc, ...(dynamic ? { dynamic } : {}) };
  if (def.scope === 'run' && def.format === 'csv') {
    return { ...base, columns, key: ['run_id'], replace: 'group', file: `runs/*/${def.file}` };
  }
  if (def.scope === 'evaluation') {
    return { ...base, columns: [{ name: 'evaluation_id', type: 'string' }, ...columns], key: ['evaluation_id'], replace: 'group' };
  }
  if (def.scope === 'sweep-aggregate') return { ...base, columns, key: def.key, replace: 'row', file: `aggregate/${def.file}` };
  return { ...base, columns, key: def.key, replace: 'row' };
}

const s = (name: string): StoreColumn => ({ name, type: 'string' });
const i = (name: string): StoreColumn => ({ name, type: 'integer' });
const d = (name: string): StoreColumn => ({ name, type: 'decimal' });
const c = (name: string): StoreColumn => ({ name, type: 'cents' });
const f = (name: string): StoreColumn => ({ name, type: 'double' });
const j = (name: string): StoreColumn => ({ name, type: 'json' });
const b = (name: string): StoreColumn => ({ name, type: 'boolean' });

/**
 * `runs`: one row per run (arm). Identity, outcome, the whole resolved configuration as canonical
 * JSON (`config`), and one column per configuration key (snake_case, added as keys appear: the
 * profiles own their keys).
 */
export const RUNS_TABLE: StoreTable = {
  name: 'runs',
  doc: 'One row per run (arm): identity, outcome, and every configuration key (one column each, plus the canonical JSON in config).',
  columns: [
    s('run_id'),
    s('pair_id'),
    s('regime'),
    s('profile'),
    s('status'),
    d('delta'),
    d('phi'),
    i('n_defaults'),
    i('final_day'),
    s('end_reason'),
    j('config'),
  ],
  key: ['run_id'],
  replace: 'row',
};

/** `sweeps`: one row per sweep definition (shards of one sweep share it). */
export const SWEEPS_TABLE: StoreTable = {
  name: 'sweeps',
  doc: 'One row per sweep definition: its hash, preset, profile, replicates, base seed, pair count and the definition as JSON.',
  columns: [s('sweep_id'), s('preset'), s('profile'), i('replicates'), i('base_seed'), i('total_pairs'), j('definition')],
  key: ['sweep_id'],
  replace: 'row',
};

/** `sweep_pairs`: which pairs belong to which sweep, at which index. */
export const SWEEP_PAIRS_TABLE: StoreTable = {
  name: 'sweep_pairs',
  doc: 'One row per pair of a sweep: sweep_id, pair_index (sweep order), cell, replicate, seed and the pair_id to join pairs and runs.',
  columns: [s('sweep_id'), i('pair_index'), i('cell'), i('replicate'), i('seed'), s('pair_id')],
  key: ['sweep_id', 'pair_index'],
  replace: 'row',
};

/**
 * `policy_evaluations`: one row per evaluation (docs/policy-eval.md §11 record plus its inputs).
 * `evaluation_id` hashes every input (scenario, both policies, mode, samples, iteration, scope,
 * objective, CI method, rounding, cost rates, acceptance options); (`run_id`, `iteration`,
 * `agent_id`) is the §11 key. The scenario's configuration keys are added as columns like in `runs`.
 */
export const POLICY_EVALUATIONS_TABLE: StoreTable = {
  name: 'policy_evaluations',
  doc: 'One row per policy evaluation: inputs (scenario, old and new policy, options), costs in cents, deltas, CI, acceptance, and the §11 key.',
  columns: [
    s('evaluation_id'),
    s('run_id'),
    i('iteration'),
    s('agent_id'),
    s('evaluation_mode'),
    s('scope'),
    s('focal_agent'),
    s('objective'),
    s('ci_method'),
    s('rounding'),
    s('sampling'),
    i('num_samples'),
    i('iteration_seed'),
    i('scenario_seed'),
    s('old_policy_id'),
    s('new_policy_id'),
    j('old_policy'),
    j('new_policy'),
    j('scenario_config'),
    j('options'),
    j('acceptance_options'),
    b('accepted'),
    s('acceptance_reason'),
    c('old_cost'),
    c('new_cost'),
    c('context_simulation_cost'),
    c('delta_sum'),
    c('mean_delta'),
    c('mean_old_cost'),
    c('mean_new_cost'),
    c('system_cost'),
    c('old_system_cost'),
    c('cost_std_dev'),
    c('ci_95_lower'),
    c('ci_95_upper'),
    c('delta_ci_95_lower'),
    c('delta_ci_95_upper'),
    f('settlement_rate'),
    f('old_settlement_rate'),
    f('avg_delay'),
    f('old_avg_delay'),
    f('payoff_rate'),
    f('old_payoff_rate'),
    f('default_rate'),
    f('old_default_rate'),
    d('delta'),
    d('old_delta'),
    f('relief_ratio'),
    ...COST_KEYS.map(c),
    ...COST_KEYS.map((k) => c(`old_${k}`)),
    j('sample_details'),
    s('timestamp'),
    j('record'),
  ],
  key: ['evaluation_id'],
  replace: 'row',
};

/** Every table of the database schema, in documentation order. */
export const STORE_TABLES: readonly StoreTable[] = [
  RUNS_TABLE,
  ...OUTPUT_TABLES.filter((t) => t.scope === 'sweep-aggregate').map(storedTable),
  SWEEPS_TABLE,
  SWEEP_PAIRS_TABLE,
  ...OUTPUT_TABLES.filter((t) => t.scope === 'run').map(storedTable),
  POLICY_EVALUATIONS_TABLE,
  ...OUTPUT_TABLES.filter((t) => t.scope === 'evaluation').map(storedTable),
];

/** The table definition with this name; an unknown name throws `STORE_INPUT`. */
export function storeTable(name: string): StoreTable {
  const t = STORE_TABLES.find((x) => x.name === name);
  if (!t) throw new StoreError('STORE_INPUT', `no table ${JSON.stringify(name)} (known: ${STORE_TABLES.map((x) => x.name).join(', ')})`);
  return t;
}
