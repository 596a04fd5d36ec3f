/**
 * DuckDB's Node API, loaded with `require`. It is CommonJS in 124 files, and importing it from an ES
 * module makes Node scan every file for its exports (cjs-module-lexer): 0.12 s of the 0.17 s the
 * import took, paid by every `ring … --db` at start. Through `require` it loads in 0.05 s.
 * Everything the store uses from it comes from here.
 */
import { createRequire } from 'node:module';
import type * as DuckDB from '@duckdb/node-api';

const api = createRequire(import.meta.url)('@duckdb/node-api') as typeof DuckDB;

export const { BIGINT, DuckDBDataChunk, DuckDBInstance, DuckDBTypeId, LIST, VARCHAR, listValue } = api;
export type DuckDBDataChunk = DuckDB.DuckDBDataChunk;
export type DuckDBInstance = DuckDB.DuckDBInstance;
export type DuckDBTypeId = DuckDB.DuckDBTypeId;
export type { DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';
