import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../program';
import { captureIO } from '../test-io';

const dir = mkdtempSync(join(tmpdir(), 'ring-compare-'));
const file = (name: string, content: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};
const PASSIVE = file('passive.json', { version: '1.0', policy_id: 'passive', parameters: { sellEnabled: false, buyEnabled: false } });
const SELLER = file('seller.json', { policy_id: 'seller', parameters: { sellHorizonDays: 2 } });
const EMPTY = file('empty.json', {});
const SMALL = ['--n-agents', '10', '--kappa', '2', '--grace-days', '1'];

/** Contract field names of `--json` (the list; docs/policy-eval.md §11). */
const TOP = [
  'sample_results',
  'delta_sum',
  'mean_old_cost',
  'mean_new_cost',
  'settlement_rate',
  'avg_delay',
  'cost_breakdown',
  'cost_std_dev',
  'confidence_interval_95',
  'agent_stats',
];
const AGENT = ['cost', 'settlement_rate', 'avg_delay', 'cost_breakdown', 'std_dev', 'ci_95_lower', 'ci_95_upper'];

describe('ring compare', () => {
  it('--json prints the PolicyPairEvaluation with the contract snake_case names (deterministic by default)', async () => {
    const io = captureIO();
    expect(await runCli(['compare', '--old', PASSIVE, '--new', SELLER, ...SMALL, '--json'], io)).toBe(0);
    const j = JSON.parse(io.out);
    for (const k of TOP) expect(j).toHaveProperty(k);
    expect(j.sampling).toBe('deterministic');
    expect(j.cost_std_dev).toBeNull();
    expect(j.confidence_interval_95).toBeNull();
    expect(Object.keys(j.agent_stats)).toHaveLength(10);
    for (const a of Object.values(j.agent_stats) as Record<string, unknown>[]) {
      for (const k of AGENT) expect(a).toHaveProperty(k);
      expect(a.std_dev).toBeNull();
    }
    expect(typeof j.mean_new_cost).toBe('string'); // bigints as decimal strings
    expect(BigInt(j.mean_new_cost)).toBe(
      Object.values(j.agent_stats).reduce((s: bigint, a) => s + BigInt((a as { cost: string }).cost), 0n),
    );
  });

  it('--mode bootstrap --samples N gives N paired samples with per-trader statistics', async () => {
    const io = captureIO();
    expect(
      await runCli(['compare', '--old', PASSIVE, '--new', SELLER, ...SMALL, '--mode', 'bootstrap', '--samples', '4', '--json'], io),
    ).toBe(0);
    const j = JSON.parse(io.out);
    expect(j.sample_results).toHaveLength(4);
    expect(j.sampling).toBe('crn_montecarlo');
    expect(j.cost_std_dev).not.toBeNull();
    for (const a of Object.values(j.agent_stats) as Record<string, string>[]) {
      expect(BigInt(a.ci_95_lower!) <= BigInt(a.cost!) && BigInt(a.cost!) <= BigInt(a.ci_95_upper!)).toBe(true);
    }
  });

  it('--scope AGENT compares one focal trader; the same seed and flags reproduce the output byte for byte', async () => {
    const args = ['compare', '--old', EMPTY, '--new', SELLER, ...SMALL, '--scope', 'H3', '--samples', '3', '--json'];
    const a = captureIO();
    const b = captureIO();
    expect(await runCli(args, a)).toBe(0);
    expect(await runCli(args, b)).toBe(0);
    expect(a.out).toBe(b.out);
    const j = JSON.parse(a.out);
    expect(j.scope).toBe('focal_agent');
    expect(j.focal_agent).toBe('H3');
    expect(j.sample_results.map((r: { new_cost: string }) => r.new_cost)).toHaveLength(3);
  });

  it('--workers N gives the same evaluation as one thread', async () => {
    const args = ['compare', '--old', PASSIVE, '--new', SELLER, ...SMALL, '--samples', '3', '--json'];
    const a = captureIO();
    const b = captureIO();
    expect(await runCli(args, a)).toBe(0);
    expect(await runCli([...args, '--workers', '2'], b)).toBe(0);
    expect(b.out).toBe(a.out);
  }, 60_000);

  it('--out writes the evaluation record (JSON) and one CSV row per trader', async () => {
    const out = join(dir, 'out');
    const io = captureIO();
    expect(await runCli(['compare', '--old', PASSIVE, '--new', SELLER, ...SMALL, '--out', out], io)).toBe(0);
    expect(io.out).toMatch(/ACCEPTED|REJECTED/);
    const rec = JSON.parse(readFileSync(join(out, 'evaluation.json'), 'utf8'));
    expect(rec.evaluation_mode).toBe('deterministic');
    expect(rec.agent_id).toBe('ALL');
    expect(rec.run_id).toMatch(/^eval_[0-9a-f]{12}$/);
    expect(rec.proposed_policy.policy_id).toBe('seller');
    const csv = readFileSync(join(out, 'evaluation_agents.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(11);
    expect(existsSync(join(out, 'evaluation.json'))).toBe(true);
  });

  it('--out twice writes byte-identical files; SOURCE_DATE_EPOCH sets the timestamp', async () => {
    const out = join(dir, 'twice');
    const args = ['compare', '--old', PASSIVE, '--new', SELLER, ...SMALL, '--out', out];
    const files = () => ['evaluation.json', 'evaluation_agents.csv'].map((f) => readFileSync(join(out, f), 'utf8'));
    expect(await runCli(args, captureIO())).toBe(0);
    const first = files();
    await new Promise((r) => setTimeout(r, 5)); // a later clock
    expect(await runCli(args, captureIO())).toBe(0);
    expect(files()).toEqual(first);
    // another evaluation into the same directory is a new record with a new timestamp
    expect(await runCli([...args, '--kappa', '3'], captureIO())).toBe(0);
    expect(files()[0]).not.toBe(first[0]);

    const fixed = join(dir, 'epoch');
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    try {
      expect(await runCli(['compare', '--old', PASSIVE, '--new', SELLER, ...SMALL, '--out', fixed], captureIO())).toBe(0);
      process.env.SOURCE_DATE_EPOCH = 'yesterday';
      const bad = captureIO();
      expect(await runCli(['compare', '--old', PASSIVE, '--new', SELLER, ...SMALL], bad)).toBe(2);
      expect(bad.err).toMatch(/^error: ENV_INVALID: SOURCE_DATE_EPOCH must be whole seconds/);
    } finally {
      delete process.env.SOURCE_DATE_EPOCH;
    }
    expect(JSON.parse(readFileSync(join(fixed, 'evaluation.json'), 'utf8')).timestamp).toBe('2023-11-14T22:13:20.000Z');
  });

  it('settlement flags reach the engine: an overdraft facility completes more payments and charges interest', async () => {
    const a = captureIO();
    const b = captureIO();
    await runCli(['compare', '--old', PASSIVE, '--new', PASSIVE, ...SMALL, '--json'], a);
    await runCli(
      ['compare', '--old', PASSIVE, '--new', PASSIVE, ...SMALL, '--json', '--overdraft-limit', '1000', '--overdraft-rate-bps', '10'],
      b,
    );
    expect(JSON.parse(a.out).delta_sum).toBe('0');
    expect(JSON.parse(b.out).settlement_rate).toBeGreaterThanOrEqual(JSON.parse(a.out).settlement_rate);
    expect(JSON.parse(b.out).cost_breakdown.overdraft_cost).not.toBe('0');
  });

  it.each([
    [['--old', join(dir, 'missing.json'), '--new', SELLER], /--old: policy file not found/],
    [['--old', file('bad.json', '{nope'), '--new', SELLER], /--old: .* not valid JSON/],
    [['--old', PASSIVE, '--new', file('badp.json', { parameters: { maxSellsPerDay: -1 } })], /new\.parameters\.maxSellsPerDay/],
    [['--old', file('badv.json', { version: '9' }), '--new', SELLER], /old\.version/],
    [['--old', PASSIVE, '--new', SELLER, '--scope', 'H99'], /focalAgent/],
    [['--old', PASSIVE, '--new', SELLER, '--mode', 'deterministic', '--samples', '5'], /--samples/],
    [['--old', PASSIVE, '--new', SELLER, '--samples', '0'], /--samples/],
    [['--old', PASSIVE, '--new', SELLER, '--profile', 'paper2025'], /scenario\.profile/],
    [['--old', PASSIVE, '--new', SELLER, '--kappa', '-1'], /kappa/],
    [['--old', PASSIVE, '--new', SELLER, '--grace-days', 'x'], /--grace-days/],
    [['--old', PASSIVE, '--new', SELLER, '--overdraft-limit', '5'], /--overdraft-limit and --overdraft-rate-bps/],
    [['--new', SELLER], /--old/],
  ])('rejects %j with exit code 2 naming the field', async (args, message) => {
    const io = captureIO();
    expect(await runCli(['compare', ...args, '--n-agents', '5'], io)).toBe(2);
    expect(io.err).toMatch(message);
  });
});
