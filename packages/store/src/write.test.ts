/**
 * Writes through the real engine and the real DuckDB: a run, a sweep and policy evaluations are
 * queryable, repeated writes leave one row per key, every decimal reads back as the text written,
 * and a directory's CSV views hold the same rows as the database.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig, simulate, withRegime } from '@ring/engine';
import { createRunDirectoryWriter, readCsv } from '@ring/export';
import { TRADES_TABLE, columnNames } from '@ring/metrics';
import { comparePolicies, comparisonId, decideAcceptance, buildEvaluationRecord, resolveCompareOptions } from '@ring/policy-eval';
import type { ComparePoliciesOptions, PairRecord, SweepDefinition } from '@ring/policy-eval';
import { openStore } from './open';
import type { RingStore } from './db';
import { openDirectory } from './directory';
import { STORE_TABLES } from './tables';
import { smallSweep, sweepInto, tableLines, tempDir } from './test-fixtures';
import { writeEvaluation, writeRuns, writeSweep } from './write';

const count = async (s: RingStore, sql: string) => Number((await s.rows(sql))[0]!.n);

describe('writeRuns (ring run --db)', () => {
  it('stores both arms, the pair and every per-run table; a second write changes nothing', async () => {
    const out = tempDir();
    const cfg = resolveConfig({ profile: 'spec', kappa: '0.5', concentration: '1', mu: '0.5', seed: 11 });
    const results = (['passive', 'active'] as const).map((r) => {
      const armCfg = withRegime(cfg, r);
      const w = createRunDirectoryWriter(out, armCfg);
      const res = simulate(armCfg, { observer: w.observer });
      w.finish(res);
      return res;
    });
    const store = await openStore(join(out, 'db.duckdb'));
    for (let k = 0; k < 2; k++) await writeRuns(store, { results, outDir: out });
    expect(await count(store, 'SELECT count(*) n FROM runs')).toBe(2);
    expect(await count(store, 'SELECT count(*) n FROM pairs')).toBe(1);
    const active = results[1]!;
    const trades = readCsv(join(out, 'runs', active.runId, 'trades.csv'), columnNames(TRADES_TABLE));
    expect(trades.length).toBeGreaterThan(0);
    expect(await count(store, `SELECT count(*) n FROM trades WHERE run_id = '${active.runId}'`)).toBe(trades.length);
    // exact text: every decimal of trades.csv reads back as written, and its DOUBLE companion is Number(text)
    const back = await store.rows(`SELECT * FROM trades WHERE run_id = '${active.runId}' ORDER BY seq`);
    back.forEach((row, i) => {
      for (const [col, text] of Object.entries(trades[i]!)) {
        const v = row[col];
        expect(v === null ? '' : typeof v === 'bigint' ? v.toString() : String(v), `${col} of trade ${i}`).toBe(text);
        if (`${col}_num` in row && text !== '') expect(row[`${col}_num`]).toBe(Number(text));
      }
    });
    const run = (await store.rows(`SELECT * FROM runs WHERE run_id = '${active.runId}'`))[0]!;
    expect(run.delta).toBe(active.delta);
    expect(run.kappa).toBe('0.5');
    expect(run.outside_mid_ratio).toBe(cfg.outsideMidRatio);
    expect(JSON.parse(String(run.config))).toEqual(JSON.parse(JSON.stringify(active.config)));
    store.close();
  });
});

describe('writeSweep (ring sweep --db)', () => {
  let def: SweepDefinition;
  let out: string;
  let records: PairRecord[];
  let store: RingStore;
  beforeAll(async () => {
    def = smallSweep();
    out = tempDir();
    records = await sweepInto(join(out, 'sweep'), def, true);
    store = await openStore(join(out, 'db.duckdb'));
    await writeSweep(store, { definition: def, records, outDir: join(out, 'sweep') });
  });

  it('stores pairs, runs, sweep membership and per-run tables; writing again leaves the same rows', async () => {
    const before = await Promise.all(STORE_TABLES.map((t) => tableLines(store, `SELECT * FROM ${t.name}`)));
    expect(await count(store, 'SELECT count(*) n FROM pairs')).toBe(4);
    expect(await count(store, 'SELECT count(*) n FROM runs')).toBe(8);
    expect(await count(store, 'SELECT count(*) n FROM sweep_pairs')).toBe(4);
    expect(await count(store, 'SELECT count(*) n FROM trades')).toBeGreaterThan(0);
    await writeSweep(store, { definition: def, records, outDir: join(out, 'sweep') });
    const after = await Promise.all(STORE_TABLES.map((t) => tableLines(store, `SELECT * FROM ${t.name}`)));
    expect(after).toEqual(before);
  });

  it('gives the runs of a sweep the same rows as the runs of ring run', async () => {
    const rec = records[3]!;
    const cfg = resolveConfig({
      ...def.base,
      profile: def.profile,
      kappa: '1',
      concentration: '1',
      mu: '0.5',
      outsideMidRatio: '0.9',
      seed: def.baseSeed + 3,
    } as never);
    const results = (['passive', 'active'] as const).map((r) => simulate(withRegime(cfg, r)));
    expect(results[0]!.pairId).toBe(rec.comparison.pair_id);
    const other = await openStore(join(out, 'run.duckdb'));
    await writeRuns(other, { results });
    const where = `WHERE pair_id = '${rec.comparison.pair_id}'`;
    expect(await tableLines(other, `SELECT * FROM runs ${where}`)).toEqual(await tableLines(store, `SELECT * FROM runs ${where}`));
    expect(await tableLines(other, `SELECT * FROM pairs ${where}`)).toEqual(await tableLines(store, `SELECT * FROM pairs ${where}`));
    other.close();
  });

  it('queries the sweep directory through CSV views with the same rows as the database', async () => {
    const dir = await openDirectory(join(out, 'sweep'));
    for (const t of STORE_TABLES.filter((x) => x.file)) {
      expect(await tableLines(dir, `SELECT * FROM ${t.name}`), t.name).toEqual(await tableLines(store, `SELECT * FROM ${t.name}`));
    }
    const cols = 'run_id, pair_id, regime, status, delta, delta_num, n_defaults, final_day, end_reason, kappa, outside_mid_ratio, seed';
    expect(await tableLines(dir, `SELECT ${cols} FROM runs`)).toEqual(await tableLines(store, `SELECT ${cols} FROM runs`));
    dir.close();
  });
});

describe('writeEvaluation (ring compare --db)', () => {
  const base: ComparePoliciesOptions = {
    scenario: { profile: 'spec', nAgents: 8, allowSmallRing: true, kappa: '0.5', concentration: '1', mu: '0.5', seed: 3 },
    oldPolicy: { policy_id: 'passive', parameters: { sellEnabled: false, buyEnabled: false } },
    newPolicy: { policy_id: 'sell', parameters: { sellEnabled: true } },
  };
  const record = (o: ComparePoliciesOptions, acceptance = {}) => {
    const resolved = resolveCompareOptions(o);
    const ev = comparePolicies(o);
    const rec = buildEvaluationRecord({
      evaluation: ev,
      decision: decideAcceptance(ev, acceptance),
      proposedPolicy: resolved.newPolicy,
      runId: comparisonId(resolved),
      iteration: resolved.iteration,
      timestamp: '2026-01-01T00:00:00.000Z',
    });
    return { record: rec, options: resolved, acceptance };
  };

  it('keeps one row per distinct input and replaces a repeated one', async () => {
    const store = await openStore(join(tempDir(), 'eval.duckdb'));
    const a = record(base);
    await writeEvaluation(store, a);
    await writeEvaluation(store, a);
    expect(await count(store, 'SELECT count(*) n FROM policy_evaluations')).toBe(1);
    const agents = Object.keys(a.record.evaluation.agent_stats).length;
    expect(await count(store, 'SELECT count(*) n FROM policy_evaluation_agents')).toBe(agents);
    await writeEvaluation(store, record({ ...base, iteration: 1 }));
    await writeEvaluation(store, record(base, { defaultRateTolerance: 0.5 }));
    await writeEvaluation(
      store,
      record({ ...base, oldPolicy: { policy_id: 'passive2', parameters: { sellEnabled: false, buyEnabled: false } } }),
    );
    expect(await count(store, 'SELECT count(*) n FROM policy_evaluations')).toBe(4);
    expect(await count(store, 'SELECT count(*) n FROM policy_evaluation_agents')).toBe(4 * agents);
    const row = (
      await store.rows(
        `SELECT * FROM policy_evaluations WHERE iteration = 0 AND old_policy_id = 'passive' ORDER BY acceptance_options LIMIT 1`,
      )
    )[0]!;
    expect(row.new_policy_id).toBe('sell');
    expect(row.delta_sum).toBe(a.record.delta_sum);
    expect(row.old_cost).toBe(a.record.old_cost);
    expect(row.accepted).toBe(a.record.accepted);
    expect(row.kappa).toBe('0.5');
    expect(JSON.parse(String(row.old_policy)).policy_id).toBe('passive');
    store.close();
  });
});
