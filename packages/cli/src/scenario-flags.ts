/**
 * Scenario flags of `ring run`, `ring compare` (named flags, `--set`, `--config`) and the grid
 * flags of `ring sweep`, all built from the engine's profile registry: each profile's key table
 * names its flags, types, defaults and ranges. Commander accepts the union of every profile's
 * flags; after parsing, a flag the chosen profile does not use is refused (exit code 2).
 *
 * Precedence, lowest first: the CLI's defaults, the `--config` file, named flags, `--set`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Option } from 'commander';
import type { Command } from 'commander';
import { DEFAULT_PROFILE, getProfile, keyDoc, nearest, parseKeyText, profileKeys, profileNames } from '@ring/engine';
import type { KeyDoc, ModelProfile, RunConfigInput } from '@ring/engine';
import { CliUsageError } from './io';

/** Built-in defaults of the CLI for keys the engine requires (κ, c, μ and a seed), where a profile has them. */
export const CLI_DEFAULTS: Readonly<Record<string, string>> = { kappa: '1', concentration: '1', mu: '0.5', seed: '42' };

/** A named flag and the profiles whose key table lists it. */
export interface RegistryFlag {
  readonly flag: string;
  /** Commander's attribute name of the flag (`nAgents` for `--n-agents`). */
  readonly attr: string;
  readonly doc: KeyDoc;
  readonly owners: readonly ModelProfile[];
}

const camel = (flag: string) => flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The union of every profile's flags of one kind (`flag` for run/compare, `sweepFlag` for sweep), in registry order. */
export function registryFlags(kind: 'flag' | 'sweepFlag'): RegistryFlag[] {
  const byFlag = new Map<string, { doc: KeyDoc; owners: ModelProfile[] }>();
  for (const name of profileNames()) {
    for (const doc of getProfile(name).keys) {
      const flag = doc[kind];
      if (flag == null) continue;
      const seen = byFlag.get(flag);
      if (!seen) byFlag.set(flag, { doc, owners: [name] });
      else if (seen.doc.key !== doc.key)
        throw new Error(`flag --${flag} names key ${seen.doc.key} in one profile and ${doc.key} in ${name}`);
      else seen.owners.push(name);
    }
  }
  return [...byFlag].map(([flag, { doc, owners }]) => ({ flag, attr: camel(flag), doc, owners }));
}

/** "default 10", "default: spec 100, paper2025 5", with the profiles that use the flag when not all do. */
function helpOf(f: RegistryFlag, kind: 'flag' | 'sweepFlag'): string {
  const all = profileNames();
  const defaults = f.owners.map((n) => keyDoc(n, f.doc.key)?.default);
  const shown = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  let dflt = '';
  if (kind === 'flag' && CLI_DEFAULTS[f.doc.key] === undefined && defaults.some((d) => d !== undefined)) {
    dflt =
      new Set(defaults.map(shown)).size === 1
        ? `default ${shown(defaults[0])}`
        : `default ${f.owners.map((n, i) => `${n} ${shown(defaults[i])}`).join(', ')}`;
  }
  const only = f.owners.length < all.length ? `${f.owners.join(', ')} only` : '';
  const notes = [dflt, only].filter((x) => x !== '').join('; ');
  const what =
    kind === 'sweepFlag' && f.doc.type !== 'boolean' ? `comma-separated values of ${f.doc.doc} (replaces the preset's grid)` : f.doc.doc;
  const ranges = f.owners.map((n) => keyDoc(n, f.doc.key)?.range ?? f.doc.range);
  const range = new Set(ranges).size === 1 ? f.doc.range : f.owners.map((n, i) => `${n} ${ranges[i]}`).join('; ');
  return `${what}: ${range}${notes ? ` (${notes})` : ''}`;
}

const METAVAR: Readonly<Record<string, string>> = { decimal: '<decimal>', integer: '<integer>', enum: '<value>', json: '<json>' };

/** Add `--profile`, every profile's named flags, `--set` and `--config` to `ring run` / `ring compare`. */
export function addScenarioFlags(cmd: Command): Command {
  cmd.addOption(
    new Option('--profile <profile>', `model profile: ${profileNames().join(', ')} (ring schema --profile NAME lists its keys)`)
      .choices([...profileNames()])
      .default(DEFAULT_PROFILE),
  );
  for (const f of registryFlags('flag')) {
    const o = new Option(f.doc.type === 'boolean' ? `--${f.flag}` : `--${f.flag} ${METAVAR[f.doc.type]}`, helpOf(f, 'flag'));
    if (f.doc.type === 'enum' && f.doc.values) o.choices([...f.doc.values]);
    if (CLI_DEFAULTS[f.doc.key] !== undefined) o.default(CLI_DEFAULTS[f.doc.key]);
    cmd.addOption(o);
  }
  return addConfigFlags(cmd);
}

/** `--set key=value` (repeatable) and `--config FILE`. */
export function addConfigFlags(cmd: Command): Command {
  return cmd
    .option(
      '--set <key=value>',
      'set any configuration key of the profile (repeatable; decimals as written, JSON for lists and objects; beats named flags)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--config <file>', 'a JSON file with a full or partial configuration (beneath named flags and --set)');
}

const given = (cmd: Command, attr: string) => {
  const src = cmd.getOptionValueSource(attr);
  return src !== undefined && src !== 'default' && src !== 'implied';
};

