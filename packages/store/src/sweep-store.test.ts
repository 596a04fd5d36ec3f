/**
 * The sweep writer (`ring sweep --db`): the rows of finished pairs, taken from memory as the sweep
 * runs, give exactly the tables that loading the finished sweep's directory gives — same columns,
 * same types, same rows, value for value — in any batch size, written again or resumed.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSweepWriter, readJournal } from '@ring/export';
import type { RunFiles } from '@ring/export';
import { runSweep, sweepPreset } from '@ring/policy-eval';
import type { PairOutput, SweepDefinition } from '@ring/policy-eval';
import { openStore } from './open';
import type { RingStore } from './db';
import { StoreError } from './errors';
import { PER_RUN_TABLES, createSweepStoreWriter } from './sweep-store';
import { STORE_TABLES } from './tables';
import { smallSweep, tableLines, tempDir } from './test-fixtures';
import { writeSweep } from './write';

/** Every table of a database: its columns with their types, and its rows (sorted JSON lines). */
async function contents(store: RingStore): Promise<Record<string, { columns: string[]; rows: string[] }>> {
  const out: Record<string, { columns: string[]; rows: string[] }> = {};
  for (const t of STORE_TABLES) {
    const columns = [...(await store.physical(t.name))].map(([n, type]) => `${n} ${type}`);
    out[t.name] = { columns, rows: await tableLines(store, `SELECT * FROM ${t.name}`) };
  }
  return out;
}

/**
 * One sweep, as `ring sweep --detailed-logging` runs it, in a fresh directory: files written, each
 * pair's output and its runs' files kept, and the tables that loading the directory gives.
 */
async function sweepWithFiles(def: SweepDefinition, workers: number) {
  const root = tempDir();
  const sweepDir = join(root, 'sweep');
  const files = openSweepWriter({ outDir: sweepDir, definition: def, detailed: true });
  const outputs: PairOutput[] = [];
  const written: (readonly RunFiles[])[] = [];
  await runSweep(def, {
    workers,
    detailed: true,
    onPair: (o) => {
      written.push(files.writeRuns(o));
      outputs.push(o);
    },
  });
  files.finish();
  const store = await openStore(join(root, 'directory.duckdb'));
  await writeSweep(store, { definition: def, records: readJournal(sweepDir).records, outDir: sweepDir });
  const fromDirectory = await contents(store);
  store.close();
  return { root, outputs, written, fromDirectory };
}

/**
 * A describe block's sweep, run once in its beforeAll: its definition, and what
 * {@link sweepWithFiles} gives (the fields are filled before the first test).
 */
function sweepFixture(definition: () => SweepDefinition, workers: number) {
  const s = {} as { def: SweepDefinition } & Awaited<ReturnType<typeof sweepWithFiles>>;
  beforeAll(async () => {
    const def = definition();
    Object.assign(s, { def, ...(await sweepWithFiles(def, workers)) });
  });
  return s;
}

/** Stream outputs into a database through the sweep writer (with their runs' files, when given). */
async function stream(
  store: RingStore | Promise<RingStore>,
  def: SweepDefinition,
  outputs: readonly PairOutput[],
  batchRows?: number,
  files?: readonly (readonly RunFiles[])[],
) {
  const w = createSweepStoreWriter(store, { definition: def, detailed: true, batchRows });
  for (const [i, o] of outputs.entries()) await w.write(o, files?.[i]);
  return w.finish();
}

