/**
 * Building blocks of the profiles' configuration schemas (zod 4). Every issue message is the
 * field's allowed range in words, so a failed parse maps to the engine's
 * `ConfigValidationError(code, field, allowed, value)` without a second table of messages.
 */
import { z } from 'zod';
import { D, canon } from '../decimal';
import { ConfigValidationError } from '../errors';
import { UnknownConfigKeyError } from './errors';
import type { KeyDoc, KeyType } from './types';
import { nearest } from './nearest';

const DECIMAL_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** The same, with the surrounding spaces that parsing trims (the pattern `ring schema` prints). */
const DECIMAL_TEXT_RE = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** The message of a missing required value, else the allowed range. */
const say =
  (range: string) =>
  (iss: { input?: unknown }): string =>
    iss.input === undefined ? `${range} (required)` : range;

/** Parse a decimal input (string or finite number) to D, or null when it is not one. */
export function parseDecimal(v: unknown): D | null {
  if (typeof v === 'number') return Number.isFinite(v) ? new D(String(v)) : null;
  if (typeof v !== 'string' || !DECIMAL_RE.test(v.trim())) return null;
  return new D(v.trim());
}

/** A decimal (string or number) within `ok`, resolved to its canonical string (docs/model.md §2.5). */
export function decimal(range: string, ok: (d: D) => boolean = () => true) {
  return z.union([z.string().regex(DECIMAL_TEXT_RE, { error: range }), z.number()], { error: say(range) }).transform((v, ctx) => {
    const d = parseDecimal(v);
    if (d === null || !ok(d)) {
      ctx.issues.push({ code: 'custom', message: range, input: v });
      return z.NEVER;
    }
    return canon(d);
  });
}

/** A safe integer ≥ `min` (and ≤ `max`). */
export function integer(range: string, min: number, max?: number) {
  const n = z
    .number({ error: say(range) })
    .int({ error: range })
    .min(min, { error: range });
  return max === undefined ? n : n.max(max, { error: range });
}

/** `true` or `false`. */
export function boolean() {
  return z.boolean({ error: say('true or false') });
}

/** One of a few strings. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: say(quoteList(values)) });
}

/** `"a" or "b"`, `"a", "b" or "c"`. */
export function quoteList(values: readonly string[]): string {
  const q = values.map((v) => `"${v}"`);
  return q.length <= 1 ? (q[0] ?? '') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}

/** A configuration key: its schema and its documentation row (without the key, which the table supplies). */
export interface Field {
  readonly schema: z.ZodType;
  readonly doc: Omit<KeyDoc, 'key'>;
}

/** A field: the schema with its documentation attached (description and default appear in `ring schema`). */
export function field(schema: z.ZodType, doc: Omit<KeyDoc, 'key'>): Field {
  const meta: { description: string; default?: unknown } = { description: `${doc.doc} (${doc.range})` };
  if (doc.default !== undefined) meta.default = doc.default;
  const s = doc.default !== undefined || doc.nullable ? schema.optional() : schema;
  return { schema: s.meta(meta), doc };
}

/** The key documentation table of a set of fields, plus extra rows (flags of nested keys). */
export function keyDocs(fields: Readonly<Record<string, Field>>, extra: readonly KeyDoc[] = []): readonly KeyDoc[] {
  return [...Object.entries(fields).map(([key, f]) => ({ key, ...f.doc })), ...extra];
}

/** The input schema of a profile: a strict object of its fields (plus the `profile` and `schema` tags). */
export function inputSchema(name: string, fields: Readonly<Record<string, Field>>): z.ZodType {
  const shape: Record<string, z.ZodType> = {
    schema: z.literal('ring-run/1').optional(),
    profile: z.literal(name).optional(),
  };
  for (const [k, f] of Object.entries(fields)) shape[k] = f.schema;
  return z.strictObject(shape);
}

/** `buckets[0].tauMin`, `policies.H1.colour`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? String(p) : `.${String(p)}`;
  return s;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

/** Throw the first issue of a failed parse as a `ConfigValidationError` with the code of its top-level key. */
export function throwIssue(error: z.ZodError, input: unknown, codeOf: (key: string) => string, prefix: readonly PropertyKey[] = []): never {
  const iss = error.issues[0]!;
  let path: PropertyKey[] = [...prefix, ...iss.path];
  let allowed = iss.message;
  let value = valueAt(input, iss.path);
  if (iss.code === 'unrecognized_keys') {
    path = [...path, iss.keys[0]!];
    allowed = 'absent (not a key here)';
    value = iss.keys[0];
  }
  throw new ConfigValidationError(codeOf(String(path[prefix.length] ?? path[0] ?? 'config')), formatPath(path), allowed, value);
}

/**
 * Refuse keys a profile does not have (docs/model.md §2.4: unknown or unused keys are errors), naming the
 * nearest key of the profile and, for a key of another profile, that profile. Keys whose value
 * is `undefined` count as absent.
 */
export function checkKnownKeys(
  profile: string,
  keys: ReadonlySet<string>,
  input: Readonly<Record<string, unknown>>,
  ownersOf: (key: string) => readonly string[] = () => [],
): void {
  for (const k of Object.keys(input)) {
    if (input[k] === undefined || keys.has(k) || k === 'profile' || k === 'schema') continue;
    throw new UnknownConfigKeyError(profile, k, nearest(k, [...keys]), ownersOf(k));
  }
}

/**
 * Parse a configuration of one profile: unknown keys refused, defaults filled in, every field
 * validated and decimals canonical. Cross-field rules are the profile's own, after this.
 */
export function parseConfig(
  profile: string,
  fields: Readonly<Record<string, Field>>,
  schema: z.ZodType,
  input: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  checkKnownKeys(profile, new Set(Object.keys(fields)), input);
  const full: Record<string, unknown> = {};
  for (const [k, f] of Object.entries(fields)) if (f.doc.default !== undefined) full[k] = f.doc.default;
  for (const [k, v] of Object.entries(input)) if (v !== undefined && k !== 'schema' && k !== 'profile') full[k] = v;
  const r = schema.safeParse(full);
  if (!r.success) throwIssue(r.error, full, (k) => fields[k]?.doc.code ?? 'CONFIG_INVALID');
  return r.data as Record<string, unknown>;
}

/** How a `--set key=value` text becomes a value of a key's type (decimals stay strings). */
export function parseKeyText(type: KeyType, text: string, nullable = false): unknown {
  const t = text.trim();
  if (nullable && t === 'null') return null;
  switch (type) {
    case 'integer':
      return /^[+-]?\d+$/.test(t) ? Number(t) : text;
    case 'boolean':
      return t === 'true' ? true : t === 'false' ? false : text;
    case 'json':
      try {
        return JSON.parse(t);
      } catch {
        return text;
      }
    default:
      return t;
  }
}
