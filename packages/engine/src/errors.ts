/** Optional parts of a {@link RingError}: the offending field, a hint on what to do, the underlying cause. */
export interface RingErrorOptions {
  /** The input that is to blame: a configuration key, a CLI flag, a file column, a JSON path. */
  readonly field?: string;
  /** What the user can do about it (one sentence), e.g. "use another --out directory". */
  readonly hint?: string;
  /** The error this one wraps (kept as the standard `Error.cause`). */
  readonly cause?: unknown;
}

/**
 * Base class of every error the ring packages throw on purpose. `code` is stable across versions
 * (match on it, not on the message); `field` names the offending input when there is one; `hint`
 * says what to do. Every package's error classes extend it, so one `instanceof RingError` (or a
 * check of `code`) covers them all; the CLI prints them as one line and exits with code 2.
 */
export class RingError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  readonly hint: string | undefined;
  constructor(code: string, message: string, options: RingErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.field = options.field;
    this.hint = options.hint;
  }
}

/** True for a {@link RingError} of any package, also one from another copy of `@ring/engine` (duck-typed on `code`). */
export function isRingError(e: unknown): e is RingError {
  if (e instanceof RingError) return true;
  if (!(e instanceof Error) || !('field' in e) || !('hint' in e)) return false;
  const code: unknown = (e as { code?: unknown }).code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code);
}

/**
 * A configuration value is outside its allowed range. Thrown by validation before any work starts.
 * `code` is one of the docs/model.md §2.4 codes (`KAPPA_INVALID`, …); `field` names the offending key.
 */
export class ConfigValidationError extends RingError {
  declare readonly field: string;
  readonly allowed: string;
  readonly value: unknown;
  constructor(code: string, field: string, allowed: string, value: unknown, hint?: string) {
    super(code, `${code}: ${field} must be ${allowed} (got ${formatValue(value)})`, { field, hint });
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
