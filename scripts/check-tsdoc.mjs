#!/usr/bin/env node
/**
 * TSDoc check: every symbol exported from a package's public entry point (`packages/<name>/src/index.ts`)
 * must carry a doc comment (`/** … *\/`) on its declaration.
 *
 *   node scripts/check-tsdoc.mjs                 # all packages; exit code 1 if anything is undocumented
 *   node scripts/check-tsdoc.mjs engine metrics  # only these packages
 *   node scripts/check-tsdoc.mjs --json          # machine-readable list
 *
 * How it decides: the TypeScript compiler resolves every export of `src/index.ts` (following
 * `export … from`, `export *` and `export type *` to the original declaration) and looks for a JSDoc
 * comment on that declaration. For a `const`/`let` the comment may sit on the variable statement; for an
 * overloaded function one documented signature is enough. Symbols re-exported from another workspace
 * package are checked in that package (their declaration is outside this package's `src/`). Nothing is
 * excluded: members of classes and interfaces are not checked, top-level exports all are.
 */
import { readdirSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const json = args.includes('--json');
const only = args.filter((a) => !a.startsWith('--'));

const packages = readdirSync(join(root, 'packages'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, 'packages', d.name, 'src', 'index.ts')))
  .map((d) => d.name)
  .filter((name) => only.length === 0 || only.includes(name))
  .sort();

/** The JSDoc comments attached to a declaration (or to the statement that holds it). */
function hasDoc(decl) {
  const holders = [decl];
  // `export const x = …`: the comment is on the VariableStatement, two levels up.
  if (ts.isVariableDeclaration(decl) && decl.parent && ts.isVariableDeclarationList(decl.parent)) holders.push(decl.parent.parent);
  // `export default …` / `export = …` and export specifiers are not declarations of their own.
  for (const node of holders) {
    if (!node) continue;
    const docs = ts.getJSDocCommentsAndTags(node);
    // A description, or a tag that says something (`/** @internal */` alone is not documentation).
    const text = (c) => (typeof c === 'string' ? c : (c ?? []).map((p) => p.text).join('')).trim();
    if (docs.some((d) => ts.isJSDoc(d) && (text(d.comment) !== '' || (d.tags ?? []).some((t) => text(t.comment) !== '')))) return true;
  }
  return false;
}

const kindName = (decl) => {
  const k = ts.SyntaxKind[decl.kind];
  return k
    .replace(/Declaration$/, '')
    .replace(/Statement$/, '')
    .replace(/Signature$/, '')
    .toLowerCase();
};

const results = [];
for (const name of packages) {
  const pkgDir = join(root, 'packages', name);
  const srcDir = join(pkgDir, 'src') + sep;
  const entry = join(pkgDir, 'src', 'index.ts');
  const configPath = join(pkgDir, 'tsconfig.json');
  const parsed = existsSync(configPath)
    ? ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, pkgDir)
    : { options: {} };
  const program = ts.createProgram([entry], { ...parsed.options, noEmit: true });
  const checker = program.getTypeChecker();
  const sf = program.getSourceFile(entry);
  const moduleSymbol = sf && checker.getSymbolAtLocation(sf);
  if (!moduleSymbol) {
    results.push({ package: name, exports: 0, missing: [], error: `cannot read ${relative(root, entry)}` });
    continue;
  }
  const missing = [];
  const elsewhere = [];
  let checked = 0;
  for (const exp of checker.getExportsOfModule(moduleSymbol)) {
    const target = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
    const decls = (target.declarations ?? []).filter((d) => !ts.isExportSpecifier(d) && !ts.isExportAssignment(d));
    if (decls.length === 0) {
      missing.push({ symbol: exp.name, kind: 'unknown', file: relative(root, entry), line: 1, reason: 'no declaration found' });
      continue;
    }
    const own = decls.filter((d) => resolve(d.getSourceFile().fileName).startsWith(srcDir));
    if (own.length === 0) {
      // declared in another package: checked there (listed, not silently skipped)
      elsewhere.push(exp.name);
      continue;
    }
    checked++;
    if (own.some(hasDoc)) continue;
    const d = own[0];
    const file = d.getSourceFile();
    const { line } = file.getLineAndCharacterOfPosition(d.getStart(file));
    missing.push({ symbol: exp.name, kind: kindName(d), file: relative(root, file.fileName), line: line + 1 });
  }
  missing.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  results.push({ package: name, exports: checked, missing, reexported: elsewhere.sort() });
}

const total = results.reduce((n, r) => n + r.missing.length + (r.error ? 1 : 0), 0);
if (json) {
  console.log(JSON.stringify({ ok: total === 0, packages: results }, null, 2));
} else {
  for (const r of results) {
    if (r.error) {
      console.log(`@ring/${r.package}: ERROR ${r.error}`);
      continue;
    }
    const re =
      r.reexported.length > 0
        ? ` (+ ${r.reexported.length} re-exported from other packages, checked there: ${r.reexported.join(', ')})`
        : '';
    console.log(`@ring/${r.package}: ${r.exports} exported symbols, ${r.missing.length} without a doc comment${re}`);
    for (const m of r.missing) console.log(`  ${m.file}:${m.line}  ${m.kind} ${m.symbol}${m.reason ? ` (${m.reason})` : ''}`);
  }
  console.log(
    total === 0 ? 'check-tsdoc: every exported symbol is documented' : `check-tsdoc: ${total} exported symbols without a doc comment`,
  );
}
process.exitCode = total === 0 ? 0 : 1;
