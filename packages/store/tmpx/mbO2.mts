import { rmSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { STORE_TABLES } from '../src/tables';
import { createTableSql } from '../src/schema';
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (let rep = 0; rep < 3; rep++) {
let t = performance.now(), c = cpu();
const lap = (n: string) => { const t2 = performance.now(), c2 = cpu(); process.stdout.write(`${n} ${(t2 - t).toFixed(0)}/${(c2 - c).toFixed(0)}  `); t = t2; c = c2; };
rmSync('/dev/shm/o2.duckdb', { force: true });
const i = await DuckDBInstance.create(':memory:'); const con = await i.connect();
await con.run(`ATTACH '/dev/shm/o2.duckdb' AS o2 (RECOVERY_MODE no_wal_writes); USE o2`);
lap('attach');
await con.run('BEGIN');
await con.run(STORE_TABLES.map(createTableSql).join(';\n'));
lap('create');
const com: string[] = [];
for (const tb of STORE_TABLES) { com.push(`COMMENT ON TABLE "${tb.name}" IS 'x'`); for (const col of tb.columns) { com.push(`COMMENT ON COLUMN "${tb.name}"."${col.name}" IS 'doc'`); if (col.type === 'decimal') com.push(`COMMENT ON COLUMN "${tb.name}"."${col.name}_num" IS 'doc'`); } }
await con.run(com.join(';\n'));
lap(`comments(${com.length})`);
await con.run('COMMIT');
lap('commit');
con.closeSync(); i.closeSync();
lap('close'); console.log();
}
