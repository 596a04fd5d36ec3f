import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { processIO } from './io';
import type { CliIO } from './io';
import { errorReport } from './errors';
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

/** The version of `@ring/cli` (its package.json, one folder above both `src/` and `dist/`). */
export function cliVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Build the `ring` program. Each command lives in `commands/<name>.ts` and registers itself here. */
export function buildProgram(io: CliIO = processIO): Command {
  const program = new Command('ring')
    .description('Simulate Kalecki rings with dealers; measure, compare and export what happens.')
    .version(cliVersion(), '-V, --version', 'print the version')
    .option('--debug', 'on an error, also print the stack trace (any position on the command line)')
    .exitOverride()
    // Errors are printed by runCli as one line; commander only prints help.
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: () => undefined });
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
 * Run the CLI with `argv` (without the node and script entries). Returns the exit code: 0 success;
 * 2 bad input or an unusable path (any ring error, a usage error, a file-system error such as
 * EACCES or ENOSPC): one line `error: <CODE>: <message>` on stderr; 1 anything else (one line).
 * `--debug` anywhere on the command line adds the stack trace.
 */
export async function runCli(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const program = buildProgram(io);
  try {
    await program.parseAsync(args, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0; // --help, --version
      if (e.code === 'commander.help') return 2; // `ring` alone: the help went to stderr
    }
    const first = args.find((a) => !a.startsWith('-'));
    const command = program.commands.find((c) => c.name() === first)?.name();
    const report = errorReport(e, { debug, command });
    io.stderr(report.text);
    return report.exitCode;
  }
}
