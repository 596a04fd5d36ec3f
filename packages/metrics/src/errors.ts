import { RingError } from '@ring/engine';

/**
 * The metrics layer was given input it cannot reduce: an event stream without its `setup` event,
 * a `RunResult` of another run, a snapshot of an unknown bucket, or a pair context with an invalid
 * value. `code` is stable; `field` names the offending input.
 */
export class MetricsInputError extends RingError {
  declare readonly field: string;
  constructor(
    code: 'EVENTS_MISSING' | 'EVENT_ORDER' | 'RESULT_MISMATCH' | 'PAIR_CONTEXT_INVALID',
    field: string,
    message: string,
    hint?: string,
  ) {
    super(code, `${code}: ${field}: ${message}`, { field, hint });
  }
}
