import { RingError } from '@ring/engine';

/**
 * A database could not be used as asked. `code` is stable:
 * - `DB_NOT_DUCKDB`: the file exists but is not a DuckDB database;
 * - `DB_NOT_RING`: a DuckDB database without ring's schema (and not empty);
 * - `DB_NOT_FOUND`: a database to read does not exist;
 * - `DB_READ_ONLY`: the file (or its directory) cannot be written;
 * - `DB_LOCKED`: another process kept the database open longer than the wait allowed;
 * - `DB_SCHEMA_VERSION`: the database records a schema version this build neither reads nor migrates;
 * - `DB_OPEN_FAILED`: any other failure to open;
 * - `SQL_ERROR`: a query failed (the message is DuckDB's, on one line);
 * - `STORE_INPUT`: a value handed to a writer does not fit its column (names table and column);
 * - `SOURCE_INVALID`: a directory to query or load holds no ring outputs.
 */
export class StoreError extends RingError {
  /** The database file or directory concerned. */
  readonly path: string | null;
  constructor(code: string, message: string, path: string | null = null) {
    super(code, oneLine(message));
    this.path = path;
  }
}

/** Collapse a (DuckDB) message onto one line: the CLI prints errors as one line. */
export function oneLine(message: string): string {
  return message
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^LINE \d+:/.test(l) && !/^\^$/.test(l))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}
