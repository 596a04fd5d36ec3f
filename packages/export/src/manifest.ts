import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readFileSync, readSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import {
  COMPARISON_TABLE,
  DEALER_USAGE_2025_TABLE,
  DEALER_USAGE_TABLE,
  STRATEGY_OUTCOMES_2025_TABLE,
  STRATEGY_OUTCOMES_TABLE,
  validateRows,
} from '@ring/metrics';
import type { CellLocation, TableDef } from '@ring/metrics';
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

/** Where one pair's line is in the journal (bytes; `length` includes the newline). */
export interface JournalLocation {
  readonly offset: number;
  readonly length: number;
}

const SCAN_CHUNK = 1 << 20;

/**
 * Read the journal of finished pairs (`pairs.jsonl`, one PairRecord per line) one line at a time,
 * with flat memory: `visit` gets each record with its location. A pair journaled twice (a rerun
 * after a crash between writes) is visited once. A last line without its newline is what a killed
 * process leaves behind: it is skipped (that pair simply runs again), and `truncatedAt` reports the
 * byte length of the intact prefix. Any other bad line throws {@link FileFormatError}.
 */
export function scanJournal(
  dir: string,
  visit: (record: PairRecord, location: JournalLocation) => void,
): { count: number; truncatedAt: number | null } {
  const path = join(dir, SWEEP_FILES.journal);
  if (!existsSync(path)) return { count: 0, truncatedAt: null };
  const fd = openSync(path, 'r');
  const seen = new Set<number>();
  let lineNo = 0;
  let offset = 0; // file offset of `rest`
  let rest = Buffer.alloc(0);
  const chunk = Buffer.alloc(SCAN_CHUNK);
  try {
    for (;;) {
      const n = readSync(fd, chunk, 0, SCAN_CHUNK, null);
      if (n === 0) break;
      let buf = rest.length > 0 ? Buffer.concat([rest, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      let start = 0;
      for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
        lineNo++;
        const line = buf.toString('utf8', start, nl);
        const location = { offset: offset + start, length: nl + 1 - start };
        start = nl + 1;
        if (line === '') continue;
        const r = parseJournalLine(line, path, lineNo);
        checkPairRecord(r, { file: path, line: lineNo });
        if (seen.has(r.index)) continue; // journaled twice: identical, keep one
        seen.add(r.index);
        visit(r, location);
      }
      offset += start;
      buf = buf.subarray(start);
      rest = Buffer.from(buf); // copy: `chunk` is reused
    }
  } finally {
    closeSync(fd);
  }
  return { count: seen.size, truncatedAt: rest.length > 0 ? offset : null };
}

/** One journal line as a pair record (its JSON and its index checked, not its cells). */
function parseJournalLine(line: string, path: string, lineNo: number): PairRecord {
  let r: PairRecord;
  try {
    r = JSON.parse(line) as PairRecord;
  } catch {
    throw new FileFormatError(path, lineNo, 'journal line is not valid JSON');
  }
  if (!Number.isSafeInteger(r?.index) || typeof r.comparison !== 'object')
    throw new FileFormatError(path, lineNo, 'journal line is not a pair record');
  return r;
}

/**
 * Read one journal line back from its location (see `scanJournal` and {@link Journal.append}).
 * Only its shape is checked: its cells were checked when `scanJournal` read it, or written by
 * this process.
 */
export function readJournalRecord(dir: string, location: JournalLocation): PairRecord {
  const path = join(dir, SWEEP_FILES.journal);
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(location.length);
    const n = readSync(fd, buf, 0, location.length, location.offset);
    if (n !== location.length || buf[location.length - 1] !== 10)
      throw new FileFormatError(path, 0, `no journal line of ${location.length} bytes at byte ${location.offset}`);
    return parseJournalLine(buf.toString('utf8', 0, n - 1), path, 0);
  } finally {
    closeSync(fd);
  }
}

/**
 * Read the whole journal of finished pairs into memory (see `scanJournal`, which does the
 * same one line at a time): the records in journal order, and `truncatedAt` for a torn last line.
 */
export function readJournal(dir: string): { records: PairRecord[]; truncatedAt: number | null } {
  const records: PairRecord[] = [];
  const { truncatedAt } = scanJournal(dir, (r) => records.push(r));
  return { records, truncatedAt };
}

/**
 * Every table row a journaled pair carries, checked against its table's definition (parameter
 * columns too): a bad cell throws `TableCellError` naming the journal line and the column, e.g.
 * `<dir>/pairs.jsonl line 2, column mu: "not-a-number" is not a decimal`.
 */
function checkPairRecord(r: PairRecord, at: CellLocation): void {
  const rows = (def: TableDef<object>, v: unknown) => {
    if (v === undefined) return;
    if (!Array.isArray(v)) throw new FileFormatError(at.file, at.line ?? 0, `journal line: ${def.id} rows are not a list`);
    validateRows(def, v as object[], () => at);
  };
  validateRows(COMPARISON_TABLE, [r.comparison], () => at);
  rows(STRATEGY_OUTCOMES_TABLE, r.strategy);
  rows(DEALER_USAGE_TABLE, r.usage);
  rows(STRATEGY_OUTCOMES_2025_TABLE, r.strategy2025);
  rows(DEALER_USAGE_2025_TABLE, r.usage2025);
}

/** An append-only journal: one line per finished pair. */
export interface Journal {
  /** Append one record; returns where its line will be (readable with {@link readJournalRecord} after `flush`). */
  append(record: PairRecord): JournalLocation;
  /** Write buffered lines to the file (done automatically every 64 KiB or 200 ms). */
  flush(): void;
  /** Flush to stable storage and close. */
  close(): void;
}

const FLUSH_BYTES = 64 * 1024;
const FLUSH_MS = 200;

/**
 * Open the journal for appending, first cutting off a torn last line: with `intact` the file is
 * rewritten from those records (atomically); without, it is cut at `truncatedAt` in place, which
 * keeps the locations `scanJournal` reported valid. Lines are buffered briefly (64 KiB or
 * 200 ms) and not fsynced one by one: a killed process loses at most the pairs of the last 200 ms,
 * which a resumed sweep simply runs again; after a power loss the same holds for whatever the OS
 * had not written yet.
 */
export function openJournal(dir: string, intact: PairRecord[] | null, truncatedAt: number | null): Journal {
  const path = join(dir, SWEEP_FILES.journal);
  if (truncatedAt !== null && intact) {
    writeFileAtomic(path, intact.map((r) => `${JSON.stringify(r)}\n`).join(''), { durable: true });
  } else if (truncatedAt !== null) {
    truncateSync(path, truncatedAt);
  }
  let fd: number | null = openSync(path, 'a');
  let size = fstatSync(fd).size;
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
      const line = `${JSON.stringify(record)}\n`;
      const location = { offset: size, length: Buffer.byteLength(line, 'utf8') };
      size += location.length;
      buffer += line;
      if (buffer.length >= FLUSH_BYTES || performance.now() - last >= FLUSH_MS) flush();
      return location;
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
