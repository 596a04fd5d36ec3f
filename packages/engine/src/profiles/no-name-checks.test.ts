/**
 * Profiles are plugins: no source file outside a profile's own folder may branch on a profile's
 * name (`cfg.profile === 'paper2025'`, `case 'spec':`). Such code asks the registry instead, so that
 * adding a profile is one folder and one registry line.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { profileNames } from './index';

const here = dirname(fileURLToPath(import.meta.url));
const packages = join(here, '..', '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : sources(p);
    return /\.(ts|mts|js|mjs)$/.test(e.name) && !/\.test\.|\.prop\.test\./.test(e.name) ? [p] : [];
  });
}

/** A comparison with a profile name literal: `=== 'spec'`, `'spec' !==`, `case 'spec':`. */
function nameComparisons(text: string, names: readonly string[]): string[] {
  const alt = names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const q = `['"\`](?:${alt})['"\`]`;
  const re = new RegExp(`[!=]==?\\s*${q}|${q}\\s*[!=]==?|\\bcase\\s+${q}`);
  return text.split('\n').filter((line) => re.test(line));
}

describe('no profile-name branches outside the profile folders', () => {
  it('the check finds what it looks for', () => {
    const names = ['spec', 'paper2025'];
    expect(nameComparisons("if (cfg.profile === 'paper2025') x();", names)).toHaveLength(1);
    expect(nameComparisons('return "spec" !== p;', names)).toHaveLength(1);
    expect(nameComparisons("  case 'spec':", names)).toHaveLength(1);
    expect(nameComparisons("const p = { profile: 'spec' };", names)).toHaveLength(0);
    expect(nameComparisons("if (preset === 'spec-default') x();", names)).toHaveLength(0);
  });

  it('no package source file outside src/profiles/<name>/ compares with a profile name', () => {
    const names = profileNames();
    const own = names.map((n) => join(packages, 'engine', 'src', 'profiles', n) + sep);
    const offenders: string[] = [];
    for (const file of sources(packages)) {
      if (!file.includes(`${sep}src${sep}`) || own.some((d) => file.startsWith(d))) continue;
      for (const line of nameComparisons(readFileSync(file, 'utf8'), names)) offenders.push(`${relative(packages, file)}: ${line.trim()}`);
    }
    expect(offenders).toEqual([]);
  });
});
