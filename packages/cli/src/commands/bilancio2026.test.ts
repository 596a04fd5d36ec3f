import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { D, pairId, resolveConfig } from '@ring/engine';
import type { RunConfigInput } from '@ring/engine';
import { RUN_FILES, readInventoryCsv, readTradesCsv } from '@ring/export';
import { runCli } from '../program';
import { captureIO } from '../test-io';

/*
 * The bilancio2026 profile through the CLI (issue 12): `ring run` (its default profile), the range
 * checks, κ given as the reference's κ, `--set` of every key, `ring compare` with its trader
 * policies, detailed logging, and the balanced preset with `ring tables` and `ring report`.
 */

async function cli(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIO();
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

const here = dirname(fileURLToPath(import.meta.url));
const SMALL = ['--n-agents', '5'];
const BASE = { profile: 'bilancio2026', kappa: '1', concentration: '1', mu: '0.5', seed: 42, nAgents: 5 } as const;

describe('ring run: bilancio2026 is the default profile', () => {
  it('runs the profile defaults (N = 100, ρ = 0.9, shares 0.25 and 0.125) with the contract fields', async () => {
    const r = await cli(['run', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ profile: 'bilancio2026', n_agents: 100, outside_mid_ratio: '0.9', kappa: '1', kappa_reference: '1' });
    for (const f of ['n_defaults_passive', 'n_defaults_active', 'total_trades']) expect(typeof j[f]).toBe('number');
    const cfg = resolveConfig({ ...BASE, nAgents: 100 } as RunConfigInput);
    expect(cfg).toMatchObject({ vbtShare: '0.25', dealerShare: '0.125' });
    expect(j.pair_id).toBe(pairId(cfg));
    // The quick start's pair: dealers matter (Δ ≠ 0).
    expect(new D(j.trading_effect).isZero()).toBe(false);
  });

  it('--kappa-reference takes the reference κ exactly (0.3: ring κ is its 28-digit reciprocal, the ids follow κ_ref)', async () => {
    const r = await cli(['run', ...SMALL, '--kappa-reference', '0.3', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect([j.kappa, j.kappa_reference]).toEqual(['3.333333333333333333333333333', '0.3']);
    const { kappa: _k, ...noKappa } = BASE;
    expect(j.pair_id).toBe(pairId(resolveConfig({ ...noKappa, kappaReference: '0.3' } as RunConfigInput)));
    const viaRing = JSON.parse((await cli(['run', ...SMALL, '--kappa', '3.333333333333333333333333333', '--json'])).out);
    expect(viaRing.pair_id).not.toBe(j.pair_id);
  });

  it('S is any decimal ≥ 1 and need not divide Q (S = 12.5, Q = 1001)', async () => {
    const r = await cli(['run', ...SMALL, '--face-value', '12.5', '--q-total', '1001', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ face_value: '12.5', q_total: '1001' });
  });

  it.each([
    [['--n-agents', '2'], 'N_INVALID: nAgents must be an integer ≥ 3 (got 2)'],
    [['--outside-mid-ratio', '0'], 'RHO_INVALID: outsideMidRatio must be a decimal with 0 < ρ ≤ 1 (got "0")'],
    [['--outside-mid-ratio', '1.01'], 'RHO_INVALID: outsideMidRatio must be a decimal with 0 < ρ ≤ 1 (got "1.01")'],
    [['--vbt-share', '1'], 'SHARES_INVALID: vbtShare must be a decimal with 0 ≤ vbtShare < 1 (got "1")'],
    [['--dealer-share', '1.5'], 'SHARES_INVALID: dealerShare must be a decimal with 0 ≤ dealerShare < 1 (got "1.5")'],
    [['--vbt-share', '-0.1'], 'SHARES_INVALID: vbtShare must be a decimal with 0 ≤ vbtShare < 1 (got "-0.1")'],
    [['--face-value', '0.5'], 'S_INVALID: ticketSize must be a decimal ≥ 1 (got "0.5")'],
    [
      ['--kappa', '2', '--kappa-reference', '0.5'],
      'KAPPA_INVALID: kappaReference must be absent when kappa is given (give exactly one of kappa and kappaReference) (got "0.5")',
    ],
    [['--kappa-reference', '0'], 'KAPPA_INVALID: kappaReference must be a decimal > 0 (got "0")'],
    [['--pi-sell', '0.5'], '--pi-sell applies to profile spec only, not bilancio2026'],
    [['--set', 'traderProfile.planingHorizon=3'], 'did you mean "traderProfile.planningHorizon"?'],
  ])('refuses %j with exit code 2 and one line naming the range', async (flags, message) => {
    const r = await cli(['run', ...SMALL, ...flags]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.out).toBe('');
  });

  it('--kappa-reference replaces the CLI default κ (and a --config file κ); without either the CLI default κ = 1 applies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ring-b26-config-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ profile: 'bilancio2026', kappa: '2', nAgents: 5 }));
    const viaFile = JSON.parse((await cli(['run', '--config', file, '--kappa-reference', '0.25', '--json'])).out);
    expect([viaFile.kappa, viaFile.kappa_reference]).toEqual(['4', '0.25']);
    const neither = JSON.parse((await cli(['run', ...SMALL, '--json'])).out);
    expect([neither.kappa, neither.kappa_reference]).toEqual(['1', '1']);
  });

  // Every key of docs/model-bilancio2026.md §1 through --set: the run is the one the engine resolves with that key.
  it.each([
    ['nAgents', '7', 7],
    ['maturityDays', '6', 6],
    ['qTotal', '5000', '5000'],
    ['ticketSize', '12.5', '12.5'],
    ['kappa', '2', '2'],
    ['kappaReference', '0.25', '0.25'],
    ['concentration', '2', '2'],
    ['mu', '0.25', '0.25'],
    ['outsideMidRatio', '0.5', '0.5'],
    ['vbtShare', '0', '0'],
    ['dealerShare', '0.2', '0.2'],
    ['seed', '7', 7],
    ['traderProfile', '{"planningHorizon":3,"buyReserveFraction":"1"}', { planningHorizon: 3, buyReserveFraction: '1' }],
    ['traderProfile.riskAversion', '0.5', undefined],
    ['policies', '{"H1":{"aggressiveness":"0.5"}}', { H1: { aggressiveness: '0.5' } }],
  ] as const)('--set %s=%s', async (key, text, value) => {
    const r = await cli(['run', ...SMALL, '--regime', 'passive', '--set', `${key}=${text}`, '--json']);
    expect(r.code, r.err).toBe(0);
    const input: Record<string, unknown> = { ...BASE };
    if (key === 'kappaReference') delete input.kappa;
    if (key === 'traderProfile.riskAversion') input.traderProfile = { riskAversion: '0.5' };
    else input[key] = value;
    const expected = pairId(resolveConfig(input as unknown as RunConfigInput));
    expect(JSON.parse(r.out).pair_id).toBe(expected);
    expect(expected).not.toBe(pairId(resolveConfig(BASE as RunConfigInput)));
  });

  it('--set regime=passive runs the passive arm only', async () => {
    const j = JSON.parse((await cli(['run', ...SMALL, '--set', 'regime=passive', '--json'])).out);
    expect([j.regime, j.delta_active, typeof j.delta_passive]).toEqual(['passive', null, 'string']);
  });
});

describe('ring compare --profile bilancio2026', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ring-b26-compare-'));
  const file = (name: string, content: unknown) => {
    const p = join(dir, name);
    writeFileSync(p, JSON.stringify(content));
    return p;
  };
  const OLD = file('old.json', { policy_id: 'reference' });
  const NEW = file('new.json', { policy_id: 'full-reserve', parameters: { buyReserveFraction: '1' } });
  const SCENARIO = ['--profile', 'bilancio2026', '--n-agents', '10', '--seed', '1'];

  it('compares per-trader policies (traderProfile fields) with common random numbers; delay and eod costs are 0', async () => {
    const r = await cli(['compare', ...SCENARIO, '--old', OLD, '--new', NEW, '--scope', 'H1', '--json']);
    expect(r.code, r.err).toBe(0);
    const e = JSON.parse(r.out);
    expect(e.focal_agent).toBe('H1');
    expect(e.mean_new_cost).not.toBe(e.mean_old_cost);
    for (const b of [e.cost_breakdown, e.old_cost_breakdown]) expect([b.delay_cost, b.eod_penalty]).toEqual(['0', '0']);
    // the same inputs give the same evaluation (one deterministic pair)
    expect((await cli(['compare', ...SCENARIO, '--old', OLD, '--new', NEW, '--scope', 'H1', '--json'])).out).toBe(r.out);
  });

  it('a policy parameter of another profile is refused naming the field; without --profile compare evaluates on spec', async () => {
    const specPolicy = file('spec.json', { parameters: { sellHorizonDays: 2 } });
    const r = await cli(['compare', ...SCENARIO, '--old', OLD, '--new', specPolicy]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('new.parameters.sellHorizonDays');
    const onSpec = await cli(['compare', '--n-agents', '10', '--kappa', '2', '--old', OLD, '--new', specPolicy, '--json']);
    expect(onSpec.code, onSpec.err).toBe(0);
  });
});

describe('ring run --detailed-logging on bilancio2026', () => {
  it('writes every per-run file for both arms; hit_inventory_limit, is_at_zero, capacity_pct and hit_vbt_this_step vary', async () => {
    const seen = { limit: new Set<boolean>(), zero: new Set<boolean>(), vbt: new Set<boolean>(), capacity: new Set<string>() };
    for (const seed of ['1', '2', '3']) {
      const out = mkdtempSync(join(tmpdir(), 'ring-b26-detailed-'));
      const r = await cli(['run', '--n-agents', '20', '--seed', seed, '--detailed-logging', '--out', out, '--json']);
      expect(r.code, r.err).toBe(0);
      const j = JSON.parse(r.out);
      for (const id of [j.passive_run_id, j.active_run_id]) {
        expect(readdirSync(join(out, 'runs', id)).sort()).toEqual(Object.values(RUN_FILES).sort());
      }
      for (const t of readTradesCsv(join(out, 'runs', j.active_run_id, RUN_FILES.trades))) seen.limit.add(t.hit_inventory_limit);
      for (const row of readInventoryCsv(join(out, 'runs', j.active_run_id, RUN_FILES.inventory))) {
        seen.zero.add(row.is_at_zero);
        seen.vbt.add(row.hit_vbt_this_step);
        seen.capacity.add(row.capacity_pct ?? '');
      }
    }
    expect([...seen.limit].sort()).toEqual([false, true]);
    expect([...seen.zero].sort()).toEqual([false, true]);
    expect([...seen.vbt].sort()).toEqual([false, true]);
    expect(seen.capacity.size).toBeGreaterThan(3);
  });
});

describe('ring sweep --preset bilancio2026', () => {
  const lines = readFileSync(join(here, '..', '..', 'test', 'fixtures', 'bilancio2026-pairs-sample.csv'), 'utf8')
    .trim()
    .split('\n');
  const header = lines[0]!.split(',');
  const sample = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i]!, v])) as Record<string, string>);
  const out = mkdtempSync(join(tmpdir(), 'ring-b26-sweep-'));

  it('at --n-agents 5 reproduces every reference row of the sample (matched on the seed), in the grid order ρ → κ_ref → c → μ', async () => {
    const r = await cli(['sweep', '--preset', 'bilancio2026', '--n-agents', '5', '--out', out, '--workers', '1', '--json']);
    expect(r.code, r.err).toBe(0);
    const text = readFileSync(join(out, 'aggregate', 'comparison.csv'), 'utf8')
      .trim()
      .split('\n');
    const cols = text[0]!.split(',');
    expect(cols.slice(-2)).toEqual(['replicate', 'kappa_reference']);
    const rows = text.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])) as Record<string, string>);
    expect(rows).toHaveLength(250);
    expect(rows.map((x) => Number(x.seed))).toEqual(Array.from({ length: 250 }, (_, i) => 42 + i));
    expect(rows[0]).toMatchObject({
      seed: '42',
      outside_mid_ratio: '0.9',
      kappa_reference: '0.25',
      kappa: '4',
      concentration: '0.2',
      mu: '0',
    });
    expect(rows[125]).toMatchObject({ outside_mid_ratio: '0.5', kappa_reference: '0.25', concentration: '0.2', mu: '0' });
    const bySeed = new Map(rows.map((x) => [x.seed, x]));
    for (const s of sample) {
      const got = bySeed.get(s.seed!)!;
      const pick = (x: Record<string, string>) => [
        x.kappa,
        x.kappa_reference,
        x.concentration,
        x.mu,
        x.outside_mid_ratio,
        x.n_agents,
        new D(x.delta_passive!).toString(),
        new D(x.delta_active!).toString(),
        x.total_trades,
        x.n_defaults_passive,
        x.n_defaults_active,
      ];
      expect(pick(got), `seed ${s.seed}`).toEqual(pick(s));
    }
    const summary = JSON.parse(r.out).summary;
    expect(summary.config.kappas).toEqual(['4', '2', '1', '0.5', '0.25']);
    expect(summary.config.kappa_references).toEqual(['0.25', '0.5', '1', '2', '4']);
  }, 300_000);

  it('ring tables: the trading-effect tables and a note that the 2025 paper tables do not apply', async () => {
    const r = await cli(['tables', out, '--resamples', '0', '--json']);
    expect(r.code, r.err).toBe(0);
    const files = JSON.parse(r.out).files as string[];
    expect(files).toEqual(
      expect.arrayContaining(['effect_by_kappa.csv', 'effect_by_kappa_reference.csv', 'paper2025_tables_not_applicable.csv']),
    );
    expect(files.some((f) => /^table\d/.test(f))).toBe(false);
    const md = readFileSync(join(out, 'tables', 'tables.md'), 'utf8');
    expect(md).toContain('Tables of the 2025 paper — not applicable');
    expect(md).toContain('| 4 | 50 |'); // ring κ 4 (κ_ref 0.25): 50 pairs
  });

  it('ring report renders it', async () => {
    const r = await cli(['report', out, '--json']);
    expect(r.code, r.err).toBe(0);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
  });
});
