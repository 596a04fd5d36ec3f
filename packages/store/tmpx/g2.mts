import { DuckDBInstance } from '@duckdb/node-api';
const i = await DuckDBInstance.create(':memory:'); const c = await i.connect();
await c.run(`CREATE TABLE t (id BIGINT, x VARCHAR, x_num DOUBLE GENERATED ALWAYS AS (TRY_CAST(x AS DOUBLE)) VIRTUAL, y BIGINT)`);
const r = await c.runAndReadAll(`SELECT * FROM duckdb_columns() WHERE table_name = 't'`);
for (const x of r.getRowObjectsJS()) console.log(JSON.stringify(x, (_, v) => typeof v === 'bigint' ? String(v) : v));
const r2 = await c.runAndReadAll(`SELECT sql FROM duckdb_tables() WHERE table_name = 't'`);
console.log(r2.getRowObjectsJS());
const r3 = await c.runAndReadAll(`PRAGMA table_info('t')`);
console.log(r3.getRowObjectsJS());
