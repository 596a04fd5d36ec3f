import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { formatShard, pairCount, shardIndices, sweepHash } from '@ring/policy-eval';
import type { PairRecord, ShardSpec, SweepDefinition } from '@ring/policy-eval';
import { writeFileAtomic } from './atomic';
import { RingError } from '@ring/engine';
import { FileFormatError, WriterStateError } from './errors';
import { stableJson } from './json';

/** File names of a sweep directory besides `aggregate/` and `runs/`. */
export const SWEEP_FILES = {
  manifest: 'manifest.json',
  journal: 'pairs.jsonl',
} as const;

/**
 * `manifest.json` of a sweep output directory: what is being computed (the normalised definition
 * and its hash), which slice (shard), and where finished pairs are journaled. Written atomically
 * when the sweep starts and again when it completes.
 */
export interface SweepManifest {
  readonly schema: 'ring-sweep-manifest/1';
  readonly definition: SweepDefinition;
  readonly definition_hash: string;
  readonly shard: ShardSpec;
  /** `k/n` */
  readonly shard_label: string;
  readonly total_pairs: number;
  readonly shard_pairs: number;
  readonly detailed_logging: boolean;
  readonly journal: string;
  readonly status: 'running' | 'complete';
}

/**
 * A sweep directory cannot be used as asked (different sweep, bad manifest, incomplete shards…).
 * `path` is the offending directory or file; `hint` says what to do instead.
 */
export class SweepOutputError extends RingError {
  readonly path: string;
  constructor(code: string, path: string, message: string, hint?: string, field = 'out') {
    super(code, `${path}: ${message}`, { field, hint });
    this.path = path;
  }
}

/** The manifest of a sweep (status `running`). */
export function createManifest(def: SweepDefinition, shard: ShardSpec, detailed: boolean): SweepManifest {
  return {
    schema: 'ring-sweep-manifest/1',
    definition: def,
    definition_hash: sweepHash(def),
    shard,
    shard_label: formatShard(shard),
    total_pairs: pairCount(def),
    shard_pairs: shardIndices(def, shard).length,
    detailed_logging: detailed,
    journal: SWEEP_FILES.journal,
    status: 'running',
  };
}

/** Write the manifest atomically and durably. */
export function writeManifest(dir: string, manifest: SweepManifest): void {
  writeFileAtomic(join(dir, SWEEP_FILES.manifest), stableJson(manifest), { durable: true });
}

/** Read and check `manifest.json` of a sweep directory; null if there is none. */
export function readManifest(dir: string): SweepManifest | null {
  const path = join(dir, SWEEP_FILES.manifest);
  if (!existsSync(path)) return null;
  let m: SweepManifest;
  try {
    m = JSON.parse(readFileSync(path, 'utf8')) as SweepManifest;
  } catch (e) {
    throw new SweepOutputError('MANIFEST_INVALID', path, `not valid JSON (${(e as Error).message})`);
  }
  if (m?.schema !== 'ring-sweep-manifest/1' || typeof m.definition !== 'object' || typeof m.definition_hash !== 'string') {
    throw new SweepOutputError('MANIFEST_INVALID', path, 'not a ring sweep manifest (schema ring-sweep-manifest/1)');
  }
  if (sweepHash(m.definition) !== m.definition_hash) {
    throw new SweepOutputError('MANIFEST_INVALID', path, 'definition_hash does not match the definition (edited by hand?)');
  }
  return m;
}

/**
 * Read the journal of finished pairs (`pairs.jsonl`, one PairRecord per line). A last line without
 * its newline is what a killed process leaves behind: it is dropped (that pair simply runs again),
 * and `truncatedAt` reports the byte length of the intact prefix. Any other bad line is an error.
 */
export function readJournal(dir: string): { records: PairRecord[]; truncatedAt: number | null } {
  const path = join(dir, SWEEP_FILES.journal);
  if (!existsSync(path)) return { records: [], truncatedAt: null };
  const text = readFileSync(path, 'utf8');
  const end = text.lastIndexOf('\n') + 1;
  const records: PairRecord[] = [];
  const seen = new Set<number>();
  let lineNo = 0;
  for (const line of text.slice(0, end).split('\n')) {
    lineNo++;
    if (line === '') continue;
    let r: PairRecord;
    try {
      r = JSON.parse(line) as PairRecord;
    } catch {
      throw new FileFormatError(path, lineNo, 'journal line is not valid JSON');
    }
    if (!Number.isSafeInteger(r?.index) || typeof r.comparison !== 'object')
      throw new FileFormatError(path, lineNo, 'journal line is not a pair record');
    if (seen.has(r.index)) continue; // a pair journaled twice (rerun after a crash between writes): identical, keep one
    seen.add(r.index);
    records.push(r);
  }
  return { records, truncatedAt: end < text.length ? Buffer.byteLength(text.slice(0, end), 'utf8') : null };
}

/** An append-only journal: one line per finished pair. */
export interface Journal {
  append(record: PairRecord): void;
  /** Write buffered lines to the file (done automatically every 64 KiB or 200 ms). */
  flush(): void;
  /** Flush to stable storage and close. */
  close(): void;
}

const FLUSH_BYTES = 64 * 1024;
const FLUSH_MS = 200;

/**
 * Open the journal for appending, first cutting off a torn last line (rewritten atomically).
 * Lines are buffered briefly (64 KiB or 200 ms) and not fsynced one by one: a killed process
 * loses at most the pairs of the last 200 ms, which a resumed sweep simply runs again; after a
 * power loss the same holds for whatever the OS had not written yet.
 */
export function openJournal(dir: string, intact: PairRecord[] | null, truncatedAt: number | null): Journal {
  const path = join(dir, SWEEP_FILES.journal);
  if (truncatedAt !== null && intact) {
    writeFileAtomic(path, intact.map((r) => `${JSON.stringify(r)}\n`).join(''), { durable: true });
  }
  let fd: number | null = openSync(path, 'a');
  let buffer = '';
  let last = performance.now();
  const flush = () => {
    if (fd === null || buffer === '') return;
    writeSync(fd, buffer);
    buffer = '';
    last = performance.now();
  };
  return {
    append: (record) => {
      if (fd === null) throw new WriterStateError(`${path}: the journal is closed`);
      buffer += `${JSON.stringify(record)}\n`;
      if (buffer.length >= FLUSH_BYTES || performance.now() - last >= FLUSH_MS) flush();
    },
    flush,
    close: () => {
      if (fd === null) return;
      flush();
      fsyncSync(fd);
      closeSync(fd);
      fd = null;
    },
  };
}