/** A JSON configuration file: an object of configuration keys. */
export function readConfigFile(path: string): Record<string, unknown> {
  if (!existsSync(path)) throw new CliUsageError('FILE_INVALID', `--config: file not found: ${path}`, 'config');
  let v: unknown;
  try {
    v = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CliUsageError('FILE_INVALID', `--config: ${path} is not valid JSON (${(e as Error).message})`, 'config');
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new CliUsageError('FILE_INVALID', `--config: ${path} must hold a JSON object of configuration keys`, 'config');
  return v as Record<string, unknown>;
}

/** `--set` texts → [key path, value] pairs, each value parsed by its key's type in the profile. */
export function parseSets(profile: ModelProfile, sets: readonly string[] = []): [path: string, value: unknown][] {
  return sets.map((s) => {
    const at = s.indexOf('=');
    if (at <= 0) throw new CliUsageError('FLAG_INVALID', `--set needs key=value (got ${JSON.stringify(s)})`, 'set');
    const path = s.slice(0, at).trim();
    const text = s.slice(at + 1);
    const doc = keyDoc(profile, path);
    if (doc) return [path, parseKeyText(doc, text)];
    // Inside an object key (`policies.H1={...}`) values are JSON; an unknown key stays text, for the
    // engine to refuse naming the nearest key of the profile.
    const parent = keyDoc(profile, path.split('.')[0]!);
    return [path, parent?.type === 'json' ? parseKeyText({ type: 'json' }, text) : text];
  });
}

/** Set `a.b` = v in a configuration object (copying the nested object). */
function setPath(input: Record<string, unknown>, path: string, v: unknown): void {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) {
    input[head!] = v;
    return;
  }
  const inner = input[head!];
  const obj = inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? { ...(inner as Record<string, unknown>) } : {};
  setPath(obj, rest.join('.'), v);
  input[head!] = obj;
}

function flagValue(f: RegistryFlag, raw: unknown): unknown {
  if (f.doc.type === 'boolean') return Boolean(raw);
  const text = String(raw);
  if (f.doc.type === 'integer') {
    if (f.doc.nullable && text.trim() === 'null') return null;
    if (!/^\d+$/.test(text.trim()))
      throw new CliUsageError('FLAG_INVALID', `--${f.flag} must be a non-negative integer (got ${JSON.stringify(text)})`, f.flag);
    const n = Number(text);
    if (!Number.isSafeInteger(n)) throw new CliUsageError('FLAG_INVALID', `--${f.flag} must be below 2^53 (got ${text})`, f.flag);
    return n;
  }
  return f.doc.type === 'json' ? parseKeyText(f.doc, text) : text;
}

/** Refuse a flag the chosen profile does not use, naming its key, the profiles that use it and the nearest flag that fits. */
export function refuseUnusedFlag(f: RegistryFlag, profile: ModelProfile, valid: readonly string[], what = 'profile'): never {
  const near = nearest(f.flag, valid);
  throw new CliUsageError(
    'FLAG_UNUSED',
    `--${f.flag} applies to profile ${f.owners.join(', ')} only, not ${what === 'profile' ? profile : `${what} (profile ${profile})`} (key ${f.doc.key}${near ? `; did you mean --${near}?` : ''})`,
    f.flag,
  );
}

/** The profile a command runs: `--profile` when given, else the config file's, else the default. */
function chosenProfile(cmd: Command, file: Record<string, unknown> | null, sets: readonly string[]): ModelProfile {
  const fromSet = [...sets].reverse().find((s) => s.trim().startsWith('profile='));
  const name = fromSet
    ? fromSet.slice(fromSet.indexOf('=') + 1).trim()
    : given(cmd, 'profile')
      ? cmd.opts().profile
      : (file?.profile ?? DEFAULT_PROFILE);
  return getProfile(name).name as ModelProfile;
}

/**
 * The engine input of `ring run` / `ring compare`: CLI defaults < profile's CLI defaults < `--config`
 * < named flags < `--set`. Ranges are checked by the engine (typed errors naming the field); here a
 * named flag the profile does not use is refused, and flags that fill one object go together.
 */
export function scenarioInput(cmd: Command): RunConfigInput {
  const opts = cmd.opts() as Record<string, unknown>;
  const file = typeof opts.config === 'string' ? readConfigFile(opts.config) : null;
  const sets = (opts.set as string[] | undefined) ?? [];
  const profile = chosenProfile(cmd, file, sets);
  const p = getProfile(profile);
  const keys = profileKeys(profile);
  const flags = registryFlags('flag');
  const valid = flags.filter((f) => f.owners.includes(profile)).map((f) => f.flag);
  const input: Record<string, unknown> = {};
  for (const f of flags) if (CLI_DEFAULTS[f.doc.key] !== undefined && keys.has(f.doc.key)) input[f.doc.key] = flagValue(f, opts[f.attr]);
  Object.assign(input, p.cliDefaults, file ?? {});
  const nested = new Map<string, RegistryFlag[]>();
  for (const f of flags) {
    if (!given(cmd, f.attr)) continue;
    if (!f.owners.includes(profile)) refuseUnusedFlag(f, profile, valid);
    setPath(input, f.doc.key, flagValue(f, opts[f.attr]));
    if (f.doc.key.includes('.')) nested.set(f.doc.key.split('.')[0]!, [...(nested.get(f.doc.key.split('.')[0]!) ?? []), f]);
  }
  // Flags that fill one object key (--overdraft-limit, --overdraft-rate-bps) go together unless a lower layer gave the object.
  for (const [parent, used] of nested) {
    if (file?.[parent] != null) continue;
    const all = flags.filter((f) => f.doc.key.startsWith(`${parent}.`) && f.owners.includes(profile));
    const missing = all.filter((f) => !used.includes(f));
    if (missing.length > 0)
      throw new CliUsageError('FLAG_INVALID', `${all.map((f) => `--${f.flag}`).join(' and ')} go together`, missing[0]!.flag);
  }
  for (const [path, v] of parseSets(profile, sets)) setPath(input, path, v);
  input.profile = profile;
  return input as unknown as RunConfigInput;
}
