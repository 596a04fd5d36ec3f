import { Command, CommanderError } from 'commander';
import { ConfigValidationError, RingError } from '@ring/engine';
import { CliUsageError, processIO } from './io';
import type { CliIO } from './io';
import { registerRun } from './commands/run';
import { registerSweep } from './commands/sweep';
import { registerMerge } from './commands/merge';
import { registerTables } from './commands/tables';
import { registerCompare } from './commands/compare';
import { registerReport } from './commands/report';
import { registerExplain } from './commands/explain';
import { registerQuery } from './commands/query';
import { registerExport } from './commands/export';
import { registerSchema } from './commands/schema';

/** Build the `ring` program. Each command lives in `commands/<name>.ts` and registers itself here. */
export function buildProgram(io: CliIO = processIO): Command {
  const program = new Command('ring')
    .description('Simulate Kalecki rings with dealers; measure, compare and export what happens.')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerRun(program, io);
  registerSweep(program, io);
  registerMerge(program, io);
  registerTables(program, io);
  registerCompare(program, io);
  registerExplain(program, io);
  registerReport(program, io);
  registerQuery(program, io);
  registerExport(program, io);
  registerSchema(program, io);
  return program;
}

/**
 * Run the CLI with `argv` (without the node and script entries). Returns the exit code:
 * 0 success, 2 bad input (a typed error naming the field), 1 anything else.
 */
export async function runCli(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof ConfigValidationError) {
      io.stderr(`error: ${e.message}\n`);
      return 2;
    }
    if (e instanceof CliUsageError || e instanceof RingError) {
      io.stderr(`error: ${e.message}\n`);
      return 2;
    }
    io.stderr(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}
