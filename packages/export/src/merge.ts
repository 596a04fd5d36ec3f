import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WHOLE, pairCount, shardIndices } from '@ring/policy-eval';
import type { PairRecord } from '@ring/policy-eval';
import { writeFileAtomic } from './atomic';
import { SWEEP_FILES, SweepOutputError, createManifest, readJournal, readManifest, writeManifest } from './manifest';
import type { SweepManifest } from './manifest';
import { writeSweepAggregate } from './sweep-writer';
import type { AggregateResult } from './sweep-writer';

/** What {@link mergeSweepShards} did. */
export interface MergeResult extends AggregateResult {
  readonly shards: number;
  readonly pairs: number;
  /** Run directories copied (detailed logging). */
  readonly runDirectories: number;
}

/**
 * Combine the output directories of the n shards of one sweep into `outDir`, which then holds
 * exactly what one unsharded run of the sweep writes: the same `aggregate/` bytes (written by the
 * same code from the same records), a journal in pair order, a complete unsharded manifest, and
 * (detailed logging) every `runs/<run_id>/` directory. Checks that the shards belong to the same
 * definition, have the same n, are all present once, and together cover every pair exactly once.
 */
export function mergeSweepShards(shardDirs: readonly string[], outDir: string): MergeResult {
  if (shardDirs.length === 0)
    throw new SweepOutputError('MERGE_INVALID', outDir, 'no shard directories given', 'name every shard directory', 'shards');
  const out = resolve(outDir);
  if (shardDirs.some((d) => resolve(d) === out))
    throw new SweepOutputError('MERGE_INVALID', outDir, 'the output directory must not be one of the shards');
  if (existsSync(join(outDir, SWEEP_FILES.manifest)) || existsSync(join(outDir, 'aggregate'))) {
    throw new SweepOutputError('MERGE_INVALID', outDir, 'already holds sweep outputs; merge into a new directory');
  }
  const manifests: SweepManifest[] = shardDirs.map((d) => {
    const m = readManifest(d);
    if (!m) throw new SweepOutputError('MERGE_INVALID', d, `no ${SWEEP_FILES.manifest}: not a sweep output directory`, undefined, 'shards');
    return m;
  });
  const first = manifests[0]!;
  const n = first.shard.count;
  const seenShard = new Set<number>();
  manifests.forEach((m, i) => {
    const d = shardDirs[i]!;
    if (m.definition_hash !== first.definition_hash)
      throw new SweepOutputError('MERGE_INVALID', d, `belongs to a different sweep than ${shardDirs[0]}`, undefined, 'shards');
    if (m.shard.count !== n)
      throw new SweepOutputError('MERGE_INVALID', d, `is shard ${m.shard_label}, expected one of n = ${n}`, undefined, 'shards');
    if (m.detailed_logging !== first.detailed_logging)
      throw new SweepOutputError('MERGE_INVALID', d, 'detailed logging differs between shards', undefined, 'shards');
    if (seenShard.has(m.shard.index))
      throw new SweepOutputError('MERGE_INVALID', d, `shard ${m.shard_label} is given twice`, undefined, 'shards');
    seenShard.add(m.shard.index);
  });
  const absent = Array.from({ length: n }, (_, k) => k + 1).filter((k) => !seenShard.has(k));
  if (absent.length > 0)
    throw new SweepOutputError(
      'MERGE_INVALID',
      outDir,
      `shards missing: ${absent.map((k) => `${k}/${n}`).join(', ')}`,
      undefined,
      'shards',
    );

  const def = first.definition;
  const records = new Map<number, PairRecord>();
  manifests.forEach((m, i) => {
    const d = shardDirs[i]!;
    const { records: rs } = readJournal(d);
    const byIndex = new Map(rs.map((r) => [r.index, r]));
    const missing = shardIndices(def, m.shard).filter((k) => !byIndex.has(k));
    if (missing.length > 0)
      throw new SweepOutputError(
        'MERGE_INVALID',
        d,
        `shard ${m.shard_label} is not finished (${missing.length} pairs missing)`,
        'rerun that shard with the same command to resume it',
        'shards',
      );
    for (const r of rs) records.set(r.index, r);
  });
  if (records.size !== pairCount(def))
    throw new SweepOutputError('MERGE_INVALID', outDir, `expected ${pairCount(def)} pairs, found ${records.size}`);

  mkdirSync(outDir, { recursive: true });
  let runDirectories = 0;
  if (first.detailed_logging) {
    for (const d of shardDirs) {
      const runs = join(d, 'runs');
      if (!existsSync(runs)) continue;
      for (const name of readdirSync(runs)) {
        if (name.includes('.tmp-')) continue;
        cpSync(join(runs, name), join(outDir, 'runs', name), { recursive: true });
        runDirectories++;
      }
    }
  }
  const sorted = [...records.values()].sort((a, b) => a.index - b.index);
  writeFileAtomic(join(outDir, SWEEP_FILES.journal), sorted.map((r) => `${JSON.stringify(r)}\n`).join(''), { durable: true });
  const result = writeSweepAggregate(outDir, def, sorted);
  writeManifest(outDir, { ...createManifest(def, WHOLE, first.detailed_logging), status: 'complete' });
  return { ...result, shards: n, pairs: sorted.length, runDirectories };
}
