import { RingError } from '@ring/engine';

/**
 * `explainPair`/`explainSweep` were given rows they cannot explain: an arm with neither liability
 * nor repayment rows, arms of different pairs or in the wrong order, or a face that is not an
 * integer. `code` is stable; `field` names the offending input.
 */
export class ExplainInputError extends RingError {
  declare readonly field: string;
  constructor(code: 'ARM_ROWS_MISSING' | 'ARMS_MISMATCH' | 'FACE_NOT_INTEGER', field: string, message: string) {
    super(code, `${code}: ${field}: ${message}`, { field });
  }
}
