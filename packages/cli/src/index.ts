/**
 * @ring/cli — the `ring` command, also usable programmatically.
 * @packageDocumentation
 */
export { buildProgram, runCli } from './program';
export { runJob } from './commands/run';
export type { RunJson } from './commands/run';
export { CliUsageError, processIO } from './io';
export type { CliIO } from './io';
