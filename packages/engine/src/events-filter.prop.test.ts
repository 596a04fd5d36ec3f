import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConfigValidationError } from './errors';
import { RING_EVENT_KINDS } from './events';
import type { RingEvent, RingEventKind } from './events';
import { simulate } from './pair';
import type { RunConfigInput } from './config';

/** Small `spec` and `paper2025` inputs, both regimes. */
const input: fc.Arbitrary<RunConfigInput> = fc.oneof(
  fc.record({
    profile: fc.constant('spec' as const),
    allowSmallRing: fc.constant(true),
    seed: fc.integer({ min: 0, max: 2 ** 31 }),
    nAgents: fc.integer({ min: 3, max: 20 }),
    maturityDays: fc.integer({ min: 1, max: 10 }),
    qTotal: fc.constantFrom('300', '1000'),
    kappa: fc.constantFrom('0.5', '1', '2'),
    concentration: fc.constantFrom('0.5', '1', '5'),
    mu: fc.constantFrom('0', '0.5', '1'),
    outsideMidRatio: fc.constantFrom('1', '0.8'),
    graceDays: fc.integer({ min: 0, max: 1 }),
    regime: fc.constantFrom('passive' as const, 'active' as const),
  }),
  fc.record({
    profile: fc.constant('paper2025' as const),
    seed: fc.integer({ min: 0, max: 2 ** 31 }),
    kappa: fc.constantFrom('0.25', '1', '4'),
    concentration: fc.constantFrom('0.2', '1', '5'),
    mu: fc.constantFrom('0', '0.5', '1'),
    regime: fc.constantFrom('passive' as const, 'active' as const),
  }),
);

function stream(cfg: RunConfigInput, events?: readonly RingEventKind[]): { events: RingEvent[]; result: unknown } {
  const out: RingEvent[] = [];
  const result = simulate(cfg, { observer: (e) => out.push(e), ...(events ? { events } : {}) });
  return { events: out, result };
}

describe('simulate({ events }): only the named kinds are built', () => {
  it('delivers exactly the full stream filtered by kind, and the same result', () => {
    fc.assert(
      fc.property(input, fc.subarray([...RING_EVENT_KINDS]), (cfg, kinds) => {
        const full = stream(cfg);
        const some = stream(cfg, kinds);
        expect(some.events).toEqual(full.events.filter((e) => kinds.includes(e.kind)));
        expect(some.result).toEqual(full.result);
        expect(simulate(cfg)).toEqual(full.result);
      }),
      { numRuns: 60 },
    );
  });

  it('rejects anything but an array of known kinds, naming the field, before running', () => {
    for (const bad of [['trades'], 'trade', [1], null]) {
      let err: unknown;
      try {
        simulate(
          { profile: 'paper2025', seed: 1, kappa: '1', concentration: '1', mu: '0.5' },
          { observer: () => undefined, events: bad as unknown as RingEventKind[] },
        );
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigValidationError);
      expect((err as ConfigValidationError).field).toBe('events');
    }
  });
});
