/**
 * Configuration keys every profile shares (docs/model.md §2.1–§2.4): the ring's size and shape, the seed
 * and the regime. Each profile picks its own defaults and adds its own keys.
 */
import { decimal, field, integer, oneOf } from './fields';
import type { Field } from './fields';

/** The profile-specific defaults of the shared keys. */
export interface CommonDefaults {
  readonly maturityDays: number;
  readonly ticketSize: string;
  readonly monotonicity: string;
  readonly outsideMidRatio: string;
}

/** maturityDays … outsideMidRatio: the keys between a profile's `nAgents`/`qTotal` and its own keys. */
export function shapeFields(d: CommonDefaults): Record<string, Field> {
  return {
    maturityDays: field(integer('an integer ≥ 1', 1), {
      flag: 'maturity-days',
      sweepFlag: 'maturity-days',
      type: 'integer',
      default: d.maturityDays,
      range: 'an integer ≥ 1',
      doc: 'maturity horizon T in days',
      code: 'T_INVALID',
    }),
    ticketSize: field(
      decimal('an integer ≥ 1', (x) => x.isInteger() && x.gte(1) && x.lte(Number.MAX_SAFE_INTEGER)),
      {
        flag: 'face-value',
        sweepFlag: 'face-values',
        type: 'decimal',
        default: d.ticketSize,
        range: 'an integer ≥ 1',
        doc: 'ticket size S',
        code: 'S_INVALID',
      },
    ),
    kappa: field(
      decimal('a decimal > 0', (x) => x.gt(0)),
      { flag: 'kappa', sweepFlag: 'kappas', type: 'decimal', range: 'a decimal > 0', doc: 'debt-to-money ratio κ', code: 'KAPPA_INVALID' },
    ),
    concentration: field(
      // A positive decimal that underflows to 0 as a double would break the Dirichlet draw (docs/model.md §3.1).
      decimal('a decimal > 0', (x) => x.gt(0) && Number.isFinite(x.toNumber()) && x.toNumber() > 0),
      {
        flag: 'concentration',
        sweepFlag: 'concentrations',
        type: 'decimal',
        range: 'a decimal > 0',
        doc: 'Dirichlet concentration c',
        code: 'C_INVALID',
      },
    ),
    mu: field(
      decimal('a decimal in [0, 1]', (x) => x.gte(0) && x.lte(1)),
      { flag: 'mu', sweepFlag: 'mus', type: 'decimal', range: 'a decimal in [0, 1]', doc: 'maturity lead parameter μ', code: 'MU_INVALID' },
    ),
    monotonicity: field(
      decimal('a decimal in [-1, 1]', (x) => x.gte(-1) && x.lte(1)),
      {
        flag: 'monotonicity',
        sweepFlag: 'monotonicities',
        type: 'decimal',
        default: d.monotonicity,
        range: 'a decimal in [-1, 1]',
        doc: 'monotonicity of the Dirichlet amounts',
        code: 'M_INVALID',
      },
    ),
    outsideMidRatio: field(
      decimal('a decimal > 0', (x) => x.gt(0)),
      {
        flag: 'outside-mid-ratio',
        sweepFlag: 'outside-mid-ratios',
        type: 'decimal',
        default: d.outsideMidRatio,
        range: 'a decimal > 0',
        doc: 'outside mid ratio ρ',
        code: 'RHO_INVALID',
      },
    ),
  };
}

/** Total ring face Q as any positive decimal (the profiles whose Q need not be a multiple of S). */
export function qTotalField(): Field {
  return field(
    decimal('a decimal > 0', (x) => x.gt(0)),
    {
      flag: 'q-total',
      sweepFlag: 'q-totals',
      type: 'decimal',
      default: '10000',
      range: 'a decimal > 0',
      doc: 'total ring face Q',
      code: 'Q_INVALID',
    },
  );
}

/** seed and regime: the last keys of every profile. */
export function runFields(): Record<string, Field> {
  return {
    seed: field(integer('an integer with 0 ≤ seed < 2^53', 0), {
      flag: 'seed',
      type: 'integer',
      range: 'an integer with 0 ≤ seed < 2^53',
      doc: 'run seed',
      code: 'SEED_INVALID',
    }),
    regime: field(oneOf(['passive', 'active']), {
      flag: null,
      type: 'enum',
      values: ['passive', 'active'],
      default: 'active',
      range: '"passive" or "active"',
      doc: 'regime: passive (no trading) or active',
      code: 'REGIME_INVALID',
    }),
  };
}
