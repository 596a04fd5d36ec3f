import type { Cell } from '@ring/metrics';
import type { PaperTable } from './paper';

/** How one cell is shown in Markdown: rounded numbers, percentages, – for undefined. */
export function formatMarkdownCell(table: PaperTable, column: string, v: Cell | undefined): string {
  if (v === null || v === undefined || v === '') return '–';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (table.raw?.includes(column)) return String(v);
  const isNum = typeof v === 'number' || /^-?\d+(\.\d+)?$/.test(v);
  if (!isNum) return String(v).replace(/\|/g, '\\|');
  const x = typeof v === 'number' ? v : Number(v);
  if (table.percent?.includes(column)) return (x * 100).toFixed(1);
  if (Number.isInteger(x) && (typeof v === 'number' || !v.includes('.'))) return String(x);
  return x.toFixed(table.digits?.[column] ?? 4);
}

/** One table as GitHub-flavoured Markdown (title, note, header, rows). */
export function tableMarkdown(table: PaperTable): string {
  const head = table.columns.map((c) => (table.percent?.includes(c) ? `${c} (%)` : c));
  const lines = [`### ${table.title}`, ''];
  if (table.note) lines.push(table.note, '');
  lines.push(`| ${head.join(' | ')} |`, `|${table.columns.map(() => '---').join('|')}|`);
  for (const r of table.rows) lines.push(`| ${table.columns.map((c) => formatMarkdownCell(table, c, r[c])).join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}

/** Every table in one Markdown document. */
export function tablesMarkdown(tables: readonly PaperTable[], heading = 'Sweep tables'): string {
  return `# ${heading}\n\n${tables.map(tableMarkdown).join('\n')}`;
}
