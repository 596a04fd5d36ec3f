import { describe, expect, it } from 'vitest';
import { ConfigValidationError, RingError } from '../errors';
import { resolveConfig, runId } from '../config';
import type { RunConfigInput } from '../config';
import { DEFAULT_PROFILE, PROFILE_REGISTRY, getProfile, keyOwners, policyProfiles, profileKeys, profileNames, sweepPresets } from './index';
import { UnknownConfigKeyError } from './errors';
import { editDistance, nearest } from './nearest';
import { estimateRunBytes, parseKeyText, profileJsonSchema } from './tools';

const REQUIRED = { seed: 1, kappa: '1', concentration: '1', mu: '0.5' };

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('the registry', () => {
  it('lists the profiles, spec first (the default)', () => {
    expect(profileNames()).toEqual(Object.keys(PROFILE_REGISTRY));
    expect(profileNames().slice(0, 2)).toEqual(['spec', 'paper2025']);
    expect(DEFAULT_PROFILE).toBe('spec');
    for (const n of profileNames()) expect(getProfile(n).name).toBe(n);
  });

  it('refuses an unknown profile with a typed error listing the registered names', () => {
    const e = thrown(() => getProfile('head')) as ConfigValidationError;
    expect(e).toBeInstanceOf(ConfigValidationError);
    expect(e.code).toBe('PROFILE_INVALID');
    expect(e.field).toBe('profile');
    for (const n of profileNames()) expect(e.message).toContain(`"${n}"`);
  });

  it('knows which profiles own a key, which declare policies, and every preset', () => {
    expect(keyOwners('piSell')).toEqual(['spec']);
    expect(keyOwners('bigEntityShare')).toEqual(['paper2025']);
    expect(keyOwners('kappa')).toEqual(expect.arrayContaining(['spec', 'paper2025']));
    expect(policyProfiles()).toContain('spec');
    expect(policyProfiles()).not.toContain('paper2025');
    expect(sweepPresets().map((p) => [p.name, p.profile])).toEqual(
      expect.arrayContaining([
        ['paper2025', 'paper2025'],
        ['spec-default', 'spec'],
      ]),
    );
  });
});

describe.each(profileNames())('profile %s: key table, schema and resolution agree', (name) => {
  const p = getProfile(name);
  const resolved = resolveConfig({ profile: name, ...REQUIRED } as RunConfigInput) as unknown as Record<string, unknown>;

  it('documents every key of a resolved configuration, and nothing else (but the alternatives of keys given)', () => {
    const alternatives = p.keys.filter((k) => k.alternativeTo !== undefined && k.alternativeTo in resolved).map((k) => k.key);
    const documented = [...profileKeys(name)].filter((k) => !alternatives.includes(k)).sort();
    const keys = Object.keys(resolved)
      .filter((k) => k !== 'schema' && k !== 'profile')
      .sort();
    expect(documented).toEqual(keys);
  });

  it('every default in the table is the resolved default', () => {
    for (const k of p.keys) if (k.default !== undefined && !k.key.includes('.')) expect(resolved[k.key], k.key).toEqual(k.default);
  });

  it('every row has a range, a doc line and an error code; named flags and sweep flags are unique', () => {
    for (const k of p.keys) {
      expect(k.range, k.key).not.toBe('');
      expect(k.doc, k.key).not.toBe('');
      expect(k.code, k.key).toMatch(/^[A-Z_]+$/);
    }
    const flags = p.keys.map((k) => k.flag).filter((f) => f !== null);
    expect(new Set(flags).size).toBe(flags.length);
    const sweep = p.keys.map((k) => k.sweepFlag).filter((f) => f != null);
    expect(new Set(sweep).size).toBe(sweep.length);
  });

  it('a resolved configuration resolves to itself (config.json round trip)', () => {
    const again = resolveConfig(resolved as unknown as RunConfigInput);
    expect(again).toEqual(resolved);
    expect(runId(again)).toBe(runId(resolved as never));
  });

  it('JSON Schema: every key, no others, the required ones, defaults', () => {
    const s = profileJsonSchema(name);
    expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(s.additionalProperties).toBe(false);
    const props = s.properties as Record<string, { default?: unknown; description?: string }>;
    expect(Object.keys(props).sort()).toEqual([...profileKeys(name), 'profile', 'schema'].sort());
    expect(s.required).toEqual(expect.arrayContaining(['concentration', 'mu', 'seed']));
    // κ is required, or one of κ and its alternative (bilancio2026: kappaReference) is.
    const alt = p.keys.find((k) => k.alternativeTo === 'kappa');
    if (alt) expect(s.allOf).toEqual([{ oneOf: [{ required: ['kappa'] }, { required: [alt.key] }] }]);
    else expect(s.required).toContain('kappa');
    for (const k of p.keys) {
      if (k.key.includes('.')) continue;
      expect(props[k.key]!.description, k.key).toContain(k.range);
      if (k.default !== undefined) expect(props[k.key]!.default, k.key).toEqual(k.default);
    }
  });
});

