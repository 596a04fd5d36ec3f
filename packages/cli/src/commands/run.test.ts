import { describe, expect, it } from 'vitest';
import { runCli } from '../program';
import { captureIO } from '../test-io';

const CONTRACT_FIELDS = [
  'delta_passive',
  'delta_active',
  'phi_passive',
  'phi_active',
  'trading_effect',
  'trading_relief_ratio',
  'total_trades',
];

describe('ring run', () => {
  it('prints the contract fields for a paper2025 pair (published sample row κ=0.25 c=0.2 μ=1 ρ=1.0 seed 46)', async () => {
    const io = captureIO();
    const code = await runCli(
      [
        'run',
        '--profile',
        'paper2025',
        '--kappa',
        '0.25',
        '--concentration',
        '0.2',
        '--mu',
        '1',
        '--outside-mid-ratio',
        '1.0',
        '--seed',
        '46',
        '--json',
      ],
      io,
    );
    expect(code).toBe(0);
    const j = JSON.parse(io.out);
    for (const f of CONTRACT_FIELDS) expect(j).toHaveProperty(f);
    expect(j.delta_passive).toBe('0.8728497132951060141352180291');
    expect(j.delta_active).toBe('0.8728497132951060141352180291');
    expect(j.trading_effect).toBe('0');
    expect(j.total_trades).toBe(2);
    expect(typeof j.delta_active).toBe('string');
    expect(j.kappa).toBe('0.25');
    expect(j.seed).toBe(46);
  });

  it('--emulate-display-abort selects the published numbers: published sample row κ=1 c=0.5 μ=1 ρ=0.9 seed 226', async () => {
    // Copied from test/fixtures/paper2025-pairs-sample.csv (the published pairs, both variants).
    const published = {
      delta_passive: '0.7906387518335778103747166289',
      delta_active_published: '0.9660621416188825176690225363',
      delta_active_nocrash: '0.4008534471262835044672623016',
      total_trades_published: 4,
      total_trades_nocrash: 6,
    };
    const args = ['run', '--profile', 'paper2025', '--kappa', '1', '--concentration', '0.5', '--mu', '1'];
    args.push('--outside-mid-ratio', '0.9', '--seed', '226', '--json');
    const a = captureIO();
    expect(await runCli(args, a)).toBe(0);
    const b = captureIO();
    expect(await runCli([...args, '--emulate-display-abort'], b)).toBe(0);
    const [noCrash, abort] = [JSON.parse(a.out), JSON.parse(b.out)];
    expect([noCrash.delta_passive, abort.delta_passive]).toEqual([published.delta_passive, published.delta_passive]);
    expect([noCrash.delta_active, noCrash.total_trades]).toEqual([published.delta_active_nocrash, published.total_trades_nocrash]);
    expect([abort.delta_active, abort.total_trades]).toEqual([published.delta_active_published, published.total_trades_published]);
    expect(abort.end_reason_active).toBe('display_abort');
  });

  it('without the flag, example run 1 (κ=2 c=5 μ=0.75 ρ=1.0 seed 140) is the reference re-run: 12 trades, δ_active = 8027/14999; with it, the run ends through the display abort', async () => {
    // Reference values: test/fixtures/paper2025-run-examples (Variant B, re-run without the display layer).
    const args = ['run', '--profile', 'paper2025', '--kappa', '2', '--concentration', '5', '--mu', '0.75'];
    args.push('--outside-mid-ratio', '1.0', '--seed', '140', '--json');
    const a = captureIO();
    await runCli(args, a);
    const b = captureIO();
    await runCli([...args, '--emulate-display-abort'], b);
    const [noCrash, abort] = [JSON.parse(a.out), JSON.parse(b.out)];
    expect(noCrash.total_trades).toBe(12);
    expect(noCrash.delta_active).toBe('0.535169011267417827855190346');
    expect(noCrash.end_reason_active).toBe('default');
    expect(abort.end_reason_active).toBe('display_abort');
    expect(abort.final_day_active).toBeLessThan(noCrash.final_day_active);
  });

  it('runs a single regime with the other arm null', async () => {
    const io = captureIO();
    expect(await runCli(['run', '--profile', 'paper2025', '--regime', 'passive', '--json'], io)).toBe(0);
    const j = JSON.parse(io.out);
    expect(j.delta_active).toBeNull();
    expect(j.total_trades).toBeNull();
    expect(j.delta_passive).not.toBeNull();
  });

  it('runs the built-in default (profile bilancio2026, N = 100) with no flags', async () => {
    const io = captureIO();
    expect(await runCli(['run'], io)).toBe(0);
    expect(io.out).toMatch(/^ring run — profile bilancio2026, N=100, /);
    expect(io.out).toContain('trading effect');
  });

  it.each([
    [['--kappa', '-1'], 'kappa'],
    [['--mu', '1.5'], 'mu'],
    [['--concentration', 'abc'], 'concentration'],
    [['--seed', '-3'], 'seed'],
    [['--n-agents', '1'], 'nAgents'],
    [['--profile', 'paper2025', '--big-entity-share', '-0.1'], 'bigEntityShare'],
  ])('rejects %j naming the field', async (flags, field) => {
    const io = captureIO();
    const code = await runCli(['run', ...flags], io);
    expect(code).toBe(2);
    expect(io.err).toMatch(new RegExp(field.replace(/([A-Z])/g, '(?:$1|-$1)'), 'i'));
    expect(io.out).toBe('');
  });
});
