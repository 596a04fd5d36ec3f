/**
 * DuckDB's Node API. Everything the store uses from it comes from here. It is CommonJS in 124
 * files: importing it from an ES module makes Node scan every file for its exports, and even
 * `require` resolves and compiles them one by one (0.1 s at every `ring … --db` start). So the
 * build bundles it into the store's own file (tsup.config.ts), which loads in less than half that;
 * `@duckdb/node-bindings`, the native engine, stays a package of its own.
 */
import * as api from '@duckdb/node-api';
import type * as DuckDB from '@duckdb/node-api';

export const { BIGINT, DuckDBDataChunk, DuckDBInstance, DuckDBTypeId, LIST, VARCHAR, listValue } = api;
export type DuckDBDataChunk = DuckDB.DuckDBDataChunk;
export type DuckDBInstance = DuckDB.DuckDBInstance;
export type DuckDBTypeId = DuckDB.DuckDBTypeId;
export type { DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';
