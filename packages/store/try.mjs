import { DuckDBInstance } from '@duckdb/node-api';
const inst = await DuckDBInstance.create('/tmp/t1.duckdb');
const c = await inst.connect();
const q = async (s) => {
  try {
    const r = await c.runAndReadAll(s);
    console.log(s.slice(0, 80), '=>', JSON.stringify(r.getRowObjectsJson()));
  } catch (e) {
    console.log(s.slice(0, 80), 'ERR', e.message);
  }
};
await q(`alter table t add column y varchar`);
await q(`alter table t add column y_num double generated always as (cast(y as double)) virtual`);
await q(`alter table t add column if not exists y varchar`);
if (process.argv[2]) {
  setTimeout(() => {}, 5000);
}
