/** Where a command writes; injectable so tests can capture output without spawning a process. */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** True when stdout is an interactive terminal (progress bars are shown only then). */
  readonly isTTY: boolean;
}

/** The real process streams: what the `ring` bin uses (`stdout`/`stderr` of the process, `isTTY` of stdout). */
export const processIO: CliIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stdout.isTTY),
};

/** A user error the CLI reports as `error: …` with exit code 2 (bad flags, bad files). */
export class CliUsageError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  constructor(code: string, message: string, field?: string) {
    super(message);
    this.name = 'CliUsageError';
    this.code = code;
    this.field = field;
  }
}
