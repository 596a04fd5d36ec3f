import { TableDefinitionError } from './errors';
import type { ColumnDef, ColumnType, TableDef } from './types';

/** A column without its name (the name is the key it is defined under). */
export type ColumnSpec = Omit<ColumnDef, 'name'>;

/** Options shared by every column builder. */
type Options = Partial<Pick<ColumnDef, 'nullable' | 'unit' | 'aliases' | 'optional' | 'absentValue' | 'perBucket' | 'role'>>;

const make =
  (type: ColumnType) =>
  (doc: string, options: Options = {}): ColumnSpec => ({ type, doc, nullable: false, ...options });

/** Column builders, one per type: `col.decimal('dealer C', { unit: 'currency' })`. */
export const col = {
  integer: make('integer'),
  decimal: make('decimal'),
  double: make('double'),
  cents: (doc: string, options: Options = {}): ColumnSpec => ({ type: 'cents', doc, nullable: false, unit: 'cents', ...options }),
  string: make('string'),
  boolean: make('boolean'),
  enum: (values: readonly string[], doc: string, options: Options = {}): ColumnSpec => ({
    type: 'enum',
    values,
    doc,
    nullable: false,
    ...options,
  }),
};

/** The metadata of a table definition (everything but its columns). */
export type TableMeta = Omit<TableDef<object>, 'columns' | '__row' | 'key'> & { readonly key?: readonly string[] };

/** Named column specs in file order → column definitions. */
export function columnsOf(specs: Readonly<Record<string, ColumnSpec>>): ColumnDef[] {
  return Object.entries(specs).map(([name, s]) => ({ name, ...s }));
}

/**
 * A table whose columns are exactly the keys of its row type `R`, in file order: the compiler
 * checks that every field of `R` has a column and that every column is a field of `R`.
 */
export function defineTable<R extends object>(meta: TableMeta, columns: { readonly [K in keyof R & string]-?: ColumnSpec }): TableDef<R> {
  return freeze({ ...meta, key: meta.key ?? [], columns: columnsOf(columns as Record<string, ColumnSpec>) });
}

/** A table from a list of columns (for tables whose columns are generated: per strategy, per cost key). */
export function defineTableColumns<R extends object>(meta: TableMeta, columns: readonly ColumnDef[]): TableDef<R> {
  return freeze({ ...meta, key: meta.key ?? [], columns: [...columns] });
}

function freeze<R extends object>(def: TableDef<R>): TableDef<R> {
  for (const c of def.columns) {
    Object.freeze(c);
    if (c.type === 'enum' && (!c.values || c.values.length === 0))
      throw new TableDefinitionError(def.id, c.name, `enum column ${c.name} has no values`);
  }
  const names = def.columns.map((c) => c.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new TableDefinitionError(def.id, dup, `column ${dup} is defined twice`);
  Object.freeze(def.columns);
  return Object.freeze(def);
}

/** The two regimes of a pair, as written in every table. */
export const REGIME_VALUES = ['passive', 'active'] as const;
