import { z } from 'zod';
import { getProfile } from './index';
import type { RunConfig } from './index';
import { parseKeyText as parseText } from './fields';
import type { KeyDoc, RunParameters } from './types';

/**
 * The JSON Schema (draft 2020-12) of a profile's configuration as a user writes it (`ring schema`,
 * `--config` files): every key with its type, default and allowed range; unknown keys not allowed.
 */
export function profileJsonSchema(profile: string): Record<string, unknown> {
  const p = getProfile(profile);
  const schema = z.toJSONSchema(p.inputSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  // zod drops the metadata of transformed fields (the decimals) in input mode: add their defaults back.
  const props = schema.properties as Record<string, Record<string, unknown>>;
  for (const k of p.keys)
    if (k.default !== undefined && props[k.key] && props[k.key]!.default === undefined) props[k.key]!.default = k.default;
  // Keys that are alternatives of each other (κ or κ_ref): exactly one of the two.
  const pairs = p.keys
    .filter((k) => k.alternativeTo !== undefined)
    .map((k) => ({ oneOf: [{ required: [k.alternativeTo] }, { required: [k.key] }] }));
  if (pairs.length > 0) schema.allOf = pairs;
  return { ...schema, title: `ring run configuration, profile ${p.name}`, description: p.summary };
}

/**
 * A `--set key=value` text as a value of the key's type: integers and booleans parsed, `null`
 * for nullable keys, JSON for object and list keys; decimals stay strings (never through a double).
 * A text that does not parse is returned as it is, for validation to refuse naming the key.
 */
export function parseKeyText(doc: Pick<KeyDoc, 'type' | 'nullable'>, text: string): unknown {
  return parseText(doc.type, text, doc.nullable ?? false);
}

/** Bytes one run of a resolved configuration allocates at most (its profile's estimate; the size guard). */
export function estimateRunBytes(config: RunConfig): number {
  return getProfile(config.profile).estimateBytes(config);
}

const OUTPUTS = new Map<string, readonly (readonly [key: string, output: string])[]>();

/**
 * The profile-specific fields a configuration contributes to run-level outputs (`ring run --json`,
 * comparison.csv), by output name: e.g. `{ big_entity_share: '0.25', emulate_display_abort: false }`
 * for `paper2025`, `{}` for `spec`. A field another profile has is absent (outputs print it as null).
 */
export function configOutputs(config: RunConfig): Readonly<Record<string, unknown>> {
  let list = OUTPUTS.get(config.profile);
  if (!list) {
    list = getProfile(config.profile)
      .keys.filter((k) => k.output !== undefined)
      .map((k) => [k.key, k.output!] as const);
    OUTPUTS.set(config.profile, list);
  }
  const out: Record<string, unknown> = {};
  for (const [key, name] of list) out[name] = (config as unknown as Record<string, unknown>)[key];
  return out;
}

/**
 * The parameters a run reports under the same names whatever its profile (run JSON, comparison.csv):
 * ring's κ (debt/money), the reference κ (money/debt) where the profile takes one (`bilancio2026`;
 * null otherwise) and the monotonicity of the Dirichlet draw.
 */
export function runParameters(config: RunConfig): RunParameters {
  const p = getProfile(config.profile);
  if (p.parameters) return p.parameters(config);
  const c = config as unknown as { kappa: string; monotonicity: string };
  return { kappa: c.kappa, kappaReference: null, monotonicity: c.monotonicity };
}
