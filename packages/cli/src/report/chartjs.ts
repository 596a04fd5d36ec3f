import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The charting library inlined into every report: Chart.js (MIT), its UMD build. */
export interface InlineLibrary {
  readonly name: string;
  readonly version: string;
  readonly license: string;
  /** JavaScript safe to place inside a `<script>` element. */
  readonly source: string;
}

let cached: InlineLibrary | null = null;

/** Make script text safe inside an HTML `<script>` element (no `</script`, no `<!--`). */
export function scriptSafe(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/**
 * Chart.js's minified UMD bundle, read from the installed `chart.js` dependency (its banner,
 * which carries the copyright and licence notice, is kept; the source-map comment is dropped so
 * that the page references no other file).
 */
export function chartJsLibrary(): InlineLibrary {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const main = require.resolve('chart.js'); // …/chart.js/dist/chart.cjs (package "require" export)
  const dist = dirname(main);
  const pkg = JSON.parse(readFileSync(join(dist, '..', 'package.json'), 'utf8')) as { version: string; license: string };
  const raw = readFileSync(join(dist, 'chart.umd.min.js'), 'utf8');
  const source = scriptSafe(raw.replace(/\n?\/\/# sourceMappingURL=\S*\s*$/, '\n'));
  cached = { name: 'Chart.js', version: pkg.version, license: pkg.license, source };
  return cached;
}
