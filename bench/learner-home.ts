/**
 * `npm run bench:learner-home` — where a learner-home request spends its time, measured in
 * counters that a busy, shared machine does not distort much: the Node process's CPU time per
 * request (process.cpuUsage around in-process `app.inject` calls: the whole Fastify pipeline with
 * authentication, the query and serialization, but no sockets) and PostgreSQL's execution time of
 * the query (EXPLAIN ANALYZE). /healthz is measured the same way as the baseline.
 *
 * Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/xueli_bench_home,
 * created and dropped), BENCH_EMPLOYEES (default 5000), BENCH_REQUESTS per round (default 3000),
 * BENCH_ROUNDS (default 5; medians are reported).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../apps/server/src/config.ts';
import { openDatabase } from '../apps/server/src/db/client.ts';
import { buildApp } from '../apps/server/src/http/app.ts';
import { localFileStore } from '../apps/server/src/lib/file-store.ts';
import { generateOrganisation } from './generate.ts';
import { adminQuery } from './pg-admin.ts';

const env = process.env;
const url = env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/xueli_bench_home';
const employees = Number(env.BENCH_EMPLOYEES ?? 5000);
const requests = Number(env.BENCH_REQUESTS ?? 3000);
const rounds = Number(env.BENCH_ROUNDS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;


const name = new URL(url).pathname.slice(1);
if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected database name ${name}`);
await adminQuery(url, `drop database if exists ${name} with (force)`);
await adminQuery(url, `create database ${name}`);
const database = await openDatabase({ kind: 'postgres', url });
try {
  await database.migrate();
  const org = await generateOrganisation(database.db, { employees, learners: 200, log: () => undefined });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xueli-bench-home-'));
  const config = loadConfig({ XUELI_DATA_DIR: dataDir, NODE_ENV: 'production', LOG_LEVEL: 'silent' });
  const app = await buildApp({ deps: { db: database.db, config, files: localFileStore(config.uploadsDir) }, database, serveWeb: false });
  await app.ready();
  const sessions = org.learnerSessions;
  const measure = async (route: string) => {
    const perRound: number[] = [];
    for (let r = 0; r < rounds + 1; r++) {
      const start = process.cpuUsage();
      for (let i = 0; i < requests; i++) {
        const res = await app.inject({ method: 'GET', url: route, headers: { cookie: `xueli_session=${sessions[i % sessions.length]}` } });
        if (res.statusCode !== 200) throw new Error(`${route}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
      const used = process.cpuUsage(start);
      if (r > 0) perRound.push((used.user + used.system) / requests);
      if (r > 0 && env.BENCH_VERBOSE) console.log(route, 'user', (used.user / requests).toFixed(0), 'sys', (used.system / requests).toFixed(0));
    }
    return median(perRound);
  };
  // A trivial round trip to PostgreSQL through the same pool, for scale.
  const { sql } = await import('drizzle-orm');
  const selectOne: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.cpuUsage();
    for (let i = 0; i < requests; i++) await database.db.execute(sql`select 1`);
    const used = process.cpuUsage(start);
    selectOne.push((used.user + used.system) / requests);
  }
  const healthz = await measure('/healthz');
  const home = await measure('/api/v1/me/learning');
  const sample = await app.inject({ method: 'GET', url: '/api/v1/me/learning', headers: { cookie: `xueli_session=${sessions[0]}` } });
  const items = (JSON.parse(sample.body) as { items: unknown[] }).items.length;

  // PostgreSQL's own time for the learner-home query of a sample of learners.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const ids = (await client.query<{ employee_id: number }>('select employee_id from users where employee_id is not null order by id limit 200')).rows.map((r) => r.employee_id);
  const { LEARNER_HOME_SQL } = await import('../apps/server/src/modules/catalog/learning.repo.ts');
  const today = new Date().toISOString().slice(0, 10);
  const pgTimes: number[] = [];
  for (const id of ids) {
    const plan = await client.query<{ 'QUERY PLAN': { 'Execution Time': number }[] }>(`explain (analyze, format json) ${LEARNER_HOME_SQL}`, [id, today, false, false, 0]);
    pgTimes.push(plan.rows[0]!['QUERY PLAN'][0]!['Execution Time']);
  }
  if (env.BENCH_VERBOSE) {
    const plan = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${LEARNER_HOME_SQL}`, [ids[0], today, false, false, 0]);
    console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
  }
  await client.end();
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  const row = (label: string, v: string) => console.log(`| ${label.padEnd(44)} | ${v.padStart(12)} |`);
  console.log(`learner home, in process; ${employees} employees, ${requests} requests × ${rounds} rounds (medians), ${new Date().toISOString()}, load ${os.loadavg()[0]!.toFixed(1)}`);
  row('Node CPU per /healthz (µs)', healthz.toFixed(0));
  row('Node CPU per learner home (µs)', home.toFixed(0));
  row(`  minus /healthz (µs), ${items} enrolments`, (home - healthz).toFixed(0));
  row('Node CPU per `select 1` round trip (µs)', median(selectOne).toFixed(0));
  row('PostgreSQL execution per learner home (ms, median)', median(pgTimes).toFixed(3));
} finally {
  await database.close();
  await adminQuery(url, `drop database if exists ${name} with (force)`);
}
