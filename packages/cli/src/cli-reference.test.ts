/**
 * The CLI reference cannot drift from the CLI: every command of `ring`, and every flag of every
 * command (as `--help` prints it), must be documented in this package's README (in the command's
 * section) and in the root README's CLI reference (in the command's subsection).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildProgram } from './program';
import type { CliIO } from './io';

const here = dirname(fileURLToPath(import.meta.url));
const readmes = {
  'packages/cli/README.md': readFileSync(join(here, '..', 'README.md'), 'utf8'),
  'README.md': readFileSync(join(here, '..', '..', '..', 'README.md'), 'utf8'),
};
const silent: CliIO = { stdout: () => {}, stderr: () => {}, isTTY: false };
const commands = buildProgram(silent).commands;

/** The text of the `## …ring <name>…` (or `###`) section, up to the next heading of the same or a higher level. */
function section(markdown: string, name: string): string | null {
  const m = new RegExp(`^(#{2,3}) [^\\n]*\\bring ${name}\\b[^\\n]*$`, 'm').exec(markdown);
  if (!m) return null;
  const rest = markdown.slice(m.index + m[0].length);
  const end = new RegExp(`^#{1,${m[1]!.length}} `, 'm').exec(rest);
  return end ? rest.slice(0, end.index) : rest;
}

const SCENARIO_FLAGS_IN_RUN = 'compare'; // `ring compare` takes the scenario flags documented under `ring run`

describe.each(Object.entries(readmes))('%s documents the CLI', (_file, markdown) => {
  it('has a section per command', () => {
    expect(commands.map((c) => c.name()).filter((n) => section(markdown, n) === null)).toEqual([]);
  });
  it.each(commands.map((c) => [c.name(), c] as const))('ring %s: every flag', (name, cmd) => {
    const own = section(markdown, name) ?? '';
    const run = section(markdown, 'run') ?? '';
    const missing = cmd.options
      .map((o) => o.long!)
      .filter((flag) => flag !== '--help')
      .filter((flag) => {
        const re = new RegExp(`\`${flag}(?![\\w-])`);
        return !re.test(own) && !(name === SCENARIO_FLAGS_IN_RUN && re.test(run));
      });
    expect(missing).toEqual([]);
  });
});
