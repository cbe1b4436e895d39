/**
 * `npm run bench:paths-job` — the product's re-plan job (issue 5: plans for 100,000 employees,
 * 200 knowledge points, 500 modules ≤ 60 s as a background job with progress) on PostgreSQL.
 *
 * 1. A fresh database: bench/generate.ts's organisation (BENCH_EMPLOYEES, default 100,000), plus a
 *    published framework of 200 knowledge points in 10 layers with prerequisite edges between
 *    neighbouring layers, 50 published courses × 10 modules (15–240 min) each teaching 1–3 points
 *    (module_kps), 12 positions × 30 targeted points, and a mastery row for every (employee,
 *    targeted point) — 3 million rows, an upper bound on real evidence.
 * 2. Baseline, same run: reading every employee's facts in the job's batches (targets, K, completions,
 *    choices) without planning — the database share of the job.
 * 3. The job itself (`replanEveryone`, what POST /paths/replan runs): batches of 1,000, plan and store.
 * Reported: seconds (median of BENCH_RUNS), employees/s, job ÷ baseline. Results: stdout and
 * bench/results/paths-job-<date>.json.
 *
 * Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/xueli_bench_paths),
 * BENCH_EMPLOYEES (100000), BENCH_RUNS (3), BENCH_KEEP=1 keeps the database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../apps/server/src/db/client.ts';
import { openDatabase } from '../apps/server/src/db/client.ts';
import { loadLearnerFacts, loadPlanContext, REPLAN_BATCH, replanEveryone } from '../apps/server/src/modules/paths/plan.service.ts';
import * as repo from '../apps/server/src/modules/paths/paths.repo.ts';
import { generateOrganisation } from './generate.ts';
import { adminQuery } from './pg-admin.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const env = process.env;
const url = env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/xueli_bench_paths';
const employees = Number(env.BENCH_EMPLOYEES ?? 100_000);
const runs = Number(env.BENCH_RUNS ?? 3);
const KPS = 200;
const LAYERS = 10;
const COURSES = 50;
const MODULES_PER_COURSE = 10;
const TARGETS_PER_POSITION = 30;
const log = (line: string) => console.log(line);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function count(db: Db, query: SQL): Promise<number> {
  const res = await db.execute(query);
  const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as { n: number }[];
  return Number(rows[0]?.n ?? 0);
}

async function main() {
  const name = new URL(url).pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`BENCH_DATABASE_URL: unexpected database name ${name}`);
  await adminQuery(url, `drop database if exists ${name} with (force)`);
  await adminQuery(url, `create database ${name}`);
  const database = await openDatabase({ kind: 'postgres', url });
  const db = database.db;
  try {
    await database.migrate();
    const t0 = Date.now();
    await generateOrganisation(db, { employees, learners: 10, log });
    log('  framework, courses, module knowledge points, targets, mastery');
    await db.execute(sql`insert into frameworks (id, identifier, code, name, version, status) overriding system value
      values (1, gen_random_uuid()::text, 'BENCH', '基准框架', '1.0', 'published')`);
    await db.execute(sql`insert into knowledge_points (id, framework_id, identifier, code, name, name_en) overriding system value
      select k, 1, gen_random_uuid()::text, 'K' || k, '知识点 ' || k, 'Point ' || k from generate_series(1, ${KPS}) k`);
    // layer l = (k − 1) / 20; each point (except the first layer) has 1–2 prerequisites in the layer before
    await db.execute(sql`insert into kp_prerequisites (from_id, to_id)
      select distinct (((k - 1) / 20 - 1) * 20 + 1 + (k * j * 7) % 20), k
      from generate_series(21, ${KPS}) k, generate_series(1, 1 + k % 2) j`);
    await db.execute(sql`insert into courses (id, title, status, published_at) overriding system value
      select 100 + c, '路径课程 ' || c, 'published', now() from generate_series(1, ${COURSES}) c`);
    await db.execute(sql`insert into course_modules (id, course_id, position, title, estimated_minutes) overriding system value
      select 10000 + (c - 1) * ${MODULES_PER_COURSE} + m, 100 + c, m, '模块 ' || c || '.' || m, 15 + ((c * 31 + m * 17) % 16) * 15
      from generate_series(1, ${COURSES}) c, generate_series(0, ${MODULES_PER_COURSE - 1}) m`);
    // module i teaches 1–3 points, mostly from one layer (courses walk up the layers)
    await db.execute(sql`insert into module_kps (module_id, kp_id, gain)
      select distinct on (m.id, kp) m.id, kp, 0.1 + ((m.id * 13 + j * 7) % 5) * 0.05
      from course_modules m cross join lateral generate_series(0, (m.id % 3)) j
      cross join lateral (select 1 + (((m.course_id - 101) % ${LAYERS}) * 20 + (m.id * 7 + j * 11) % 20) as kp) x
      where m.id >= 10000`);
    await db.execute(sql`insert into position_targets (position_id, kp_id, target, weight)
      select distinct on (p, kp) p, kp, 0.6 + (kp % 4) * 0.1, 1 + kp % 3
      from generate_series(1, 12) p cross join lateral generate_series(0, ${TARGETS_PER_POSITION - 1}) j
      cross join lateral (select 1 + (p * 17 + j * 7) % ${KPS} as kp) x`);
    await db.execute(sql`insert into mastery (employee_id, kp_id, p, attempts, correct, last_evidence_at)
      select e.id, t.kp_id, ((e.id * 31 + t.kp_id * 17) % 90) / 100.0, 3, 2, now() - interval '30 days'
      from employees e join position_targets t on t.position_id = e.position_id`);
    await db.execute(sql`vacuum analyze`);
    const generateSeconds = (Date.now() - t0) / 1000;
    const masteryRows = await count(db, sql`select count(*)::int as n from mastery`);
    log(`generated in ${generateSeconds.toFixed(0)} s: ${employees} employees, ${KPS} points, ${COURSES * MODULES_PER_COURSE} modules, ${masteryRows} mastery rows`);

    const baseline: number[] = [];
    const job: number[] = [];
    let result: Record<string, unknown> = {};
    for (let r = 0; r < runs; r++) {
      // baseline: the same reads in the same batches, no planning and no writes
      let started = Date.now();
      const ctx = await loadPlanContext(db);
      let after = 0, facts = 0;
      for (;;) {
        const batch = await repo.activeEmployeeBatch(db, after, REPLAN_BATCH);
        if (!batch.length) break;
        facts += (await loadLearnerFacts(db, ctx, batch.map((b) => b.id))).length;
        after = batch[batch.length - 1]!.id;
      }
      baseline.push((Date.now() - started) / 1000);
      started = Date.now();
      let lastReport = 0;
      result = await replanEveryone(db, {
        progress: async (fraction, message) => {
          if (Date.now() - lastReport > 10_000) {
            lastReport = Date.now();
            log(`    ${(fraction * 100).toFixed(0)}% ${message}`);
          }
        },
      });
      job.push((Date.now() - started) / 1000);
      log(`  run ${r + 1}: read facts of ${facts} employees ${baseline.at(-1)!.toFixed(1)} s; job ${job.at(-1)!.toFixed(1)} s (${JSON.stringify(result)})`);
    }
    const plans = await count(db, sql`select count(*)::int as n from learning_plans where array_length(module_ids, 1) > 0`);
    const summary = {
      date: new Date().toISOString(),
      employees,
      activeEmployees: result.employees,
      points: KPS,
      modules: COURSES * MODULES_PER_COURSE,
      masteryRows,
      runs,
      baselineSeconds: median(baseline),
      jobSeconds: median(job),
      jobOverBaseline: median(job) / median(baseline),
      employeesPerSecond: Number(result.employees) / median(job),
      plansWithSteps: plans,
    };
    log('');
    log('| what | median s | ratio |');
    log('| --- | ---: | ---: |');
    log(`| read facts only (baseline) | ${summary.baselineSeconds.toFixed(1)} | 1.00 |`);
    log(`| re-plan job (plan + store) | ${summary.jobSeconds.toFixed(1)} | ${summary.jobOverBaseline.toFixed(2)} |`);
    log(`${summary.employeesPerSecond.toFixed(0)} employees/s; ${plans} stored plans have steps; target ≤ 60 s for 100,000`);
    const out = path.join(HERE, 'results', `paths-job-${summary.date.replace(/[:.]/g, '-')}.json`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(summary, null, 2));
  } finally {
    await database.close();
    if (env.BENCH_KEEP !== '1') await adminQuery(url, `drop database if exists ${name} with (force)`);
  }
}

await main();