describe('createSweepStoreWriter (ring sweep --db)', () => {
  const s = sweepFixture(() => smallSweep(), 1);

  it('gives the same tables as loading the sweep directory, whatever the batch size', async () => {
    expect(s.fromDirectory.trades!.rows.length).toBeGreaterThan(0);
    for (const t of PER_RUN_TABLES) expect(s.fromDirectory[t.name]!.rows.length, t.name).toBeGreaterThan(0);
    for (const batchRows of [1, 40, undefined]) {
      const store = await openStore(join(s.root, `stream-${batchRows}.duckdb`));
      const counts = await stream(store, s.def, s.outputs, batchRows);
      expect(await contents(store)).toEqual(s.fromDirectory);
      expect(counts.trades).toBe(s.fromDirectory.trades!.rows.length);
      expect(counts.pairs).toBe(4);
      store.close();
    }
  });

  it("gives the same tables from the texts of the runs' files (read by DuckDB), whatever the batch size", async () => {
    for (const batchRows of [1, 40, undefined]) {
      const store = await openStore(join(s.root, `texts-${batchRows}.duckdb`));
      const counts = await stream(store, s.def, s.outputs, batchRows, s.written);
      expect(await contents(store)).toEqual(s.fromDirectory);
      expect(counts.trades).toBe(s.fromDirectory.trades!.rows.length);
      expect(counts.inventory_timeseries).toBe(s.fromDirectory.inventory_timeseries!.rows.length);
      // the same pairs again, or some of them: their rows replaced, none added
      await stream(store, s.def, s.outputs.slice(1), batchRows, s.written.slice(1));
      expect(await contents(store)).toEqual(s.fromDirectory);
      store.close();
    }
  });

  it("refuses files of other runs than the pair's, and a mix of pairs with and without files", async () => {
    const store = await openStore(join(s.root, 'texts-bad.duckdb'));
    const w = createSweepStoreWriter(store, { definition: s.def, detailed: true });
    await expect(w.write(s.outputs[0]!, s.written[1])).rejects.toMatchObject({ code: 'STORE_INPUT' });
    await w.write(s.outputs[0]!, s.written[0]);
    await expect(w.write(s.outputs[1]!)).rejects.toThrow(/give every pair's files, or none/);
    store.close();
  });

  it('into a store that does not log its commits: the same tables once closed, checkpointed as often as asked', async () => {
    const path = join(s.root, 'unlogged.duckdb');
    const store = await openStore(path, { logCommits: false });
    let checkpoints = 0;
    const checkpoint = store.checkpoint.bind(store);
    store.checkpoint = () => {
      checkpoints++;
      return checkpoint();
    };
    const w = createSweepStoreWriter(store, { definition: s.def, detailed: true, batchRows: 40, checkpointRows: 100 });
    for (const o of s.outputs) await w.write(o);
    await w.finish();
    store.close();
    // every 100 rows moved, and once at the end
    const rows = Object.values(s.fromDirectory).reduce((n, t) => n + t.rows.length, 0);
    expect(checkpoints).toBeGreaterThan(1);
    expect(checkpoints).toBeLessThanOrEqual(Math.ceil(rows / 100) + 1);
    const again = await openStore(path, { readOnly: true });
    expect(await contents(again)).toEqual(s.fromDirectory);
    again.close();
  });

  it("commit stores the rows and starts their checkpoint, which runs on DuckDB's thread while this one is busy; finish waits for it", async () => {
    const path = join(s.root, 'commit.duckdb');
    const store = await openStore(path, { logCommits: false });
    const w = createSweepStoreWriter(store, { definition: s.def, detailed: true });
    for (const [i, o] of s.outputs.entries()) await w.write(o, s.written[i]);
    const before = statSync(path).size;
    const counts = await w.commit();
    await expect(w.write(s.outputs[0]!, s.written[0])).rejects.toThrow('the sweep writer has finished');
    // Commits are not logged: only the checkpoint writes the rows into the file. This thread never
    // yields while it watches the file grow.
    const deadline = Date.now() + 20_000;
    while (statSync(path).size <= before && Date.now() < deadline) {
      // busy: the event loop gets no turn
    }
    expect(statSync(path).size).toBeGreaterThan(before);
    expect(await w.finish()).toEqual(counts);
    expect(Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0))).toEqual(
      Object.fromEntries(Object.entries(s.fromDirectory).flatMap(([t, c]) => (c.rows.length > 0 ? [[t, c.rows.length]] : []))),
    );
    expect(await contents(store)).toEqual(s.fromDirectory);
    store.close();
  });

  it('writing the pairs again, or some of them, leaves the same rows', async () => {
    const store = await openStore(join(s.root, 'again.duckdb'));
    await stream(store, s.def, s.outputs);
    await stream(store, s.def, s.outputs.slice(1, 3), 7);
    await writeSweep(store, { definition: s.def, records: s.outputs.map((o) => o.record), outDir: join(s.root, 'sweep') });
    await stream(store, s.def, s.outputs);
    expect(await contents(store)).toEqual(s.fromDirectory);
    store.close();
  });

  it("replaces a run's stored rows even when the run now has none (a passive run's trades)", async () => {
    const store = await openStore(join(s.root, 'stale.duckdb'));
    const passive = s.outputs[0]!.detail!.runs[0]!.rows;
    expect(passive.trades).toHaveLength(0);
    const stale = { ...s.outputs[1]!.detail!.runs[1]!.rows.trades[0]!, run_id: passive.summary.run_id };
    await store.writeRows('trades', [stale]);
    await stream(store, s.def, s.outputs);
    expect(await contents(store)).toEqual(s.fromDirectory);
    store.close();
  });

  it('writes no per-run rows for a sweep without detailed logging', async () => {
    const store = await openStore(join(s.root, 'plain.duckdb'));
    const w = createSweepStoreWriter(store, { definition: s.def });
    for (const o of s.outputs) await w.write({ record: o.record, configs: o.configs, detail: null });
    await w.finish();
    const other = await openStore(join(s.root, 'plain-dir.duckdb'));
    await writeSweep(other, { definition: s.def, records: s.outputs.map((o) => o.record) });
    expect(await contents(store)).toEqual(await contents(other));
    expect((await contents(store)).trades!.rows).toEqual([]);
    store.close();
    other.close();
  });

  it('takes a store still opening, and reports a store that failed to open on the next write', async () => {
    const file = join(s.root, 'later.duckdb');
    await stream(openStore(file), s.def, s.outputs, 50);
    const store = await openStore(file, { readOnly: true });
    expect(await contents(store)).toEqual(s.fromDirectory);
    store.close();
    const refused = new StoreError('DB_LOCKED', 'held');
    const w = createSweepStoreWriter(Promise.reject(refused), { definition: s.def, detailed: true });
    await new Promise((r) => setTimeout(r, 0));
    await expect(w.write(s.outputs[0]!)).rejects.toBe(refused);
    await expect(w.finish()).rejects.toBe(refused);
  });

  it('refuses a pair without per-run rows in a detailed sweep', async () => {
    const store = await openStore(join(s.root, 'refuse.duckdb'));
    const w = createSweepStoreWriter(store, { definition: s.def, detailed: true });
    await expect(w.write({ record: s.outputs[0]!.record, configs: s.outputs[0]!.configs, detail: null })).rejects.toMatchObject({
      code: 'STORE_INPUT',
    });
    store.close();
  });

  it('moves a sweep smaller than a batch in one transaction once its last pair is in; a larger one a batch at a time', async () => {
    // 100 pairs without detailed logging: 10 rows each, 1,000 in all (far below the default batch)
    const wide = smallSweep(25);
    const many: PairOutput[] = [];
    await runSweep(wide, { onPair: (o) => void many.push(o) });
    const store = await openStore(join(s.root, 'once.duckdb'));
    const sizes = batchSizes(store);
    const w = createSweepStoreWriter(store, { definition: wide });
    for (const o of many) await w.write(o);
    expect(sizes).toEqual([]);
    await w.finish();
    expect(sizes).toEqual([1001]); // and the sweeps row
    const all = await contents(store);
    store.close();
    const small = await openStore(join(s.root, 'batches.duckdb'));
    const moved = batchSizes(small);
    const v = createSweepStoreWriter(small, { definition: wide, batchRows: 300 });
    for (const o of many) await v.write(o);
    await v.finish();
    expect(moved).toEqual([301, 300, 300, 100]);
    expect(await contents(small)).toEqual(all);
    small.close();
  });

  it('moves what is gathered before taking a pair again (its batch first, then the new rows: the last s.written wins)', async () => {
    const store = await openStore(join(s.root, 'twice.duckdb'));
    const sizes = batchSizes(store);
    const w = createSweepStoreWriter(store, { definition: s.def, detailed: true });
    for (const [i, o] of s.outputs.entries()) await w.write(o, s.written[i]);
    await w.write(s.outputs[1]!, s.written[1]);
    await w.finish();
    expect(sizes).toHaveLength(2);
    expect(await contents(store)).toEqual(s.fromDirectory);
    store.close();
  });

  it("gathers the runs' files on disk until their batch moves, and leaves no temporary file behind", async () => {
    const previous = process.env.TMPDIR;
    const spool = tempDir('ring-spool-');
    process.env.TMPDIR = spool;
    try {
      const store = await openStore(join(s.root, 'spool.duckdb'));
      const w = createSweepStoreWriter(store, { definition: s.def, detailed: true });
      for (const [i, o] of s.outputs.entries()) await w.write(o, s.written[i]);
      // one file per per-run table with rows (system_state_timeseries: one per header), its header
      // line s.written at once (the lines follow a chunk at a time: spool.test.ts)
      const header = s.written[0]![0]!.files.find(([n]) => n === 'trades.csv')![1].split('\n')[0]!;
      const tradeFile = () => readdirSync(spool).find((f) => readFileSync(join(spool, f), 'utf8').startsWith(`${header}\n`));
      for (let i = 0; i < 500 && tradeFile() === undefined; i++) await new Promise((r) => setTimeout(r, 10));
      expect(readdirSync(spool).length).toBeGreaterThanOrEqual(PER_RUN_TABLES.length);
      expect(tradeFile()).toBeDefined();
      await w.finish();
      expect(readdirSync(spool)).toEqual([]);
      expect(await contents(store)).toEqual(s.fromDirectory);
      // a sweep that failed: what is gathered is dropped with its files, and the store gets its own
      // DuckDB settings back (the writer applies its own as it starts)
      await store.run('SET threads = 3');
      const dropped = createSweepStoreWriter(store, { definition: s.def, detailed: true });
      await dropped.write(s.outputs[1]!, s.written[1]);
      for (let i = 0; i < 500 && readdirSync(spool).length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(readdirSync(spool).length).toBeGreaterThan(0);
      await dropped.abort();
      expect(readdirSync(spool)).toEqual([]);
      expect((await store.rows("SELECT current_setting('threads') AS t"))[0]!.t).toBe(3n);
      await expect(dropped.write(s.outputs[2]!, s.written[2])).rejects.toMatchObject({ code: 'STORE_INPUT' });
      // and so after a batch has moved
      const moved = createSweepStoreWriter(store, { definition: s.def, detailed: true, batchRows: 1 });
      await moved.write(s.outputs[0]!, s.written[0]);
      await moved.write(s.outputs[1]!, s.written[1]);
      await moved.abort();
      expect((await store.rows("SELECT current_setting('threads') AS t"))[0]!.t).toBe(3n);
      // a batch that fails (the store closed under it): its files go too
      const failing = createSweepStoreWriter(store, { definition: s.def, detailed: true });
      await failing.write(s.outputs[0]!, s.written[0]);
      store.close();
      await expect(failing.finish()).rejects.toThrow();
      expect(readdirSync(spool)).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
    }
  });
});

