import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_DIFFERENCE_REASONS } from '@ring/explain';
import type { Explanation } from '@ring/explain';
import { readComparisonCsv } from '@ring/export';
import { ring, writeSweepFixture } from '../report/test-fixtures';

const root = mkdtempSync(join(tmpdir(), 'ring-explain-'));
const here = dirname(fileURLToPath(import.meta.url));
const pairDir = join(root, 'r53');
const sweepDir = join(root, 'sweep');

beforeAll(async () => {
  await ring(['run', '--profile', 'paper2025', '--seed', '53', '--detailed-logging', '--out', pairDir]);
  await writeSweepFixture(sweepDir);
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const explain = async (dir: string, ...flags: string[]) =>
  JSON.parse((await ring(['explain', dir, '--json', ...flags])).out) as Explanation;

describe('ring explain on a run directory (one pair)', () => {
  it('attributes Δ to the saved liability and the trade that touched it; --out writes the same JSON', async () => {
    const out = join(root, 'r53.json');
    const r = await ring(['explain', pairDir, '--json', '--out', out]);
    expect(readFileSync(out, 'utf8')).toBe(r.out);
    const e = JSON.parse(r.out) as Explanation;
    expect(e.pairs).toHaveLength(1);
    const p = e.pairs[0]!;
    expect([p.profile, p.effect_class, p.trading_effect, p.total_trades, p.total_face]).toEqual([
      'paper2025',
      'improved',
      '0.2363806094552243782089751284',
      4,
      '14997',
    ]);
    expect(p.saved).toEqual([{ liability_id: 'PAY_2', debtor: 'H2', face: '3545', due_day: 1, trades: [1] }]);
    expect(p.config).toMatchObject({ seed: 53, kappa: '1', profile: 'paper2025' });
    expect(e.liquidity_buckets).toBe('fixed');
    expect(e.missing).toEqual([]);
    expect(e.horizons.map((h) => h.day)).toEqual([0, 1]);
  });

  it('prints what the CLI reference shows', async () => {
    const readme = readFileSync(join(here, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## ring explain'));
    const block = /```text\n([\s\S]*?)```/.exec(section)![1]!;
    const printed = (await ring(['explain', pairDir])).out.replaceAll(pairDir, 'out/r53');
    expect(printed).toBe(block);
  });
});

describe('ring explain on a sweep directory', () => {
  it('one entry per pair of comparison.csv, every Δ = 0 pair with a reason, quintile buckets', async () => {
    const e = await explain(sweepDir);
    const rows = readComparisonCsv(join(sweepDir, 'aggregate', 'comparison.csv'));
    expect(e.pairs.map((p) => p.pair_id)).toEqual(rows.map((r) => r.pair_id));
    expect(e.pairs.map((p) => [p.delta_passive, p.delta_active, p.trading_effect, p.effect_class])).toEqual(
      rows.map((r) => [r.delta_passive, r.delta_active, r.trading_effect, r.effect_class]),
    );
    for (const p of e.pairs) expect(p.no_difference_reason !== null).toBe(p.effect_class === 'unchanged');
    expect(NO_DIFFERENCE_REASONS.reduce((n, c) => n + e.totals.no_difference[c], 0)).toBe(e.totals.unchanged);
    expect(e.liquidity_buckets).toBe('quantile');
    expect(
      e.by_initial_liquidity
        .map((b) => b.bucket)
        .filter((b) => b !== 'no_debt')
        .every((b) => /^Q[1-5]$/.test(b)),
    ).toBe(true);
    expect(e.strategies).toHaveLength(8);
    expect(new Set(e.horizons.map((h) => h.pair_id)).size).toBe(rows.length);
    const text = (await ring(['explain', sweepDir])).out;
    expect(text).toMatch(/^ring explain — .*: 36 pairs, profile paper2025 \(sweep directory\)\n/);
    expect(text).toMatch(/why Δ = 0 \(\d+ pairs\):/);
  });

  it('output written before liabilities.csv and trader_initial_state.csv existed: explains what it can and says what is missing', async () => {
    const old = join(root, 'old');
    cpSync(sweepDir, old, { recursive: true });
    for (const id of readdirSync(join(old, 'runs'))) {
      rmSync(join(old, 'runs', id, 'liabilities.csv'));
      rmSync(join(old, 'runs', id, 'trader_initial_state.csv'));
    }
    const full = await explain(sweepDir);
    const e = await explain(old);
    expect(e.pairs.map((p) => [p.pair_id, p.effect_class, p.total_face, p.no_difference_reason !== null])).toEqual(
      full.pairs.map((p) => [p.pair_id, p.effect_class, p.total_face, p.no_difference_reason !== null]),
    );
    expect(e.by_initial_liquidity).toEqual([]);
    expect(e.strategies).toEqual(full.strategies);
    expect(e.missing.map((m) => [m.part, m.file, m.runs])).toEqual([
      ['attribution', 'liabilities.csv', 72],
      ['by_initial_liquidity', 'trader_initial_state.csv', 72],
    ]);
    const text = (await ring(['explain', old])).out;
    expect(text).toMatch(/missing: attribution — liabilities\.csv absent in 72 runs: written before ring wrote liabilities\.csv/);
    expect(text).toMatch(/missing: by_initial_liquidity — trader_initial_state\.csv absent in 72 runs/);
  });
});

describe('bad input: exit code 2 and one line naming what is missing and the command that writes it', () => {
  it.each([
    ['a directory that does not exist', () => join(root, 'nope'), /no such directory/],
    ['a sweep without detailed logs', () => join(root, 'plain'), /no per-run logs .*--detailed-logging/],
    [
      'a run directory with one arm',
      () => join(root, 'one-arm'),
      /has no passive run \(runs\/passive_[0-9a-f]{12}\/ is missing\); write both arms with `ring run --detailed-logging/,
    ],
    [
      'the folder of one run',
      () => join(pairDir, 'runs', readdirSync(join(pairDir, 'runs')).sort()[0]!),
      /the folder of one run; explain compares the two arms of a pair: .*--detailed-logging/,
    ],
  ])('%s', async (_what, dir, message) => {
    if (dir().endsWith('plain')) await writeSweepFixture(dir(), { detailed: false });
    if (dir().endsWith('one-arm'))
      await ring(['run', '--profile', 'paper2025', '--regime', 'active', '--detailed-logging', '--out', dir()]);
    const r = await ring(['explain', dir()], 2);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(message);
  });
});
