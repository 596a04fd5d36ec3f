/**
 * Sweep outputs: aggregate/ bytes independent of worker and shard count, kill-and-resume without
 * redoing finished pairs, manifests that refuse a different sweep, and the readers.
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPARISON_TABLE, columnNames } from '@ring/metrics';
import { runSweep, shardIndices, sweepPreset } from '@ring/policy-eval';
import type { ShardSpec, SweepDefinition } from '@ring/policy-eval';
import {
  AGGREGATE_FILES,
  SWEEP_FILES,
  SweepOutputError,
  mergeSweepShards,
  openSweepWriter,
  readJournal,
  readManifest,
  readSweepAggregate,
  writeTables,
} from './index';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ring-sweep-'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Run (the rest of) a sweep into `out` and finish it. Returns the indices that were run. */
async function sweepInto(
  out: string,
  def: SweepDefinition,
  opts: { workers?: number; shard?: ShardSpec; detailed?: boolean; stopAfter?: number } = {},
): Promise<{ ran: number[]; finished: boolean }> {
  const writer = openSweepWriter({ outDir: out, definition: def, shard: opts.shard, detailed: opts.detailed });
  const controller = new AbortController();
  const ran: number[] = [];
  const res = await runSweep(def, {
    workers: opts.workers,
    shard: opts.shard,
    detailed: opts.detailed,
    finished: writer.finished,
    signal: controller.signal,
    onPair: (o) => {
      writer.write(o);
      ran.push(o.record.index);
      if (opts.stopAfter !== undefined && ran.length >= opts.stopAfter) controller.abort();
    },
  });
  if (res.aborted) {
    writer.close();
    return { ran, finished: false };
  }
  writer.finish();
  return { ran, finished: true };
}