/** The rows handed to each writeBatch of a store, as they happen. */
/** The rows each batch written through `store` (its first connection) stored, in order, as they commit. */
function batchSizes(store: RingStore): number[] {
  const sizes: number[] = [];
  const write = store.writeBatch.bind(store);
  store.writeBatch = async (parts) => {
    const counts = await write(parts);
    sizes.push(Object.values(counts).reduce((n, k) => n + k, 0));
    return counts;
  };
  return sizes;
}

describe('createSweepStoreWriter, a sweep of 72 pairs (0.9 MB of per-run files: enough for two connections)', () => {
  const s = sweepFixture(
    () =>
      sweepPreset('paper2025', {
        replicates: 1,
        emulateDisplayAbort: false,
        grid: { kappa: ['0.25', '0.5', '1', '2'], concentration: ['0.5', '1', '2'], mu: ['0', '0.5', '1'], outsideMidRatio: ['1', '0.9'] },
      }),
    2,
  );

  it('moves a detailed batch on two connections side by side, a plain one on one; a failure on either fails the writer', async () => {
    const store = await openStore(join(s.root, 'lanes.duckdb'));
    expect(
      s.written
        .flat()
        .flatMap((r) => r.files)
        .reduce((n, [, t]) => n + t.length, 0),
    ).toBeGreaterThan(900_000);
    const seconds: { closed: boolean }[] = [];
    const sibling = store.sibling.bind(store);
    let failing = false;
    store.sibling = async () => {
      const s = await sibling();
      const seen = { closed: false };
      seconds.push(seen);
      const close = s.close.bind(s);
      s.close = () => {
        seen.closed = true;
        close();
      };
      if (failing) s.writeBatch = () => Promise.reject(new StoreError('SQL_ERROR', 'the second lane failed'));
      return s;
    };
    await stream(store, s.def, s.outputs, undefined, s.written);
    expect(seconds).toEqual([{ closed: true }]);
    expect(await contents(store)).toEqual(s.fromDirectory);
    const plain = createSweepStoreWriter(store, { definition: s.def });
    for (const o of s.outputs) await plain.write({ record: o.record, configs: o.configs, detail: null });
    await plain.finish();
    expect(seconds).toHaveLength(1);
    failing = true;
    const w = createSweepStoreWriter(store, { definition: s.def, detailed: true });
    for (const [i, o] of s.outputs.entries()) await w.write(o, s.written[i]);
    await expect(w.commit()).rejects.toThrow('the second lane failed');
    // `ring sweep` writes aggregate/ between the two: finish reports the failure again
    await expect(w.finish()).rejects.toThrow('the second lane failed');
    expect(seconds).toEqual([{ closed: true }, { closed: true }]);
    store.close();
  });
});
