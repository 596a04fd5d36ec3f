/**
 * README examples as tests, shared by every package's `src/readme.test.ts`: a README example that
 * no longer runs, or no longer prints what its comments say, fails its package's tests.
 *
 * - Every ```ts block whose first line is an `import` is run; blocks that do not start with an
 *   import are fragments and are not run. The package's own imports (`@ring/<this package>`) are
 *   pointed at `src/index.ts`, so the test needs no build of this package (only of its
 *   dependencies, which turbo's `test` task builds first); other imports resolve as for a user.
 * - Every `console.log(…)` must state what it prints: a comment after the statement on its last
 *   line, or a comment line right after it. The output must equal the whole comment, or the
 *   comment up to one of its ` (` (the rest is explanation); `…` stands for any non-blank text.
 *   White space runs are collapsed on both sides (so an array may print on one line or several).
 * - Every runnable block must type-check (TypeScript, strict, as the repository compiles its own
 *   code), so that an example that runs but would not compile in a user's project fails too.
 * - Every runtime export of `src/index.ts` must be named in the package's README (in `backticks`).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';

/** What {@link readmeExampleTests} needs from the calling test file. */
export interface ReadmeTestOptions {
  /** `import.meta.url` of the package's `src/readme.test.ts`. */
  readonly testFileUrl: string;
  /** The READMEs whose examples run, relative to the package directory (the first is the package's own). */
  readonly readmes: readonly string[];
  /** The package's public API: `() => import('./index')` from the test file. */
  readonly api: () => Promise<Record<string, unknown>>;
}

/** Define the README tests of one package (call it at the top level of its `src/readme.test.ts`). */
export function readmeExampleTests({ testFileUrl, readmes: READMES, api: loadApi }: ReadmeTestOptions): void {
  const pkgDir = join(dirname(fileURLToPath(testFileUrl)), '..');
  const pkgName = (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { name: string }).name;
  const readme = readFileSync(join(pkgDir, READMES[0]!), 'utf8');
  const tmpDir = join(pkgDir, '.tmp', `readme-test-${process.pid}`);

  interface Block {
    readonly file: string;
    readonly index: number;
    readonly line: number;
    readonly code: string;
  }
  const blocks: Block[] = [];
  for (const file of READMES) {
    const text = readFileSync(join(pkgDir, file), 'utf8');
    let index = 0;
    for (const m of text.matchAll(/^```ts\n([\s\S]*?)^```/gm)) {
      blocks.push({ file, index: ++index, line: text.slice(0, m.index).split('\n').length, code: m[1]! });
    }
  }
  const runnable = blocks.filter((b) => /^import\s/.test(b.code.trimStart()));

  /** The code of a line without its trailing `// comment` (comments are written as ` // `). */
  const codeOf = (line: string) => line.replace(/(^|\s)\/\/\s.*$/, '');
  const commentOf = (line: string) => /(?:^|\s)\/\/\s(.*)$/.exec(line)?.[1]?.trim();

  interface Claim {
    readonly line: number;
    readonly claim: string | undefined;
  }
  /** The `console.log` statements of a block, in order, with what each claims to print. */
  function claims(code: string): Claim[] {
    const lines = code.split('\n');
    const out: Claim[] = [];
    for (let i = 0; i < lines.length; i++) {
      if (!/\bconsole\.log\(/.test(codeOf(lines[i]!))) continue;
      let depth = 0;
      let j = i;
      for (; j < lines.length; j++) {
        for (const ch of codeOf(lines[j]!)) depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
        if (depth <= 0) break;
      }
      const next = lines[j + 1]?.trim() ?? '';
      out.push({ line: i + 1, claim: commentOf(lines[j]!) ?? (next.startsWith('// ') ? next.slice(3).trim() : undefined) });
      i = j;
    }
    return out;
  }

  const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
  /** Does the printed text match the claim: all of it, or all of it up to one of its ` (` (an explanation)? */
  function matches(printed: string, claim: string): boolean {
    const text = squash(claim);
    const candidates = [text, ...[...text.matchAll(/ \(/g)].map((m) => text.slice(0, m.index))];
    return candidates.some((c) => new RegExp(`^${c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/…/g, '\\S*')}$`).test(squash(printed)));
  }

  afterAll(() => rmSync(tmpDir, { recursive: true, force: true }));

  /** Write a block to a temporary .ts file, the package's own imports pointed at its src/index.ts. */
  function writeBlock(block: Block, prefix = ''): string {
    const self = new RegExp(`(['"])${pkgName.replace('/', '\\/')}\\1`, 'g');
    const code = block.code.replace(self, JSON.stringify(join(pkgDir, 'src', 'index.ts')));
    mkdirSync(tmpDir, { recursive: true });
    const file = join(tmpDir, `${prefix}${block.file.replace(/[^\w]+/g, '_')}-${block.index}.ts`);
    writeFileSync(file, code);
    return file;
  }

  describe(`${pkgName} README`, () => {
    it('has a runnable ```ts example', () => {
      expect(runnable.filter((b) => b.file === READMES[0]).length).toBeGreaterThan(0);
    });

    it.each(runnable.map((b) => [b.file, b.index, b.line, b] as const))(
      '%s ```ts block %i (line %i) runs and prints what it claims',
      async (_file, _n, _line, block) => {
        const expected = claims(block.code);
        for (const c of expected) expect(c.claim, `console.log at block line ${c.line} states no output`).toBeDefined();
        const file = writeBlock(block);
        const printed: string[] = [];
        const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
          printed.push(format(...args));
        });
        try {
          await import(pathToFileURL(file).href);
        } finally {
          spy.mockRestore();
        }
        expect(printed.length, 'number of console.log calls').toBe(expected.length);
        expected.forEach((c, i) => {
          expect(
            matches(printed[i]!, c.claim!),
            `console.log at block line ${c.line} printed ${JSON.stringify(printed[i])}, README claims ${JSON.stringify(c.claim)}`,
          ).toBe(true);
        });
      },
    );

    it('```ts blocks type-check (tsc, strict)', async () => {
      const ts = (await import('typescript')).default;
      const files = new Map(runnable.map((b) => [writeBlock(b, 'typecheck-'), b] as const));
      const program = ts.createProgram([...files.keys()], {
        target: ts.ScriptTarget.ES2022,
        lib: ['lib.es2022.d.ts'],
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        types: ['node'],
        strict: true,
        noUncheckedIndexedAccess: true,
        esModuleInterop: true,
        skipLibCheck: true,
        noEmit: true,
        allowImportingTsExtensions: true,
      });
      const problems = ts
        .getPreEmitDiagnostics(program)
        .filter((d) => d.file && files.has(d.file.fileName))
        .map((d) => {
          const block = files.get(d.file!.fileName)!;
          const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
          return `${block.file}:${block.line + 1 + line}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
        });
      expect(problems).toEqual([]);
    }, 120_000);

    it('names every runtime export of src/index.ts', async () => {
      const api = await loadApi();
      const missing = Object.keys(api).filter((name) => !new RegExp(`\`[^\`\\n]*\\b${name}\\b[^\`\\n]*\``).test(readme));
      expect(missing).toEqual([]);
    });
  });
}
