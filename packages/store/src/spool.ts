import { createWriteStream, rmSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { basename } from 'node:path';
import { splitCsv, temporaryCsv } from './csv-files';
import type { TableWrite } from './db';
import type { StoreTable } from './schema';

/**
 * The files of one run directory as a sweep wrote them (`runs/<run_id>/`): each file's name and
 * text — what `@ring/export`'s `SweepWriter.writeRuns` returns.
 */
export interface RunFileTexts {
  readonly runId: string;
  readonly files: readonly (readonly [name: string, text: string])[];
}

/** One spool file: the rows of one table under one header, appended through a stream. */
interface SpoolFile {
  readonly file: string;
  readonly stream: WriteStream;
  /** Resolves once the stream has closed (every line written), rejects on a write error. */
  readonly done: Promise<void>;
}

/**
 * The per-run CSV files of a sweep's finished pairs, gathered on disk until their batch moves into
 * the database: the lines of each table, under each header, appended to one temporary file (what
 * DuckDB's CSV reader takes in one pass). Holding them on disk rather than in memory lets a batch
 * be as large as the database likes — a whole sweep of the paper's size — at no cost in memory;
 * the appends are streamed, so the disk's pace never holds up the sweep's own thread.
 */
export class CsvSpool {
  /** Table → header line → its file. */
  private readonly files = new Map<StoreTable, Map<string, SpoolFile>>();
  private readonly runIds: string[] = [];
  private readonly byName: ReadonlyMap<string, StoreTable>;
  private closed = false;

  /** `tables`: the per-run tables, each taking the files named as its `file` pattern's last part. */
  constructor(private readonly tables: readonly StoreTable[]) {
    this.byName = new Map(tables.map((t) => [basename(t.file!), t]));
  }

  /** Append runs' files (files of no per-run table are not stored: `config.json`). */
  add(runs: readonly RunFileTexts[]): void {
    if (this.closed) throw new Error('the spool has been handed over');
    // Split every file first: a file without a header refuses the whole pair, before any append.
    const lines = runs.flatMap((run) =>
      run.files.flatMap(([name, text]) => {
        const table = this.byName.get(name);
        return table ? [{ table, ...splitCsv(`runs/${run.runId}/${name}`, text) }] : [];
      }),
    );
    for (const run of runs) this.runIds.push(run.runId);
    for (const { table, header, body } of lines) if (body !== '') this.fileOf(table, header).stream.write(body);
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
      csv: [...(this.files.get(table) ?? [])].map(([header, f]) => ({ header, file: f.file })),
      replaceKeys: [...this.runIds],
    }));
  }

  /** Delete the spool's files. */
  async discard(): Promise<void> {
    await this.closeFiles().catch(() => undefined);
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
      f = { file, stream, done };
      headers.set(header, f);
    }
    return f;
  }

  private async closeFiles(): Promise<void> {
    this.closed = true;
    const all = [...this.files.values()].flatMap((headers) => [...headers.values()]);
    for (const f of all) f.stream.end();
    await Promise.all(all.map((f) => f.done));
  }
}
