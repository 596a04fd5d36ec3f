/**
 * The CliIO the CLI's tests run commands with: it captures stdout and stderr as text, on a stream
 * that is not a terminal. Test-only (no entry point imports it).
 */
import type { CliIO } from './io';

/** A CliIO that captures output. */
export function captureIO(): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    isTTY: false,
    stdout: (t: string) => {
      io.out += t;
    },
    stderr: (t: string) => {
      io.err += t;
    },
  };
  return io;
}
