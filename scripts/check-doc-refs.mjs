#!/usr/bin/env node
/**
 * The repository stands on its own and its citations resolve (run by `pnpm lint`).
 *
 * Fails when
 *  1. any file mentions the contract folder beside the checkout (the repository must never read it);
 *  2. code, a test, a README or a changeset cites the documentation in an old short form (a bare
 *     document name and a section, or the contract folder's path) instead of `docs/<file>.md §<n>`;
 *  3. a citation `docs/<file>.md §X` (and every `§Y` chained after it: `§3.1–§3.3`, `§8.5, §9.4`, `§V1/§V3`)
 *     or `test/fixtures/<file>.md §X` names a section that the cited file does not have;
 *  4. a `test/fixtures/` folder has no README.md, or its README does not name one of its entries;
 *  5. two packages hold the same fixture path with different bytes (copies must not drift).
 *
 * Section ids of a Markdown file: the number (or `§n`, `Vn`, `Appendix X`) that starts a heading, plus
 * `n.k` for the k-th top-level numbered list item under a numeric heading `n` (e.g. docs/model.md §13.21).
 * Inside docs/ the short forms (a document's bare name and a section) mean the sibling document and are
 * checked the same way.
 *
 * Usage: node scripts/check-doc-refs.mjs [--list]   (--list prints every citation it resolved)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const LIST = process.argv.includes('--list');
const DOCS = ['model', 'model-bilancio2026', 'instrumentation', 'policy-eval', 'experiment-paper2025', 'architecture', 'README'];
const TEXT = /\.(ts|tsx|mts|mjs|cjs|js|json|md|sh|ya?ml|csv|txt|html)$|(^|\/)run$/;
// Spelled in pieces so that this file does not match its own rule.
const OUTSIDE = ['../' + 'shared', 'shared' + '/vectors', 'shared' + '/spec', '/work/' + 'shared'];

const errors = [];
const resolved = [];
const fail = (file, line, msg) => errors.push(`${file}:${line}: ${msg}`);

/** Tracked and new (not ignored) files, relative to the root, with `/` separators. */
function repoFiles() {
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
    return out
      .split('\0')
      .filter(Boolean)
      .filter((f) => existsSync(join(ROOT, f)));
  } catch {
    // Not a git checkout (e.g. an unpacked archive): walk the tree.
    const files = [];
    const walk = (dir) => {
      for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
        if (['node_modules', 'dist', '.git', '.turbo', 'out', 'test-output'].includes(e.name)) continue;
        const rel = dir ? `${dir}/${e.name}` : e.name;
        if (e.isDirectory()) walk(rel);
        else files.push(rel);
      }
    };
    walk('');
    return files;
  }
}

/** Section ids of a Markdown text (see the file comment). */
function sectionIds(text) {
  const ids = new Set();
  let top = null; // the current numeric heading, for numbered list items
  let inFence = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    if (inFence) continue;
    const h = /^#{1,6}\s+(.*)$/.exec(line);
    if (h) {
      const title = h[1].trim();
      const m = /^§?((?:\d+(?:\.\d+)*)|V\d+|B\d+|H)\b\.?/.exec(title);
      const app = /^Appendix ([A-Z])\b/.exec(title);
      top = null;
      if (m) {
        ids.add(m[1]);
        if (/^\d+$/.test(m[1])) top = m[1];
      }
      if (app) ids.add(`Appendix ${app[1]}`).add(app[1]);
      continue;
    }
    const li = /^(\d+)\.\s/.exec(line);
    if (li && top !== null) ids.add(`${top}.${li[1]}`);
  }
  return ids;
}

const idCache = new Map();
function idsOf(path) {
  if (!idCache.has(path)) idCache.set(path, existsSync(path) ? sectionIds(readFileSync(path, 'utf8')) : null);
  return idCache.get(path);
}

const SEC = String.raw`(?:\d+(?:\.\d+)*|V\d+|B\d+)`;
// A citation target followed by a chain of sections: "§3.1–§3.3", "§8.5, §9.4 and §10.4", "§V1/§V3", "Appendix A".
const CHAIN = new RegExp(String.raw`^\s*\(?\s*(?:§§?\s?(${SEC})((?:\s*(?:,|and|or|/|–|-|—)\s*§\s?${SEC})*)|(Appendix [A-Z]))`);

function checkChain(file, lineNo, target, targetPath, rest) {
  const m = CHAIN.exec(rest);
  if (!m) return;
  const ids = idsOf(targetPath);
  if (ids === null) {
    fail(file, lineNo, `cites ${target}, which does not exist`);
    return;
  }
  const wanted = m[3] ? [m[3]] : [m[1], ...[...(m[2] ?? '').matchAll(new RegExp(String.raw`§\s?(${SEC})`, 'g'))].map((x) => x[1])];
  for (const raw of wanted) {
    const id = raw.replace(/\.$/, '');
    if (ids.has(id)) resolved.push(`${file}:${lineNo}: ${target} ${id}`);
    else fail(file, lineNo, `cites ${target} §${id}, but ${target} has no section ${id}`);
  }
}

