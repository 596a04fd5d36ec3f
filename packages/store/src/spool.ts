import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { splitCsv, temporaryCsv } from './db';
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

/** One spool file: the rows of one table under one header. */
interface SpoolFile {
  readonly file: string;
  fd: number | null;
}

/**
 * The per-run CSV files of a sweep's finished pairs, gathered on disk until their batch moves into
 * the database: the lines of each table, under each header, appended to one temporary file (what
 * DuckDB's CSV reader takes in one pass). Holding them on disk rather than in memory lets a batch
 * be as large as the database likes — a whole sweep of the paper's size — at no cost in memory.
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

  /** Runs gathered so far. */
  get runs(): number {
    return this.runIds.length;
  }

  /** Append runs' files (files of no per-run table are not stored: `config.json`). */
  add(runs: readonly RunFileTexts[]): void {
    if (this.closed) throw new Error('the spool has been handed over');
    for (const run of runs) {
      this.runIds.push(run.runId);
      for (const [name, text] of run.files) {
        const table = this.byName.get(name);
        if (!table) continue;
        const { header, body } = splitCsv(`runs/${run.runId}/${name}`, text);
        if (body === '') continue;
        writeSync(this.fileOf(table, header).fd!, body);
      }
    }
  }

  /**
   * The writes that store the gathered runs' per-run tables (each run's stored rows replaced, even
   * by no rows); the files are complete once this returns. Discard the spool after the writes.
   */
  writes(): TableWrite[] {
    this.closeFiles();
    return this.tables.map((table) => ({
      table,
      rows: [],
      csv: [...(this.files.get(table) ?? [])].map(([header, f]) => ({ header, file: f.file })),
      replaceKeys: [...this.runIds],
    }));
  }

  /** Delete the spool's files. */
  discard(): void {
    this.closeFiles();
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
      f = { file, fd: openSync(file, 'wx') };
      headers.set(header, f);
      writeSync(f.fd!, `${header}\n`);
    }
    return f;
  }

  private closeFiles(): void {
    this.closed = true;
    for (const headers of this.files.values())
      for (const f of headers.values()) {
        if (f.fd !== null) closeSync(f.fd);
        f.fd = null;
      }
  }
}