describe('unknown keys (docs/model.md §2.4: unknown or unused keys are errors)', () => {
  it('a typo names the nearest key', () => {
    const e = thrown(() => resolveConfig({ profile: 'spec', ...REQUIRED, nMaxx: 3 } as unknown as RunConfigInput));
    expect(e).toBeInstanceOf(UnknownConfigKeyError);
    expect(e).toBeInstanceOf(ConfigValidationError);
    expect(e).toBeInstanceOf(RingError);
    expect(e.message).toBe('unknown key "nMaxx" for profile spec (did you mean "nMax"?)');
    expect((e as UnknownConfigKeyError).field).toBe('nMaxx');
    expect((e as UnknownConfigKeyError).code).toBe('KEY_UNKNOWN');
    expect((e as UnknownConfigKeyError).suggestion).toBe('nMax');
  });

  it('a key of another profile is refused, naming that profile', () => {
    const e = thrown(() => resolveConfig({ profile: 'paper2025', ...REQUIRED, piSell: '0.5' } as unknown as RunConfigInput));
    expect(e).toBeInstanceOf(UnknownConfigKeyError);
    expect(e.message).toMatch(/^unknown key "piSell" for profile paper2025 \(a key of profile spec; did you mean "\w+"\?\)$/);
    const f = thrown(() => resolveConfig({ profile: 'spec', ...REQUIRED, bigEntityShare: '0.3' } as unknown as RunConfigInput));
    expect(f.message).toContain('unknown key "bigEntityShare" for profile spec (a key of profile paper2025');
  });

  it('a key whose value is undefined counts as absent; the profile and schema tags are allowed', () => {
    expect(() => resolveConfig({ profile: 'spec', ...REQUIRED, nMaxx: undefined } as unknown as RunConfigInput)).not.toThrow();
    expect(() => resolveConfig({ schema: 'ring-run/1', profile: 'paper2025', ...REQUIRED } as unknown as RunConfigInput)).not.toThrow();
  });

  it('unknown keys inside object keys are refused too, naming the path', () => {
    const e = thrown(() =>
      resolveConfig({ profile: 'spec', ...REQUIRED, overdraft: { limit: '1', rateBpsPerDay: '1', rate: 2 } } as unknown as RunConfigInput),
    ) as ConfigValidationError;
    expect([e.code, e.field]).toEqual(['SETTLEMENT_INVALID', 'overdraft.rate']);
  });
});

describe('helpers', () => {
  it('edit distance and nearest', () => {
    expect(editDistance('nMaxx', 'nMax')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(nearest('kapa', ['mu', 'kappa', 'seed'])).toBe('kappa');
    expect(nearest('x', [])).toBeNull();
  });

  it('--set texts parse by the key type; decimals stay strings', () => {
    expect(parseKeyText({ type: 'integer' }, '3')).toBe(3);
    expect(parseKeyText({ type: 'integer' }, 'three')).toBe('three');
    expect(parseKeyText({ type: 'decimal' }, '0.10')).toBe('0.10');
    expect(parseKeyText({ type: 'boolean' }, 'false')).toBe(false);
    expect(parseKeyText({ type: 'integer', nullable: true }, 'null')).toBeNull();
    expect(parseKeyText({ type: 'json' }, '{"limit":"5","rateBpsPerDay":"1"}')).toEqual({ limit: '5', rateBpsPerDay: '1' });
    expect(parseKeyText({ type: 'enum' }, 'gross')).toBe('gross');
  });

  it('memory estimates grow with tickets and traders, and never throw for huge rings', () => {
    const spec = (q: string, n = 100) => estimateRunBytes(resolveConfig({ profile: 'spec', ...REQUIRED, qTotal: q, nAgents: n }));
    expect(spec('20000')).toBeGreaterThan(spec('10000'));
    expect(spec('10000', 200)).toBeGreaterThan(spec('10000', 100));
    expect(spec('1000000000000')).toBeGreaterThan(1e13);
    expect(Number.isFinite(spec('1000000000000000000000000'))).toBe(true);
    const paper = (n: number) => estimateRunBytes(resolveConfig({ profile: 'paper2025', ...REQUIRED, nAgents: n }));
    expect(paper(1000)).toBeGreaterThan(paper(5));
  });
});
