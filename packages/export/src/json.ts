import { writeFileAtomic } from './atomic';
import type { AtomicWriteOptions } from './atomic';
import { createLineSink } from './csv';
import { FileFormatError } from './errors';

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o).sort()) if (o[k] !== undefined) out[k] = sortKeys(o[k]);
    return out;
  }
  return v;
}

/**
 * JSON with object keys sorted (by UTF-16 code unit, at every depth), 2-space indentation and a
 * trailing newline: the same value always gives the same bytes. `undefined` members are dropped.
 */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

/** Write `stableJson` of `value` atomically. */
export function writeJson(path: string, value: unknown, options: AtomicWriteOptions = {}): void {
  writeFileAtomic(path, stableJson(value), options);
}

/** One compact JSON value per line, keys sorted, LF endings, a trailing newline. */
export function toJsonl(values: Iterable<unknown>): string {
  let s = '';
  for (const v of values) s += `${JSON.stringify(sortKeys(v))}\n`;
  return s;
}

/** Write {@link toJsonl} of `values` atomically. */
export function writeJsonl(path: string, values: Iterable<unknown>, options: AtomicWriteOptions = {}): void {
  writeFileAtomic(path, toJsonl(values), options);
}

/** A streaming JSONL writer: one value per `write`; `close()` renames the file into place. */
export interface JsonlWriter {
  write(value: unknown): void;
  close(): void;
  abort(): void;
}

/** Open a streaming JSONL writer (flat memory; nothing at `path` until `close()`). */
export function createJsonlWriter(path: string, options: AtomicWriteOptions = {}): JsonlWriter {
  const sink = createLineSink(path, options);
  return {
    write: (value) => sink.put(`${JSON.stringify(sortKeys(value))}\n`),
    close: () => sink.close(),
    abort: () => sink.abort(),
  };
}

/**
 * Parse JSONL text back into values; a line that is not JSON throws naming the line.
 * (`name` is used in error messages.)
 */
export function parseJsonl(text: string, name = '<jsonl>'): unknown[] {
  const out: unknown[] = [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((l, i) => {
    try {
      out.push(JSON.parse(l));
    } catch (e) {
      throw new FileFormatError(name, i + 1, `not JSON: ${(e as Error).message}`);
    }
  });
  return out;
}
