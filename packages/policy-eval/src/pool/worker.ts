import { executePair } from '../sweep/execute';
import type { SweepDefinition } from '../sweep/definition';
import type { PairOutput } from '../sweep/records';

/** One task of the pool: a chunk of pair indices of one sweep. */
export interface PairTask {
  readonly def: SweepDefinition;
  readonly indices: readonly number[];
  readonly detailed: boolean;
}

/** Worker entry (tinypool calls the default export): run the chunk's pairs in order. */
export default function runPairTask(task: PairTask): PairOutput[] {
  return task.indices.map((i) => executePair(task.def, i, { detailed: task.detailed }));
}
