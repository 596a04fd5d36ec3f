import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson, getProfile, pairId, profileNames, resolveConfig, runId } from '@ring/engine';
import type { RunConfigInput } from '@ring/engine';
import { runCli } from './program';
import { addScenarioFlags, registryFlags, scenarioInput } from './scenario-flags';
import { formatBytes, guardMemory, warnWorkers } from './size-guard';
import { captureIO } from './test-io';

async function ring(args: string[]) {
  const io = captureIO();
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

const dir = mkdtempSync(join(tmpdir(), 'ring-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};

/** Parse scenario flags as `ring run` does and return the engine input. */
function input(args: string[]): Record<string, unknown> {
  const cmd = addScenarioFlags(new Command('t')).exitOverride();
  cmd.parse(args, { from: 'user' });
  return scenarioInput(cmd) as unknown as Record<string, unknown>;
}

describe('flags from the registry', () => {
  it('every named flag of every profile is a flag of ring run, listed once', () => {
    const flags = registryFlags('flag').map((f) => f.flag);
    expect(new Set(flags).size).toBe(flags.length);
    for (const n of profileNames()) {
      for (const k of getProfile(n).keys) if (k.flag) expect(flags).toContain(k.flag);
    }
    expect(flags).toEqual(
      expect.arrayContaining(['n-agents', 'q-total', 'face-value', 'big-entity-share', 'emulate-display-abort', 'n-max']),
    );
  });

  it('a named flag the chosen profile does not use is refused: rc 2, one line, naming the key and the nearest valid flag', async () => {
    const r = await ring(['run', '--profile', 'paper2025', '--grace-days', '2']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^error: FLAG_UNUSED: --grace-days applies to profile spec only, not paper2025 \(key graceDays; did you mean --[a-z-]+\?\)\n$/,
    );
    expect(r.out).toBe('');
    const s = await ring(['run', '--big-entity-share', '0.3']);
    expect(s.code).toBe(2);
    expect(s.err).toContain('--big-entity-share applies to profile paper2025 only, not bilancio2026'); // the default profile
  });

  it('named flags reach the engine as typed values', () => {
    expect(input(['--n-max', '5', '--pi-sell', '0.25', '--clearing', 'gross+multilateral'])).toMatchObject({
      profile: 'spec',
      nMax: 5,
      piSell: '0.25',
      clearing: 'gross+multilateral',
    });
    expect(input(['--profile', 'paper2025', '--emulate-display-abort'])).toMatchObject({ emulateDisplayAbort: true });
    expect(() => input(['--n-max', 'x'])).toThrow(/--n-max must be a non-negative integer/);
  });
});

describe('--set and --config', () => {
  it('ring run --profile spec --set nMaxx=3 names the nearest key (rc 2, one line)', async () => {
    const r = await ring(['run', '--profile', 'spec', '--set', 'nMaxx=3']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('error: KEY_UNKNOWN: unknown key "nMaxx" for profile spec (did you mean "nMax"?)\n');
  });

  it('ring run --profile paper2025 --set piSell=0.5 is refused: a key of another profile', async () => {
    const r = await ring(['run', '--profile', 'paper2025', '--set', 'piSell=0.5']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^error: KEY_UNKNOWN: unknown key "piSell" for profile paper2025 \(a key of profile spec; did you mean "\w+"\?\)\n$/,
    );
  });

  it('--set values are parsed by the key type; decimals stay strings; dotted keys fill objects; JSON for object keys', () => {
    const i = input([
      '--set',
      'nMax=4',
      '--set',
      'cashBuffer=1.50',
      '--set',
      'anchorUpdate=false',
      '--set',
      'maxDays=null',
      '--set',
      'overdraft.limit=5',
      '--set',
      'overdraft.rateBpsPerDay=2',
      '--set',
      'policies={"H1":{"sellEnabled":false}}',
    ]);
    expect(i).toMatchObject({
      nMax: 4,
      cashBuffer: '1.50',
      anchorUpdate: false,
      maxDays: null,
      overdraft: { limit: '5', rateBpsPerDay: '2' },
      policies: { H1: { sellEnabled: false } },
    });
    const cfg = resolveConfig(i as unknown as RunConfigInput);
    expect(cfg).toMatchObject({ nMax: 4, cashBuffer: '1.5', overdraft: { limit: '5', rateBpsPerDay: '2' } });
  });

  it('precedence: CLI defaults < --config < named flags < --set', () => {
    const f = file('k.json', { kappa: '2', nMax: 6 });
    expect(input([]).kappa).toBe('1');
    expect(input(['--config', f]).kappa).toBe('2');
    expect(input(['--config', f, '--kappa', '3']).kappa).toBe('3');
    expect(input(['--config', f, '--kappa', '3', '--set', 'kappa=4']).kappa).toBe('4');
    expect(input(['--config', f]).nMax).toBe(6);
    expect(input(['--config', f, '--n-max', '7', '--set', 'nMax=8']).nMax).toBe(8);
    // the config file's profile applies unless --profile is given
    const p = file('p.json', { profile: 'paper2025', bigEntityShare: '0.5' });
    expect(input(['--config', p])).toMatchObject({ profile: 'paper2025', bigEntityShare: '0.5' });
    expect(() => resolveConfig(input(['--config', p, '--profile', 'spec']) as unknown as RunConfigInput)).toThrow(
      /unknown key "bigEntityShare" for profile spec/,
    );
  });

  it('a resolved config.json given as --config reproduces its run', async () => {
    const cfg = resolveConfig({
      profile: 'spec',
      regime: 'active',
      seed: 9,
      kappa: '2',
      concentration: '1',
      mu: '0',
      nAgents: 5,
      allowSmallRing: true,
    });
    const f = file('config.json', canonicalJson(cfg));
    const r = await ring(['run', '--config', f, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.regime).toBe('active'); // the file's regime chooses the arm
    expect(j.passive_run_id).toBeNull();
    expect(j.active_run_id).toBe(runId(cfg));
    expect(j.pair_id).toBe(pairId(cfg));
    expect(j).toMatchObject({ kappa: '2', seed: 9, n_agents: 5 });
  });

  it('bad --set and --config inputs: rc 2, naming the flag', async () => {
    const cases: [string[], RegExp][] = [
      [['--set', 'nMax'], /--set needs key=value/],
      [['--config', join(dir, 'missing.json')], /--config: file not found/],
      [['--config', file('bad.json', '{nope')], /--config: .* is not valid JSON/],
      [['--config', file('arr.json', [1, 2])], /--config: .* must hold a JSON object/],
      [['--config', file('typo.json', { kapa: '1' })], /unknown key "kapa" for profile spec \(did you mean "kappa"\?\)/],
      [['--overdraft-limit', '5'], /--overdraft-limit and --overdraft-rate-bps go together/],
    ];
    for (const [args, msg] of cases) {
      const r = await ring(['run', '--profile', 'spec', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(msg);
      expect(r.err.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});

describe('ring sweep: grid flags, --set and --config', () => {
  it('ring sweep --preset spec-default --big-entity-shares 0.3 is refused before anything is written', async () => {
    const out = join(dir, 'sw1');
    const r = await ring(['sweep', '--preset', 'spec-default', '--big-entity-shares', '0.3', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^error: FLAG_UNUSED: --big-entity-shares applies to profile paper2025 only, not preset spec-default \(profile spec\)/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('--set and --config fix keys of the preset profile; a key of another profile or a seed is refused', async () => {
    const bad: [string[], RegExp][] = [
      [['--set', 'bigEntityShare=0.3'], /unknown key "bigEntityShare" for profile spec/],
      [['--set', 'seed=3'], /use --base-seed/],
      [['--config', file('sw.json', { profile: 'paper2025' })], /preset spec-default runs profile spec/],
    ];
    for (const [args, msg] of bad) {
      const out = join(dir, `swb${bad.findIndex((b) => b[0] === args)}`);
      const r = await ring(['sweep', '--preset', 'spec-default', '--out', out, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(msg);
      expect(existsSync(out)).toBe(false);
    }
  });
});

describe('size guard', () => {
  it('refuses before allocating: rc 2 with the estimate, no RangeError stack (q-total 1e9 and 1e12)', async () => {
    for (const q of ['1000000000', '1000000000000']) {
      const r = await ring(['run', '--profile', 'spec', '--q-total', q]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^error: TOO_LARGE: a run of this configuration needs about [\d.]+ [GT]iB of memory/);
      expect(r.err).not.toMatch(/RangeError|\n\s+at /);
    }
    // bilancio2026 holds payables, not tickets: its memory grows with N alone
    const b = await ring(['run', '--profile', 'bilancio2026', '--n-agents', '100000000']);
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/^error: TOO_LARGE: a run of this configuration needs about [\d.]+ [GT]iB of memory/);
    const s = await ring(['sweep', '--preset', 'spec-default', '--out', join(dir, 'big'), '--q-totals', '10000,1000000000000']);
    expect(s.code).toBe(2);
    expect(s.err).toMatch(/TOO_LARGE/);
    expect(existsSync(join(dir, 'big'))).toBe(false);
  });

  it('guardMemory: per run against the smaller of heap and RAM, all workers against the RAM', () => {
    const cfg = resolveConfig({ profile: 'spec', seed: 1, kappa: '1', concentration: '1', mu: '0.5' });
    const budget = { perRun: 200 * 2 ** 20, total: 200 * 2 ** 20 };
    expect(() => guardMemory([cfg], 1, 'h', budget)).not.toThrow();
    expect(() => guardMemory([cfg], 4, 'h', budget)).toThrow(/4 workers × about [\d.]+ MiB per run/);
    expect(() => guardMemory([cfg], 1, 'h', { perRun: 2 ** 20, total: 2 ** 30 })).toThrow(/TOO_LARGE: .* needs about [\d.]+ MiB/);
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(80 * 2 ** 30)).toBe('80.0 GiB');
  });

  it('warns when --workers exceeds the CPU count', () => {
    const io = captureIO();
    warnWorkers(io, 2, 2);
    expect(io.err).toBe('');
    warnWorkers(io, 8, 2);
    expect(io.err).toBe('warning: --workers 8 exceeds the 2 CPUs of this machine; the extra workers only add overhead\n');
  });
});

describe('ring schema', () => {
  it('prints the JSON Schema of a profile (one line with --json)', async () => {
    for (const profile of profileNames()) {
      const r = await ring(['schema', '--profile', profile, '--json']);
      expect(r.code).toBe(0);
      expect(r.out.trim().split('\n')).toHaveLength(1);
      const s = JSON.parse(r.out);
      expect(s.additionalProperties).toBe(false);
      expect(s.properties.profile.const).toBe(profile);
      expect(s.title).toContain(profile);
    }
    const spec = JSON.parse((await ring(['schema', '--profile', 'spec'])).out);
    expect(spec.properties.nMax).toMatchObject({ type: 'integer', minimum: 1, default: 3 });
    expect(spec.properties.piSell.default).toBe('0.5');
  });

  it('--keys prints the key table; an unknown profile is refused with rc 2', async () => {
    const r = await ring(['schema', '--profile', 'paper2025', '--keys']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^bigEntityShare\s+--big-entity-share\s+decimal\s+0\.25\s+big-entity share β: a decimal ≥ 0$/m);
    expect((await ring(['schema', '--profile', 'nope'])).code).toBe(2);
  });
});
