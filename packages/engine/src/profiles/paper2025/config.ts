/**
 * The `paper2025` profile's configuration (docs/model.md §2.1, §2.3, §2.4): the published sweep's defaults
 * and the two keys of its own, the big entity's share and the display-abort emulation.
 */
import { boolean, decimal, field, inputSchema, integer, keyDocs, parseConfig } from '../fields';
import type { Field } from '../fields';
import { qTotalField, runFields, shapeFields } from '../common';
import type { DecimalInput, KeyDoc, ResolvedRunBase } from '../types';

/** A fully resolved `paper2025` run configuration. */
export interface Paper2025RunConfig extends ResolvedRunBase {
  readonly profile: 'paper2025';
  readonly bigEntityShare: string;
  readonly emulateDisplayAbort: boolean;
}

/** The keys of a `paper2025` configuration as given by a user (besides the shared ones). */
export interface Paper2025ConfigInput {
  readonly bigEntityShare?: DecimalInput;
  readonly emulateDisplayAbort?: boolean;
}

const PAPER_FIELDS: Record<string, Field> = {
  nAgents: field(integer('an integer ≥ 2', 2), {
    flag: 'n-agents',
    sweepFlag: 'n-agents',
    type: 'integer',
    default: 5,
    range: 'an integer ≥ 2',
    doc: 'number of ring traders N',
    code: 'N_INVALID',
  }),
  qTotal: qTotalField(),
  ...shapeFields({ maturityDays: 10, ticketSize: '20', monotonicity: '0', outsideMidRatio: '1' }),
  bigEntityShare: field(
    decimal('a decimal ≥ 0', (x) => x.gte(0)),
    {
      flag: 'big-entity-share',
      sweepFlag: 'big-entity-shares',
      type: 'decimal',
      default: '0.25',
      range: 'a decimal ≥ 0',
      doc: 'big-entity share β',
      code: 'BETA_INVALID',
      output: 'big_entity_share',
      summaryField: 'big_entity_share',
    },
  ),
  emulateDisplayAbort: field(boolean(), {
    flag: 'emulate-display-abort',
    sweepFlag: 'emulate-display-abort',
    type: 'boolean',
    default: false,
    range: 'true or false',
    doc: 'reproduce the published numbers (the display abort)',
    code: 'OPTION_INVALID',
    output: 'emulate_display_abort',
  }),
  ...runFields(),
};

/** The `paper2025` profile's configuration table. */
export const PAPER2025_KEYS: readonly KeyDoc[] = keyDocs(PAPER_FIELDS);

/** Zod schema of a `paper2025` configuration as given by a user. */
export const PAPER2025_INPUT_SCHEMA = inputSchema('paper2025', PAPER_FIELDS);

/**
 * Fill in every default and validate every field of a `paper2025` configuration (docs/model.md §2.4).
 * Throws `ConfigValidationError` naming the field and its allowed range.
 */
export function resolvePaper2025Config(input: Readonly<Record<string, unknown>>): Paper2025RunConfig {
  const v = parseConfig('paper2025', PAPER_FIELDS, PAPER2025_INPUT_SCHEMA, input);
  return {
    schema: 'ring-run/1',
    profile: 'paper2025',
    regime: v.regime as Paper2025RunConfig['regime'],
    seed: v.seed as number,
    nAgents: v.nAgents as number,
    maturityDays: v.maturityDays as number,
    qTotal: v.qTotal as string,
    ticketSize: v.ticketSize as string,
    kappa: v.kappa as string,
    concentration: v.concentration as string,
    mu: v.mu as string,
    monotonicity: v.monotonicity as string,
    outsideMidRatio: v.outsideMidRatio as string,
    bigEntityShare: v.bigEntityShare as string,
    emulateDisplayAbort: v.emulateDisplayAbort as boolean,
  };
}
