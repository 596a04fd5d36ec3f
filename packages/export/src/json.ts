import { writeFileAtomic } from './atomic';

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

/** JSON with object keys sorted, 2-space indentation and a trailing newline: stable bytes. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

/** Write {@link stableJson} of `value` atomically. */
export function writeJson(path: string, value: unknown): void {
  writeFileAtomic(path, stableJson(value));
}

/** One JSON value per line, keys sorted, trailing newline. */
export function toJsonl(values: Iterable<unknown>): string {
  let s = '';
  for (const v of values) s += `${JSON.stringify(sortKeys(v))}\n`;
  return s;
}
