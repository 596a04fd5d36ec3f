export {
  SweepError,
  sweepPreset,
  defineSweep,
  sweepHash,
  cellCount,
  pairCount,
  cellValues,
  locatePair,
  armConfig,
  REGIME_ARMS,
  PAPER_GRID,
  PRESET_NAMES,
  DECIMAL_AXIS_KEYS,
  INTEGER_AXIS_KEYS,
  BOOLEAN_AXIS_KEYS,
  STRING_AXIS_KEYS,
} from './definition';
export type {
  AxisKey,
  AxisValue,
  SweepAxis,
  SweepArm,
  SweepDefinition,
  SweepDefinitionInput,
  PresetName,
  PresetOptions,
  PairLocation,
} from './definition';
export { COMPARISON_COLUMNS, comparisonRow, withTradeWindow2025, sweepSummary, createSweepSummaryAccumulator } from './records';
export type { TableRow, PairRecord, PairDetail, PairOutput, SweepSummary, SweepSummaryAccumulator } from './records';
export { executePair } from './execute';
export type { ExecuteOptions } from './execute';
export { parseShard, formatShard, shardIndices, planSweep, WHOLE } from './shard';
export type { ShardSpec, SweepPlan } from './shard';
export { runSweep } from './runner';
export type { RunSweepOptions, SweepRunResult } from './runner';