const AGGREGATE = Object.values(AGGREGATE_FILES);
function aggregateBytes(dir: string): Record<string, string> {
  return Object.fromEntries(AGGREGATE.filter((f) => existsSync(join(dir, f))).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

/*
 * Sweeps that several tests read are run once, by whichever test needs them first, so that every
 * test passes on its own and in any order (vitest -t, --sequence.shuffle).
 */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => {
    p ??= make();
    return p;
  };
}

/** The published grid with the display abort (625 pairs). */
const PAPER = sweepPreset('paper2025', { emulateDisplayAbort: true });
/** PAPER run whole with 1 worker: the reference output directory. */
const paperWhole = once(async () => {
  const dir = join(root, 'w1');
  await sweepInto(dir, PAPER, { workers: 1 });
  return dir;
});
/** PAPER run as 3 shards with 1, 2 and 3 workers: their output directories. */
const paperShards = once(async () => {
  const dirs = [1, 2, 3].map((k) => join(root, `shard-${k}`));
  for (const [i, dir] of dirs.entries()) await sweepInto(dir, PAPER, { shard: { index: i + 1, count: 3 }, workers: i + 1 });
  return dirs;
});

describe('paper2025 preset: the same aggregate/ bytes for 1, 2 and 4 workers and for 3 merged shards', () => {
  it('1 worker writes every aggregate file', async () => {
    const w1 = await paperWhole();
    const reference = aggregateBytes(w1);
    expect(Object.keys(reference).sort()).toEqual([...AGGREGATE].sort());
    const comparison = reference[AGGREGATE_FILES.comparison]!.split('\n');
    expect(comparison[0]).toBe(columnNames(COMPARISON_TABLE).join(','));
    expect(comparison).toHaveLength(627);
    expect(reference[AGGREGATE_FILES.strategyOutcomes]!.split('\n')).toHaveLength(1252);
    expect(reference[AGGREGATE_FILES.strategyOutcomes2025]!.split('\n')).toHaveLength(627);
    const summary = JSON.parse(reference[AGGREGATE_FILES.summary]!);
    expect(summary).toMatchObject({
      total_pairs: 625,
      mean_delta_passive: 0.6748681838520596,
      mean_delta_active: 0.6475515933999354,
      mean_trading_effect: 0.02731659045212469,
      pairs_with_improvement: 158,
      pairs_unchanged: 396,
      pairs_worsened: 71,
      profile: 'paper2025',
      regimes: ['passive', 'active'],
      options: { emulateDisplayAbort: true, replicates: 1 },
    });
    expect(readManifest(w1)!.status).toBe('complete');
  }, 60_000);

  for (const workers of [2, 4]) {
    it(`${workers} workers`, async () => {
      const reference = aggregateBytes(await paperWhole());
      await sweepInto(join(root, `w${workers}`), PAPER, { workers });
      expect(aggregateBytes(join(root, `w${workers}`))).toEqual(reference);
    }, 60_000);
  }

  it('3 shards (run with different worker counts) merged', async () => {
    const w1 = await paperWhole();
    const dirs = await paperShards();
    expect(readManifest(dirs[1]!)!.shard_pairs).toBe(208);
    const merged = join(root, 'merged');
    const r = mergeSweepShards([dirs[2]!, dirs[0]!, dirs[1]!], merged);
    expect(r.pairs).toBe(625);
    expect(aggregateBytes(merged)).toEqual(aggregateBytes(w1));
    expect(readFileSync(join(merged, SWEEP_FILES.journal), 'utf8')).toBe(readFileSync(join(w1, SWEEP_FILES.journal), 'utf8'));
    expect(readManifest(merged)).toEqual(readManifest(w1));
  }, 60_000);

  it('merge refuses missing, duplicated, foreign or unfinished shards', async () => {
    const dirs = await paperShards();
    const w1 = await paperWhole();
    expect(() => mergeSweepShards([dirs[0]!, dirs[1]!], join(root, 'm1'))).toThrow(/shards missing: 3\/3/);
    expect(() => mergeSweepShards([dirs[0]!, dirs[0]!, dirs[1]!], join(root, 'm2'))).toThrow(/given twice/);
    expect(() => mergeSweepShards([dirs[0]!, dirs[1]!, w1], join(root, 'm3'))).toThrow(SweepOutputError);
    const other = sweepPreset('paper2025', { emulateDisplayAbort: false, grid: { kappa: ['1'] } });
    const partial = join(root, 'partial-shard');
    await sweepInto(partial, other, { shard: { index: 1, count: 2 }, stopAfter: 3 });
    await sweepInto(join(root, 'partial-shard-2'), other, { shard: { index: 2, count: 2 } });
    expect(() => mergeSweepShards([partial, join(root, 'partial-shard-2')], join(root, 'm4'))).toThrow(/not finished/);
    expect(() => mergeSweepShards([dirs[0]!, join(root, 'partial-shard-2'), dirs[2]!], join(root, 'm5'))).toThrow(/different sweep/);
  }, 60_000);
});

describe('kill and resume', () => {
  const def = sweepPreset('paper2025', { emulateDisplayAbort: false, grid: { outsideMidRatio: ['1', '0.8'] } });

  it('a sweep stopped after k pairs resumes without redoing them and ends with identical output', async () => {
    const whole = join(root, 'resume-whole');
    await sweepInto(whole, def, { workers: 1 });
    const reference = aggregateBytes(whole);

    const out = join(root, 'resume');
    const first = await sweepInto(out, def, { workers: 2, stopAfter: 97 });
    expect(first).toEqual({ ran: Array.from({ length: 97 }, (_, i) => i), finished: false });
    expect(existsSync(join(out, 'aggregate'))).toBe(false);
    expect(readManifest(out)!.status).toBe('running');
    // A process killed while appending leaves a torn last line: it is dropped and that pair reruns.
    appendFileSync(join(out, SWEEP_FILES.journal), '{"index":97,"compar');
    const second = await sweepInto(out, def, { workers: 1, stopAfter: 40 });
    expect(second.ran).toEqual(Array.from({ length: 40 }, (_, i) => 97 + i));
    const third = await sweepInto(out, def, { workers: 2 });
    expect(third.finished).toBe(true);
    expect(third.ran).toEqual(Array.from({ length: 250 - 137 }, (_, i) => 137 + i));
    expect(aggregateBytes(out)).toEqual(reference);
    expect(readJournal(out).records.map((r) => r.index)).toEqual(Array.from({ length: 250 }, (_, i) => i));
    // Rerunning a finished sweep runs nothing and rewrites the same bytes.
    const again = await sweepInto(out, def, { workers: 2 });
    expect(again.ran).toEqual([]);
    expect(aggregateBytes(out)).toEqual(reference);
  }, 60_000);

  it('refuses to resume a different sweep, shard or logging mode, or to mix with foreign outputs', async () => {
    const out = join(root, 'refuse');
    await sweepInto(out, def, { workers: 1, stopAfter: 3 });
    const other = sweepPreset('paper2025', { emulateDisplayAbort: true, grid: { outsideMidRatio: ['1', '0.8'] } });
    expect(() => openSweepWriter({ outDir: out, definition: other })).toThrow(/different sweep definition/);
    expect(() => openSweepWriter({ outDir: out, definition: def, shard: { index: 1, count: 2 } })).toThrow(/shard 1\/1/);
    expect(() => openSweepWriter({ outDir: out, definition: def, detailed: true })).toThrow(/detailed logging off/);
    const foreign = join(root, 'foreign');
    mkdirSync(join(foreign, 'aggregate'), { recursive: true });
    expect(() => openSweepWriter({ outDir: foreign, definition: def })).toThrow(/without a manifest/);
    const w = openSweepWriter({ outDir: join(root, 'unfinished'), definition: def });
    expect(() => w.finish()).toThrow(/not finished/);
    w.close();
  });
});

describe('detailed logging', () => {
  const def = sweepPreset('paper2025', {
    emulateDisplayAbort: true,
    grid: { outsideMidRatio: ['1'], kappa: ['0.5', '1'], concentration: ['1', '5'] },
  });

  it('writes runs/<run_id>/ for both arms; resume replaces half-written directories; shards merge to the same tree', async () => {
    const whole = join(root, 'detailed');
    await sweepInto(whole, def, { detailed: true, workers: 2 });
    const runs = readdirSync(join(whole, 'runs')).sort();
    expect(runs).toHaveLength(40);
    const comparison = readSweepAggregate(whole).comparison;
    expect(new Set(runs)).toEqual(new Set(comparison.flatMap((r) => [r.passive_run_id, r.active_run_id])));
    expect(readdirSync(join(whole, 'runs', runs[0]!)).sort()).toEqual([
      'config.json',
      'inventory_timeseries.csv',
      'liabilities.csv',
      'metrics.csv',
      'repayment_events.csv',
      'system_state_timeseries.csv',
      'trader_initial_state.csv',
      'trades.csv',
    ]);

    const out = join(root, 'detailed-resume');
    await sweepInto(out, def, { detailed: true, stopAfter: 5 });
    // the half-written run folder of a killed process (its pid no longer runs) is removed on resume
    const stale = `active_deadbeef0000.tmp-${spawnSync(process.execPath, ['-e', '']).pid}-1`;
    mkdirSync(join(out, 'runs', stale), { recursive: true });
    writeFileSync(join(out, 'runs', stale, 'trades.csv'), 'half');
    await sweepInto(out, def, { detailed: true });
    expect(readdirSync(join(out, 'runs')).sort()).toEqual(runs);

    const shards = [1, 2].map((k) => join(root, `detailed-shard-${k}`));
    for (const [i, d] of shards.entries()) await sweepInto(d, def, { detailed: true, shard: { index: i + 1, count: 2 } });
    const merged = join(root, 'detailed-merged');
    expect(mergeSweepShards(shards, merged).runDirectories).toBe(40);
    expect(aggregateBytes(merged)).toEqual(aggregateBytes(whole));
    for (const r of runs) {
      for (const f of readdirSync(join(whole, 'runs', r))) {
        expect(readFileSync(join(merged, 'runs', r, f), 'utf8')).toBe(readFileSync(join(whole, 'runs', r, f), 'utf8'));
      }
    }
  }, 60_000);
});

describe('writeRuns', () => {
  it('returns the files of each run directory as written, and nothing without detailed logging', async () => {
    const small = sweepPreset('paper2025', { replicates: 1 });
    const out = join(root, 'write-runs');
    const writer = openSweepWriter({ outDir: out, definition: small, detailed: true });
    const plain = openSweepWriter({ outDir: join(root, 'write-runs-plain'), definition: small });
    let checked = 0;
    await runSweep(small, {
      detailed: true,
      shard: { index: 1, count: 125 },
      onPair: (o) => {
        const written = writer.writeRuns(o);
        expect(written.map((r) => r.runId)).toEqual(o.detail!.runs.map((r) => r.rows.summary.run_id));
        for (const run of written) {
          expect(run.files.map(([name]) => name).sort()).toEqual(readdirSync(join(out, 'runs', run.runId)).sort());
          for (const [name, text] of run.files) expect(readFileSync(join(out, 'runs', run.runId, name), 'utf8')).toBe(text);
          checked++;
        }
        expect(plain.writeRuns(o)).toEqual([]);
      },
    });
    expect(checked).toBeGreaterThan(0);
  });
});

describe('readers', () => {
  it('read the aggregate files back with header validation', async () => {
    const files = readSweepAggregate(await paperWhole());
    expect(files.comparison).toHaveLength(625);
    expect(files.comparison[0]).toMatchObject({ kappa: '0.25', outside_mid_ratio: '1', seed: 42, replicate: 0, profile: 'paper2025' });
    expect(files.strategyOutcomes).toHaveLength(1250);
    expect(files.strategyOutcomes2025).toHaveLength(625);
    expect(files.summary).toMatchObject({ total_pairs: 625 });
    const bad = join(root, 'bad');
    mkdirSync(join(bad, 'aggregate'), { recursive: true });
    writeFileSync(join(bad, 'aggregate', 'comparison.csv'), 'kappa,mu\n1,2\n');
    expect(() => readSweepAggregate(bad)).toThrow(/unexpected header/);
  });
  it('writes tables as CSV and Markdown', () => {
    const dir = join(root, 'tables');
    const names = writeTables(
      dir,
      [
        {
          id: 't1',
          columns: ['a', 'b'],
          rows: [
            { a: 1, b: null },
            { a: '0.5', b: true },
          ],
        },
      ],
      '# x\n',
    );
    expect(names).toEqual(['t1.csv', 'tables.md']);
    expect(readFileSync(join(dir, 't1.csv'), 'utf8')).toBe('a,b\n1,\n0.5,true\n');
  });
  it('shard slices used by the writer are the runner’s', async () => {
    const dirs = await paperShards();
    for (const [i, dir] of dirs.entries()) {
      const slice = shardIndices(PAPER, { index: i + 1, count: 3 });
      expect(readManifest(dir)!.shard_pairs).toBe(slice.length);
      expect(readJournal(dir).records.map((r) => r.index)).toEqual(slice);
    }
  }, 60_000);
});
