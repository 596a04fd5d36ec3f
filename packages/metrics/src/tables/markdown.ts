import { tablePath } from './codec';
import type { ColumnDef, TableDef } from './types';

const escapePipes = (s: string) => s.replace(/\|/g, '\\|');

/** The type of a column as the docs print it: `decimal`, `integer \| empty`, `passive \| active`. */
export function columnTypeText(c: ColumnDef): string {
  const base = c.type === 'enum' ? (c.values ?? []).map((v) => `\`${v}\``).join(' | ') : c.type;
  const unit = c.unit ? `, ${c.unit}` : '';
  return `${base}${unit}${c.nullable ? ' | empty' : ''}`;
}

/**
 * The column table of a table definition in Markdown, as the instrumentation docs print it:
 * a heading line, what one row is, then `| # | column | type | definition |` with one line per
 * column (older names and optional columns noted).
 */
export function tableMarkdown(def: TableDef<object>): string {
  const lines = [
    `### \`${def.file}\` (${def.scope === 'run' ? 'per run' : def.scope === 'evaluation' ? 'per evaluation' : 'sweep level'})`,
    '',
    `${def.doc} File: \`${tablePath(def)}\`${def.format === 'json' ? ` (JSON, key \`${def.jsonPath}\`)` : ''}. Specified in ${def.specRef}.`,
    '',
    '| # | column | type | definition |',
    '|---|---|---|---|',
  ];
  def.columns.forEach((c, i) => {
    const notes: string[] = [];
    if (c.aliases?.length) notes.push(`formerly ${c.aliases.map((a) => `\`${a}\``).join(', ')}; readers accept both`);
    if (c.optional) notes.push(`optional: files without it read as ${JSON.stringify(c.absentValue ?? null)}`);
    const doc = notes.length > 0 ? `${c.doc} (${notes.join('; ')})` : c.doc;
    lines.push(`| ${i + 1} | \`${c.name}\` | ${escapePipes(columnTypeText(c))} | ${escapePipes(doc)} |`);
  });
  return `${lines.join('\n')}\n`;
}