/** The fixture folders a citation `test/fixtures/X` from `file` may mean: its package's, else any package's. */
function fixturePath(file, name) {
  const pkg = /^packages\/([^/]+)\//.exec(file);
  if (pkg) {
    const own = join(ROOT, 'packages', pkg[1], 'test', 'fixtures', name);
    if (existsSync(own)) return own;
  }
  for (const p of readdirSync(join(ROOT, 'packages'))) {
    const c = join(ROOT, 'packages', p, 'test', 'fixtures', name);
    if (existsSync(c)) return c;
  }
  return join(ROOT, 'fixtures', name);
}

const files = repoFiles().filter((f) => TEXT.test(f) && !f.includes('node_modules/'));
for (const file of files) {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const inDocs = file.startsWith('docs/');
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const n = i + 1;
    for (const o of OUTSIDE)
      if (line.includes(o)) fail(file, n, `mentions "${o}": the repository must not read or cite files outside itself`);
    // 2. old citation forms
    for (const m of line.matchAll(/(?<![\w/])spec\/(model-bilancio2026|model|instrumentation|policy-eval|experiment-paper2025)\.md/g)) {
      fail(file, n, `cites "${m[0]}": cite docs/${m[1]}.md instead`);
    }
    for (const m of line.matchAll(
      /(?<![\w/.@-])(model-bilancio2026|model|instrumentation|policy-eval|experiment-paper2025)(\.md)?(?=\s+\(?§)/g,
    )) {
      if (inDocs) {
        checkChain(file, n, `docs/${m[1]}.md`, join(ROOT, 'docs', `${m[1]}.md`), line.slice(m.index + m[0].length));
      } else {
        fail(file, n, `cites "${m[0]} §…": write docs/${m[1]}.md §…`);
      }
    }
    // 3. docs/<file>.md citations (also as relative links from docs/ itself: [model.md](model.md) §2)
    for (const m of line.matchAll(/(?<![\w-])docs\/([\w-]+)\.md/g)) {
      if (!DOCS.includes(m[1])) fail(file, n, `cites docs/${m[1]}.md, which does not exist`);
      checkChain(file, n, `docs/${m[1]}.md`, join(ROOT, 'docs', `${m[1]}.md`), line.slice(m.index + m[0].length));
    }
    for (const m of line.matchAll(/(?:test\/)?fixtures\/([\w.-]+\.md)/g)) {
      checkChain(file, n, `fixtures/${m[1]}`, fixturePath(file, m[1]), line.slice(m.index + m[0].length));
    }
  });
}

// 4. and 5. fixture folders
const fixtureDirs = [];
if (existsSync(join(ROOT, 'fixtures'))) fixtureDirs.push('fixtures');
for (const p of readdirSync(join(ROOT, 'packages'))) {
  const d = `packages/${p}/test/fixtures`;
  if (existsSync(join(ROOT, d))) fixtureDirs.push(d);
}
const byRelPath = new Map();
for (const dir of fixtureDirs) {
  const readme = join(ROOT, dir, 'README.md');
  if (!existsSync(readme)) {
    fail(dir, 0, 'a fixtures folder needs a README.md saying what each file is and where its numbers come from');
    continue;
  }
  const text = readFileSync(readme, 'utf8');
  for (const entry of readdirSync(join(ROOT, dir))) {
    if (entry === 'README.md') continue;
    if (!text.includes(entry)) fail(`${dir}/README.md`, 0, `does not describe ${entry}`);
  }
  const walk = (abs) => {
    for (const e of readdirSync(abs)) {
      const p = join(abs, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e !== 'README.md') {
        const rel = relative(join(ROOT, dir), p).split(sep).join('/');
        if (!byRelPath.has(rel)) byRelPath.set(rel, []);
        byRelPath.get(rel).push(p);
      }
    }
  };
  walk(join(ROOT, dir));
}
for (const [rel, paths] of byRelPath) {
  const first = readFileSync(paths[0]);
  for (const p of paths.slice(1)) {
    if (!first.equals(readFileSync(p))) {
      fail(relative(ROOT, p), 0, `differs from ${relative(ROOT, paths[0])}: copies of the fixture ${basename(rel)} must stay identical`);
    }
  }
}

if (LIST) for (const r of resolved) console.log(r);
if (errors.length > 0) {
  for (const e of errors) console.error(e);
  console.error(`check-doc-refs: ${errors.length} problem(s)`);
  process.exit(1);
}
console.log(`check-doc-refs: OK (${resolved.length} cited sections resolve; ${fixtureDirs.length} fixture folders described)`);
