/** Base class of every error the engine throws on purpose; `code` is stable across versions. */
export class RingError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * A configuration value is outside its allowed range. Thrown by validation before any work starts.
 * `code` is one of the docs/model.md §2.4 codes (`KAPPA_INVALID`, …); `field` names the offending key.
 */
export class ConfigValidationError extends RingError {
  readonly field: string;
  readonly allowed: string;
  readonly value: unknown;
  constructor(code: string, field: string, allowed: string, value: unknown) {
    super(code, `${code}: ${field} must be ${allowed} (got ${formatValue(value)})`);
    this.field = field;
    this.allowed = allowed;
    this.value = value;
  }
}

function formatValue(v: unknown): string {
  try {
    return typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  } catch {
    return String(v);
  }
}
