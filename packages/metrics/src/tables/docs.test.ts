/**
 * The docs list the tables and columns the definitions define: the package README's table list,
 * and (when the repository has it) the column tables of docs/instrumentation.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { STRATEGIES } from '../strategy';
import { columnNames, expandBuckets, tablePath } from './codec';
import { OUTPUT_TABLES } from './index';
import type { TableDef } from './types';

const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, '..', '..', 'README.md'), 'utf8');
const instrumentation = join(here, '..', '..', '..', '..', 'docs', 'instrumentation.md');

describe('README', () => {
  it('lists every output table with its file, scope and column count, in order', () => {
    const listed = [...readme.matchAll(/^\| `([a-z0-9_]+)` \| `([^`]+)` \| ([a-z-]+) \| (\d+) \| ([^|]+) \|$/gm)].map((m) =>
      m.slice(1, 6).join(' '),
    );
    const defined = OUTPUT_TABLES.map((t) => [t.id, tablePath(t), t.scope, t.columns.length, t.specRef].join(' '));
    expect(listed).toEqual(defined);
  });
});

/** The section of a Markdown document under the `## N. \`file\`` heading, up to the next `## `. */
function sectionOf(doc: string, file: string): string | null {
  const start = doc.search(new RegExp(`^## \\d+\\. (?:Optional per-run )?\`${file.replace('.', '\\.')}\``, 'm'));
  if (start < 0) return null;
  const rest = doc.slice(start + 3);
  const end = rest.search(/^## /m);
  return end < 0 ? rest : rest.slice(0, end);
}

/**
 * The columns a docs section lists: the rows of its numbered column table (`| 1 | \`run_id\` | …`),
 * else the backticked names of its `Columns…` / `Column order:` sentence (up to a sentence end, or
 * a colon right after a name), where `then for (each) s in \`a\`, \`b\`: \`count_s\`, …` expands
 * per strategy.
 */
function documentedColumns(section: string): string[] | null {
  const rows = [...section.matchAll(/^\| \d+ \| `([^`]+)` \|/gm)].map((m) => m[1]!);
  if (rows.length > 0) return rows;
  const paragraph = /^(?:Columns|Column order)\b((?:.+\n?)+)/m.exec(section)?.[1]?.replace(/\n/g, ' ');
  if (!paragraph) return null;
  const parts = paragraph.split('`');
  const names: string[] = [];
  const strategies: string[] = [];
  const templates: string[] = [];
  let mode: 'head' | 'strategies' | 'templates' = 'head';
  for (let i = 1; i < parts.length; i += 2) {
    (mode === 'head' ? names : mode === 'strategies' ? strategies : templates).push(parts[i]!);
    const prose = parts[i + 1] ?? '';
    if (mode === 'head' && /^\s*:/.test(prose)) break;
    if (/\.(\s|$)/.test(prose)) break;
    if (mode === 'head' && /then for (each )?s in/.test(prose)) mode = 'strategies';
    else if (mode === 'strategies' && /:/.test(prose)) mode = 'templates';
  }
  for (const st of strategies) for (const t of templates) names.push(t.replace(/_s$/, `_${st}`));
  return names;
}

const exampleBuckets = (def: TableDef<object>) => expandBuckets(def, ['short', 'mid', 'long']);

describe.runIf(existsSync(instrumentation))('docs/instrumentation.md', () => {
  const doc = existsSync(instrumentation) ? readFileSync(instrumentation, 'utf8') : '';
  for (const def of OUTPUT_TABLES.filter((t) => t.format === 'csv' && t.specRef.startsWith('docs/instrumentation.md'))) {
    it(`lists the columns of ${def.file} in order`, () => {
      const section = sectionOf(doc, def.file);
      expect(section, `no section for ${def.file}`).not.toBeNull();
      const listed = documentedColumns(section!);
      expect(listed, `no column list for ${def.file}`).not.toBeNull();
      // the docs list the columns of docs/instrumentation.md §8; comparison.csv's optional `replicate` may follow
      expect(listed).toEqual(columnNames(exampleBuckets(def), { short: listed!.length < def.columns.length }));
    });
  }
  it('names the strategies in the definitions order', () => {
    expect(doc).toContain(STRATEGIES.map((s) => `\`${s}\``).join(', '));
  });
});
