import { describe, expect, it } from 'vitest';
import { defaultPolicy, resolveConfig } from '@ring/engine';
import type { SpecRunConfig } from '@ring/engine';
import { PolicyValidationError } from './errors';
import { DEFAULT_POLICY, PASSIVE_POLICY, checkConstraints, effectivePolicy, parsePolicyDocument, resolveConstraints } from './policy';

const cfg = resolveConfig({
  seed: 1,
  kappa: '1',
  concentration: '1',
  mu: '0.5',
  nAgents: 5,
  allowSmallRing: true,
  investHorizon: 4,
}) as SpecRunConfig;

function fieldOf(f: () => unknown): { code: string; field: string } {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyValidationError);
    return { code: (e as PolicyValidationError).code, field: (e as PolicyValidationError).field };
  }
  throw new Error('expected a PolicyValidationError');
}

describe('policy documents (docs/policy-eval.md §3)', () => {
  it('parses the specification example and canonicalises decimals', () => {
    const doc = parsePolicyDocument({
      version: '1.0',
      policy_id: 'H17_v3',
      parameters: {
        sellEnabled: true,
        buyEnabled: true,
        sellHorizonDays: 0,
        sellShortfallThreshold: '0',
        minBidFraction: '0',
        sellPriority: 'shortest_first',
        buyHorizonDays: 3,
        buyCashBuffer: '1.50',
        maxSellsPerDay: 1,
        maxBuysPerDay: 1,
        safetyMargin: null,
      },
    });
    expect(doc.policy_id).toBe('H17_v3');
    expect(doc.parameters.buyCashBuffer).toBe('1.5');
    expect(doc.parameters.safetyMargin).toBeNull();
  });
  it('every field is optional: {} is the default policy with version 1.0', () => {
    expect(parsePolicyDocument({})).toEqual({ version: '1.0', policy_id: null, parameters: {} });
    expect(effectivePolicy(parsePolicyDocument({}), cfg)).toEqual(defaultPolicy(cfg));
    expect(effectivePolicy(parsePolicyDocument({}), cfg).buyHorizonDays).toBe(4); // the run configuration's default
  });
  it('passive disables both sides; default overrides nothing', () => {
    expect(effectivePolicy(PASSIVE_POLICY, cfg)).toMatchObject({ sellEnabled: false, buyEnabled: false });
    expect(DEFAULT_POLICY.parameters).toEqual({});
  });
  it.each([
    [null, 'old'],
    [[], 'old'],
    [{ version: 2 }, 'old.version'],
    [{ version: '2.0' }, 'old.version'],
    [{ policy_id: 7 }, 'old.policy_id'],
    [{ policyId: 'x' }, 'old.policyId'],
    [{ parameters: [] }, 'old.parameters'],
    [{ parameters: { sellHorizon: 1 } }, 'old.parameters.sellHorizon'],
    [{ parameters: { sellHorizonDays: -1 } }, 'old.parameters.sellHorizonDays'],
    [{ parameters: { sellHorizonDays: 1.5 } }, 'old.parameters.sellHorizonDays'],
    [{ parameters: { minBidFraction: '1.2' } }, 'old.parameters.minBidFraction'],
    [{ parameters: { sellPriority: 'random' } }, 'old.parameters.sellPriority'],
    [{ parameters: { buyEnabled: 'yes' } }, 'old.parameters.buyEnabled'],
    [{ parameters: { buyCashBuffer: 'abc' } }, 'old.parameters.buyCashBuffer'],
  ])('rejects %j naming %s', (input, field) => {
    expect(fieldOf(() => parsePolicyDocument(input, 'old'))).toEqual({ code: 'POLICY_INVALID', field });
  });
});

describe('constraints (docs/policy-eval.md §3)', () => {
  const constraints = resolveConstraints({
    allowedParameters: {
      sellHorizonDays: { min: 0, max: 3 },
      minBidFraction: { max: '0.95' },
      sellPriority: { values: ['shortest_first'] },
    },
  });
  it('accepts a proposal inside the constraints, using defaults for omitted parameters', () => {
    expect(() =>
      checkConstraints(parsePolicyDocument({ parameters: { sellHorizonDays: 3, minBidFraction: '0.950' } }), constraints, cfg),
    ).not.toThrow();
    expect(() => checkConstraints(parsePolicyDocument({}), constraints, cfg)).not.toThrow();
  });
  it.each([
    [{ sellHorizonDays: 4 }, 'new.parameters.sellHorizonDays'],
    [{ minBidFraction: '0.96' }, 'new.parameters.minBidFraction'],
    [{ sellPriority: 'longest_first' }, 'new.parameters.sellPriority'],
  ])('rejects %j with "policy violates constraints" naming %s', (parameters, field) => {
    expect(fieldOf(() => checkConstraints(parsePolicyDocument({ parameters }), constraints, cfg))).toEqual({
      code: 'POLICY_CONSTRAINT_VIOLATION',
      field,
    });
    expect(() => checkConstraints(parsePolicyDocument({ parameters }), constraints, cfg)).toThrow(/policy violates constraints/);
  });
  it('a range on a nullable parameter rejects null (the check is off, which is outside any range)', () => {
    const c = resolveConstraints({ allowedParameters: { safetyMargin: { min: 0 } } });
    expect(fieldOf(() => checkConstraints(parsePolicyDocument({}), c, cfg)).field).toBe('new.parameters.safetyMargin');
    expect(() => checkConstraints(parsePolicyDocument({ parameters: { safetyMargin: '2' } }), c, cfg)).not.toThrow();
  });
  it.each([
    [{ allowedParameters: { nope: { min: 1 } } }, 'constraints.allowedParameters.nope'],
    [{ allowedParameters: { sellPriority: { min: 1 } } }, 'constraints.allowedParameters.sellPriority'],
    [{ allowedParameters: { sellHorizonDays: { min: 'x' } } }, 'constraints.allowedParameters.sellHorizonDays.min'],
    [{ allowedParameters: { sellHorizonDays: { min: 3, max: 1 } } }, 'constraints.allowedParameters.sellHorizonDays.max'],
    [{ allowedParameters: { sellHorizonDays: { values: 3 } } }, 'constraints.allowedParameters.sellHorizonDays.values'],
    [{ other: 1 }, 'constraints.other'],
  ])('invalid constraints %j are rejected naming %s', (input, field) => {
    expect(fieldOf(() => resolveConstraints(input)).field).toBe(field);
  });
});
