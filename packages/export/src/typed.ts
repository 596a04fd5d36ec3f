import { FileFormatError } from './errors';
import { existsSync, readFileSync } from 'node:fs';
import { parseCsvLines } from './csv';

/**
 * How a CSV column is read back: `str` (any text), `int` (a safe integer), `bool` (`true`/`false`),
 * `dec` (a plain decimal string, kept as a string); a trailing `?` allows the empty field (null);
 * an array is an enumeration of allowed strings (nullable with {@link nullable}).
 */
export type ColumnKind =
  | 'str'
  | 'int'
  | 'bool'
  | 'dec'
  | 'str?'
  | 'int?'
  | 'dec?'
  | readonly string[]
  | { readonly nullableOf: readonly string[] };

/** An enumeration column that may also be empty. */
export const nullable = (values: readonly string[]): ColumnKind => ({ nullableOf: values });

const INT = /^-?\d+$/;
const DEC = /^-?\d+(\.\d+)?$/;

/** Convert one raw field; throws {@link FileFormatError} naming file, line and column. */
export function convertField(file: string, line: number, column: string, kind: ColumnKind, raw: string): unknown {
  const fail = (what: string): never => {
    throw new FileFormatError(file, line, `column ${column}: expected ${what}, got ${JSON.stringify(raw)}`, column);
  };
  if (typeof kind !== 'string') {
    const values = 'nullableOf' in kind ? kind.nullableOf : kind;
    if (raw === '' && 'nullableOf' in kind) return null;
    if (!values.includes(raw)) fail(`one of ${values.join(', ')}`);
    return raw;
  }
  if (raw === '') {
    if (kind.endsWith('?')) return null;
    if (kind === 'str') return '';
    fail(kind === 'int' ? 'an integer' : kind === 'bool' ? 'true or false' : 'a plain decimal');
  }
  switch (kind) {
    case 'int':
    case 'int?': {
      if (!INT.test(raw) || !Number.isSafeInteger(Number(raw))) fail('an integer');
      return Number(raw);
    }
    case 'bool':
      if (raw !== 'true' && raw !== 'false') fail('true or false');
      return raw === 'true';
    case 'dec':
    case 'dec?':
      if (!DEC.test(raw)) fail('a plain decimal');
      return raw;
    default:
      return raw;
  }
}

/**
 * Convert raw records to typed rows. `lines` gives each record's physical line for error messages
 * (default: one line per record after the header). Unlisted columns are strings.
 */
export function typedRows<T>(
  file: string,
  columns: readonly string[],
  kinds: Readonly<Record<string, ColumnKind>>,
  raw: readonly Record<string, string>[],
  lines?: readonly number[],
): T[] {
  return raw.map((r, i) => {
    const out: Record<string, unknown> = {};
    for (const c of columns) out[c] = convertField(file, lines?.[i] ?? i + 2, c, kinds[c] ?? 'str', r[c]!);
    return out as T;
  });
}

/** Read a CSV file with an exact header and convert every field by its kind; errors name file, line and column. */
export function readTypedCsv<T>(file: string, columns: readonly string[], kinds: Readonly<Record<string, ColumnKind>>): T[] {
  if (!existsSync(file)) throw new FileFormatError(file, 0, 'file not found');
  const { records, lines } = parseCsvLines(readFileSync(file, 'utf8'), columns, file);
  return typedRows<T>(file, columns, kinds, records, lines);
}
