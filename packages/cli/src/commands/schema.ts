import { Option } from 'commander';
import type { Command } from 'commander';
import { DEFAULT_PROFILE, getProfile, profileJsonSchema, profileNames } from '@ring/engine';
import type { CliIO } from '../io';

interface SchemaFlags {
  profile: string;
  json?: boolean;
  keys?: boolean;
}

function shortDefault(key: string, v: unknown): string {
  if (v === undefined) return key.includes('.') ? '—' : '(required)';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 24 ? `${text.slice(0, 23)}…` : text;
}

/** The key table of a profile as text: key, named flag, type, default, allowed range, doc. */
function keyTable(profile: string): string {
  const p = getProfile(profile);
  const rows = p.keys.map((k) => [
    k.key,
    k.flag ? `--${k.flag}` : '--set',
    k.type === 'enum' ? (k.values ?? []).join('|') : k.type,
    shortDefault(k.key, k.default),
    `${k.doc}: ${k.range}`,
  ]);
  const width = (i: number) => Math.min(24, Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i < r.length - 1 ? c.padEnd(width(i)) : c))
      .join('  ')
      .trimEnd();
  return `profile ${p.name} — ${p.summary}\n${rows.map(line).join('\n')}\n`;
}

/** Register `ring schema`. */
export function registerSchema(program: Command, io: CliIO): Command {
  return program
    .command('schema')
    .description("print the JSON Schema of a profile's configuration (what --config files and --set keys may hold)")
    .addOption(
      new Option('--profile <profile>', `model profile: ${profileNames().join(', ')}`)
        .choices([...profileNames()])
        .default(DEFAULT_PROFILE),
    )
    .option('--json', 'print the JSON Schema on one line', false)
    .option('--keys', 'print the key table instead: key, named flag, type, default, range and doc', false)
    .action((flags: SchemaFlags) => {
      if (flags.keys) io.stdout(keyTable(flags.profile));
      else io.stdout(`${JSON.stringify(profileJsonSchema(flags.profile), null, flags.json ? undefined : 2)}\n`);
    });
}
