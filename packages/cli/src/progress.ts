import cliProgress from 'cli-progress';

/** A progress bar on stderr that goes through phases (running pairs, writing aggregate/, CIs…). */
export interface Progress {
  /** Start a phase: `label |bar| value/total unit`, with an ETA; replaces the previous phase's bar. */
  phase(label: string, total: number, unit: string): void;
  /** Move the current phase to `value`; `rate` is shown after the count when given. */
  update(value: number, rate?: string): void;
  /** Remove the bar. */
  stop(): void;
}

const NONE: Progress = { phase: () => undefined, update: () => undefined, stop: () => undefined };

/**
 * A {@link Progress} drawn on `stream` (default stderr), or one that does nothing when `enabled` is
 * false (not a terminal, or `--no-progress`). Updates are throttled by cli-progress.
 */
export function createProgress(enabled: boolean, stream: NodeJS.WritableStream = process.stderr): Progress {
  if (!enabled) return NONE;
  const bar = new cliProgress.SingleBar(
    {
      format: '{label} |{bar}| {value}/{total} {unit}{rate} | ETA {eta_formatted}',
      stream,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let running = false;
  return {
    phase(label, total, unit) {
      if (running) bar.stop();
      bar.start(total, 0, { label, unit, rate: '' });
      running = true;
    },
    update(value, rate) {
      if (running) bar.update(value, rate === undefined ? {} : { rate: ` | ${rate}` });
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
