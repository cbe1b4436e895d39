/**
 * `npm run bench:import`: the employee CSV import at 100,000 rows on PGlite, through the real
 * HTTP route (multipart-free text/csv body) — a first import creating every employee and a
 * re-import changing every one. Baseline in the same run: a plain bulk INSERT … SELECT
 * generate_series of the same number of employees, so results read as a ratio that survives a
 * noisy shared machine. Median of RUNS runs (default 3), each on a fresh in-memory database.
 */
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../apps/server/src/config.ts';
import { openDatabase } from '../apps/server/src/db/client.ts';
import { departments, positions } from '../apps/server/src/db/schema/index.ts';
import { buildApp } from '../apps/server/src/http/app.ts';
import { localFileStore } from '../apps/server/src/lib/file-store.ts';
import * as authRepo from '../apps/server/src/modules/auth/repo.ts';
import { hashPassword, tokenIssuer } from '../apps/server/src/modules/auth/service.ts';

const ROWS = Number(process.env.IMPORT_ROWS ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 3);

function hrFile(depts: string[], pos: string[], status: string) {
  const lines = ['工号,姓名,邮箱,部门,岗位,上级工号,入职日期,状态'];
  for (let i = 0; i < ROWS; i++) {
    const manager = i === 0 ? '' : `P${String(Math.floor(i / 10)).padStart(6, '0')}`;
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(`P${String(i).padStart(6, '0')},员工${i},e${i}@bank.example.cn,${depts[i % depts.length]},${pos[i % pos.length]},${manager},2019-03-${day},${status}`);
  }
  return Buffer.from(lines.join('\n'), 'utf8');
}

async function once() {
  const database = await openDatabase({ kind: 'pglite-memory' });
  await database.migrate();
  const config = loadConfig({ XUELI_DATA_DIR: os.tmpdir(), LOG_LEVEL: 'silent', XUELI_MAX_UPLOAD_MB: '100' });
  const app = await buildApp({ deps: { db: database.db, config, files: localFileStore(config.uploadsDir) }, database, serveWeb: false });
  const db = database.db;
  const depts = await db.insert(departments).values(Array.from({ length: 50 }, (_, i) => ({ code: `D${i}`, name: `部门${i}` }))).returning();
  const poss = await db.insert(positions).values(Array.from({ length: 20 }, (_, i) => ({ code: `P${i}`, name: `岗位${i}` }))).returning();
  const admin = await authRepo.insertUser(db, { username: 'bench-admin', displayName: 'a', passwordHash: await hashPassword('bench-pass-123') });
  await authRepo.setRoles(db, admin.id, ['admin']);
  const { token } = await tokenIssuer(
    { db, config, files: localFileStore(config.uploadsDir) },
    { actor: { userId: admin.id, username: 'bench-admin', displayName: 'a', roles: new Set(['admin']), employeeId: null, via: 'token' }, name: 'bench' },
  );
  const post = async (file: Buffer) => {
    const t0 = performance.now();
    const res = await app.inject({ method: 'POST', url: '/api/v1/employees/import?dryRun=false', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, payload: file });
    if (res.statusCode !== 200) throw new Error(`import failed: ${res.statusCode} ${res.body.slice(0, 300)}`);
    return performance.now() - t0;
  };
  const first = await post(hrFile(depts.map((d) => d.code), poss.map((p) => p.name), '在职'));
  const second = await post(hrFile(depts.map((d) => d.code), poss.map((p) => p.name), '休假'));
  const t0 = performance.now();
  await db.execute(sql`insert into employees (employee_no, name, email, department_id, position_id, hire_date, status)
    select 'B' || g, '基线' || g, 'b' || g || '@x.cn', ${depts[0]!.id}, ${poss[0]!.id}, date '2019-03-01', 'active' from generate_series(1, ${ROWS}) g`);
  const baseline = performance.now() - t0;
  await app.close();
  await database.close();
  return { first, second, baseline };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const results = [];
for (let i = 0; i < RUNS; i++) {
  const r = await once();
  console.log(`run ${i + 1}: import ${(r.first / 1000).toFixed(1)} s, re-import ${(r.second / 1000).toFixed(1)} s, baseline bulk insert ${(r.baseline / 1000).toFixed(2)} s`);
  results.push(r);
}
const m = { first: median(results.map((r) => r.first)), second: median(results.map((r) => r.second)), baseline: median(results.map((r) => r.baseline)) };
console.log(`\n${ROWS} rows on PGlite, ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${new Date().toISOString().slice(0, 10)}, median of ${RUNS}:`);
console.log(`| first import | ${(m.first / 1000).toFixed(1)} s | ${(m.first / m.baseline).toFixed(1)} × baseline |`);
console.log(`| re-import (every row changed) | ${(m.second / 1000).toFixed(1)} s | ${(m.second / m.baseline).toFixed(1)} × baseline |`);
console.log(`| baseline: INSERT … SELECT generate_series | ${(m.baseline / 1000).toFixed(2)} s | 1 × |`);
