import { RingError } from '@ring/engine';

function show(v: unknown): string {
  try {
    if (typeof v === 'bigint') return v.toString();
    return typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  } catch {
    return String(v);
  }
}

/**
 * A policy document is invalid (`POLICY_INVALID`) or violates the experiment's constraints
 * (`POLICY_CONSTRAINT_VIOLATION`, reason "policy violates constraints"). `field` names the
 * offending key, e.g. `new.parameters.sellHorizonDays`.
 */
export class PolicyValidationError extends RingError {
  declare readonly field: string;
  readonly allowed: string;
  readonly value: unknown;
  constructor(code: 'POLICY_INVALID' | 'POLICY_CONSTRAINT_VIOLATION', field: string, allowed: string, value: unknown) {
    const what = code === 'POLICY_CONSTRAINT_VIOLATION' ? 'policy violates constraints: ' : '';
    super(code, `${code}: ${what}${field} must be ${allowed} (got ${show(value)})`, { field });
    this.allowed = allowed;
    this.value = value;
  }
}

/** An option of a comparison is invalid (`COMPARE_OPTION_INVALID`); `field` names it. Thrown before any run. */
export class CompareOptionsError extends RingError {
  declare readonly field: string;
  readonly allowed: string;
  readonly value: unknown;
  constructor(field: string, allowed: string, value: unknown) {
    super('COMPARE_OPTION_INVALID', `COMPARE_OPTION_INVALID: ${field} must be ${allowed} (got ${show(value)})`, { field });
    this.allowed = allowed;
    this.value = value;
  }
}
