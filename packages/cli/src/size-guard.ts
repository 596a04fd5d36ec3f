/**
 * The size guard: refuse, before allocating anything, a configuration whose runs cannot fit in this
 * machine's memory (each profile estimates its runs' bytes from the configuration alone), and warn
 * when more workers are asked for than there are CPUs.
 */
import { availableParallelism, totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { estimateRunBytes } from '@ring/engine';
import type { RunConfig } from '@ring/engine';
import type { CliIO } from './io';
import { CliUsageError } from './io';

/** What one run and all runs together may use: the V8 heap limit (raise it with `--max-old-space-size`) and the RAM. */
export interface MemoryBudget {
  readonly perRun: number;
  readonly total: number;
}

/** This process's budget: one run may use the smaller of the heap limit and the RAM; all workers together the RAM. */
export function memoryBudget(): MemoryBudget {
  const total = totalmem();
  return { perRun: Math.min(getHeapStatistics().heap_size_limit, total), total };
}

/** Bytes in words: `74.5 GiB`, `512 MiB`. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return 'more than any machine has';
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let i = 0;
  let x = n;
  while (x >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return i === 0 ? `${Math.round(x)} bytes` : `${x.toFixed(1)} ${units[i]}`;
}

/**
 * Refuse (CliUsageError `TOO_LARGE`, exit code 2) when the largest of `configs` needs more memory
 * than one run may use, or `workers` such runs at once more than the machine has.
 */
export function guardMemory(
  configs: readonly RunConfig[],
  workers = 1,
  hint = 'lower --q-total or --n-agents, or raise --face-value',
  budget: MemoryBudget = memoryBudget(),
): void {
  let need = 0;
  for (const c of configs) need = Math.max(need, estimateRunBytes(c));
  if (need > budget.perRun) {
    throw new CliUsageError(
      'TOO_LARGE',
      `TOO_LARGE: a run of this configuration needs about ${formatBytes(need)} of memory, more than one run can have here ` +
        `(${formatBytes(budget.perRun)}: the smaller of the V8 heap limit and the RAM); ${hint}`,
    );
  }
  if (workers > 1 && need * workers > budget.total) {
    throw new CliUsageError(
      'TOO_LARGE',
      `TOO_LARGE: ${workers} workers × about ${formatBytes(need)} per run need more memory than this machine has (${formatBytes(budget.total)}); ` +
        `use fewer --workers or ${hint}`,
      'workers',
    );
  }
}

/** Warn on stderr when `--workers` exceeds the CPU count (more threads than CPUs only add overhead). */
export function warnWorkers(io: CliIO, workers: number, cpus: number = availableParallelism()): void {
  if (workers > cpus) {
    io.stderr(
      `warning: --workers ${workers} exceeds the ${cpus} CPU${cpus === 1 ? '' : 's'} of this machine; the extra workers only add overhead\n`,
    );
  }
}
