import { RingError } from '@ring/engine';

/** Where a command writes; injectable so tests can capture output without spawning a process. */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** True when stdout is an interactive terminal (progress bars are shown only then). */
  readonly isTTY: boolean;
  /** Where progress bars are drawn (default: the process's stderr). */
  readonly progress?: NodeJS.WritableStream;
}

/** The real process streams: what the `ring` bin uses (`stdout`/`stderr` of the process, `isTTY` of stdout). */
export const processIO: CliIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stdout.isTTY),
};

/**
 * A user error of the command line (a bad flag value, a bad file) reported as `error: …` with exit
 * code 2. A `RingError`: stable `code` (`FLAG_INVALID`, `FILE_INVALID`, …), the offending
 * `field` (the flag without dashes), an optional `hint`.
 */
export class CliUsageError extends RingError {
  constructor(code: string, message: string, field?: string, hint?: string) {
    super(code, message, { field, hint });
  }
}
