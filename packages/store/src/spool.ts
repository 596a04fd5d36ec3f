import { createWriteStream, rmSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { basename } from 'node:path';
import type { RunFiles } from '@ring/export';
import { keyedLines, splitCsv, temporaryCsv, vouchKeys } from './csv-files';
import type { TableWrite } from './db';
import type { StoreTable } from './schema';

/** One spool file: the rows of one table under one header, appended through a stream. */
interface SpoolFile {
  readonly file: string;
  readonly stream: WriteStream;
  /** Resolves once the stream has closed (every line written), rejects on a write error. */
  readonly done: Promise<void>;
  /** Lines queued for the next write, and their length. */
  readonly pending: string[];
  bytes: number;
  /** Every line so far starts with its run's id (see {@link keyedLines}): the database need not check the keys. */
  keyed: boolean;
}

/**
 * Characters of lines a spool file queues before writing them: one write per run and table
 * (fourteen small ones per pair) cost the sweep's thread a stream callback and a system call each
 * — about 0.14 s of `ring sweep --detailed-logging --db` (3.29 → 3.15 s) — while 1 MiB per file
 * bounds what waits in memory.
 */
const DEFAULT_CHUNK = 1 << 20;

/**
 * The per-run CSV files of a sweep's finished pairs, gathered on disk until their batch moves into
 * the database: the lines of each table, under each header, appended to one temporary file (what
 * DuckDB's CSV reader takes in one pass). Holding them on disk rather than in memory lets a batch
 * be as large as the database likes — a whole sweep of the paper's size — with at most a chunk per
 * file in memory; the chunks are written through a stream, so the disk's pace never holds up the
 * sweep's own thread.
 */
export class CsvSpool {
  /** Table → header line → its file. */
  private readonly files = new Map<StoreTable, Map<string, SpoolFile>>();
  private readonly runIds: string[] = [];
  private readonly byName: ReadonlyMap<string, StoreTable>;
  private closed = false;

  /**
   * `tables`: the per-run tables, each taking the files named as its `file` pattern's last part;
   * `chunk`: characters of lines a file queues before they are written.
   */
  constructor(
    private readonly tables: readonly StoreTable[],
    private readonly chunk = DEFAULT_CHUNK,
  ) {
    this.byName = new Map(tables.map((t) => [basename(t.file!), t]));
  }

  /** Append runs' files (files of no per-run table are not stored: `config.json`). */
  add(runs: readonly RunFiles[]): void {
    if (this.closed) throw new Error('the spool has been handed over');
    // Split every file first: a file without a header refuses the whole pair, before any append.
    const lines = runs.flatMap((run) =>
      run.files.flatMap(([name, text]) => {
        const table = this.byName.get(name);
        return table ? [{ table, runId: run.runId, ...splitCsv(`runs/${run.runId}/${name}`, text) }] : [];
      }),
    );
    for (const run of runs) this.runIds.push(run.runId);
    for (const { table, runId, header, body } of lines) {
      if (body === '') continue;
      const f = this.fileOf(table, header);
      // Checked here as the lines come (a few milliseconds of the sweep's thread) rather than by DuckDB, row by row, as they are stored.
      f.keyed &&= keyedLines(header, body, table.key[0]!, runId);
      this.append(f, body);
    }
  }

  /** Queue lines for a file, writing them once a chunk's worth is queued (few large writes, not one per run). */
  private append(f: SpoolFile, body: string): void {
    f.pending.push(body);
    f.bytes += body.length;
    if (f.bytes >= this.chunk) this.write(f);
  }

  private write(f: SpoolFile): void {
    if (f.pending.length === 0) return;
    f.stream.write(f.pending.join(''));
    f.pending.length = 0;
    f.bytes = 0;
  }

  /**
   * The writes that store the gathered runs' per-run tables (each run's stored rows replaced, even
   * by no rows), once every line is on disk. Discard the spool after the writes.
   */
  async writes(): Promise<TableWrite[]> {
    await this.closeFiles();
    return this.tables.map((table) => ({
      table,
      rows: [],
      csv: [...(this.files.get(table) ?? [])].map(([header, f]) =>
        f.keyed ? vouchKeys({ header, file: f.file }) : { header, file: f.file },
      ),
      replaceKeys: [...this.runIds],
    }));
  }

  /** Delete the spool's files. */
  async discard(): Promise<void> {
    await this.closeFiles(false).catch(() => undefined);
    for (const headers of this.files.values()) for (const f of headers.values()) rmSync(f.file, { force: true });
    this.files.clear();
    this.runIds.length = 0;
  }

  private fileOf(table: StoreTable, header: string): SpoolFile {
    let headers = this.files.get(table);
    if (!headers) {
      headers = new Map();
      this.files.set(table, headers);
    }
    let f = headers.get(header);
    if (!f) {
      const file = temporaryCsv();
      const stream = createWriteStream(file, { flags: 'wx' });
      const done = new Promise<void>((resolve, reject) => {
        stream.once('close', resolve);
        stream.once('error', reject);
      });
      done.catch(() => undefined); // observed by closeFiles
      stream.write(`${header}\n`);
      f = { file, stream, done, pending: [], bytes: 0, keyed: true };
      headers.set(header, f);
    }
    return f;
  }

  /** End every file's stream — after writing the lines still queued, when `flush` — and wait until all are closed. */
  private async closeFiles(flush = true): Promise<void> {
    this.closed = true;
    const all = [...this.files.values()].flatMap((headers) => [...headers.values()]);
    for (const f of all) {
      if (flush) this.write(f);
      f.stream.end();
    }
    await Promise.all(all.map((f) => f.done));
  }
}
