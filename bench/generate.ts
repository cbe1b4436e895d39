/**
 * Bulk generator for the API load benchmark: a large organisation written with
 * `INSERT … SELECT generate_series` (never row by row), the same SQL on PostgreSQL and PGlite.
 *
 * Layout for N employees (ids are explicit, so the tree is arithmetic):
 *   1            the president, department 1 (root); 50 departments (2–51) below it
 *   2–51         department heads (head of department d is employee d), reporting to 1
 *   52–71        20 team leads reporting to employee 2, the benchmark manager
 *   72–551       480 staff, 24 per lead   → employee 2 has exactly 500 people in their line
 *   552–N        everyone else in teams of 10 (the first of each ten leads the other nine),
 *                teams spread over departments 3–51 and reporting to those heads
 * Each employee has 2–4 enrolments (3 on average) in 20 five-module courses; module progress
 * of 0–5 modules (so not started / in progress / completed) and one consistent training
 * record per enrolment; one in ten employees also has a classroom record.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../apps/server/src/db/client.ts';
import { sessions, userRoles, users } from '../apps/server/src/db/schema/index.ts';
import { randomToken, sha256 } from '../apps/server/src/lib/crypto.ts';

export const MANAGER_EMPLOYEE_ID = 2;
/** People in the benchmark manager's reporting line (20 leads × 24 staff + the leads). */
export const MANAGER_LINE_SIZE = 500;
const FIRST_REST = 552;
const COURSES = 20;
const MODULES = 5;

export interface GeneratedOrg {
  /** Session cookie values (xueli_session) of the learner accounts, to rotate through. */
  learnerSessions: string[];
  /** Session cookie value of the manager of 500. */
  managerSession: string;
  /** Row counts per table after generation. */
  sizes: Record<string, number>;
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚华玉萍红玲芬燕彬鹏辉宇浩然轩欣怡涵诺桐晨阳远嘉俊博志东海春梅佳琪宏新雪云飞振天婷慧豪';
const chars = (s: string) => sql.raw(`array[${[...s].map((c) => `'${c}'`).join(',')}]`);

async function exec(db: Db, label: string, statement: ReturnType<typeof sql>, log: (line: string) => void) {
  const started = Date.now();
  await db.execute(statement);
  log(`  ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

/** Writes the organisation into an empty, migrated database and analyses it. */
export async function generateOrganisation(
  db: Db,
  opts: { employees: number; learners: number; log: (line: string) => void },
): Promise<GeneratedOrg> {
  const n = opts.employees;
  if (n < FIRST_REST + opts.learners) throw new Error(`BENCH_EMPLOYEES must be at least ${FIRST_REST + opts.learners}`);
  const log = opts.log;
  await exec(db, 'departments', sql`
    insert into departments (id, code, name, name_en, parent_id) overriding system value
    select d, 'B-D' || d, case when d = 1 then '总行' else '部门 ' || d end, 'Department ' || d, case when d = 1 then null else 1 end
    from generate_series(1, 51) d`, log);
  await exec(db, 'positions', sql`
    insert into positions (id, code, name, name_en) overriding system value
    select p, 'B-P' || p, '岗位 ' || p, 'Position ' || p from generate_series(1, 12) p`, log);
  await exec(db, `employees (${n})`, sql`
    insert into employees (id, employee_no, name, email, department_id, position_id, manager_id, hire_date, status)
    overriding system value
    select i, 'B' || lpad(i::text, 6, '0'),
           (${chars(SURNAMES)})[1 + i % ${SURNAMES.length}] || (${chars(GIVEN)})[1 + (i / 7) % ${GIVEN.length}]
             || case when i % 3 = 0 then '' else (${chars(GIVEN)})[1 + (i / 11) % ${GIVEN.length}] end,
           'b' || i || '@bench.example',
           case when i = 1 then 1 when i <= 51 then i when i < ${FIRST_REST} then 2 else 3 + ((i - ${FIRST_REST}) / 10) % 49 end,
           1 + i % 12,
           case when i = 1 then null
                when i <= 51 then 1
                when i <= 71 then ${MANAGER_EMPLOYEE_ID}
                when i < ${FIRST_REST} then 52 + (i - 72) / 24
                when (i - ${FIRST_REST}) % 10 = 0 then 3 + ((i - ${FIRST_REST}) / 10) % 49
                else ${FIRST_REST} + ((i - ${FIRST_REST}) / 10) * 10 end,
           date '2008-01-01' + (i * 37) % 6000,
           case when i % 97 = 0 then 'leave' when i % 251 = 0 then 'terminated' else 'active' end
    from generate_series(1, ${n}) i`, log);
  await exec(db, 'courses, modules, resources', sql`
    insert into courses (id, title, title_en, description, category, tags, status, published_at) overriding system value
    select c, '基准课程 ' || c, 'Benchmark course ' || c, '负载测试用课程', '类别 ' || (c % 5), array['bench'], 'published', now() - interval '200 days'
    from generate_series(1, ${COURSES}) c`, log);
  await db.execute(sql`
    insert into course_modules (id, course_id, position, title, estimated_minutes) overriding system value
    select (c - 1) * ${MODULES} + m + 1, c, m, '模块 ' || (m + 1), 15
    from generate_series(1, ${COURSES}) c, generate_series(0, ${MODULES - 1}) m`);
  await db.execute(sql`
    insert into resources (module_id, position, kind, title, body)
    select id, 0, 'markdown', title, '# ' || title || E'\n\n基准测试内容。' from course_modules`);
  await exec(db, 'enrollments', sql`
    insert into enrollments (course_id, employee_id, source, due_date, enrolled_at)
    select 1 + (e * 7 + k * 3) % ${COURSES}, e,
           case when k = 0 then 'assigned' else 'self' end,
           case when k = 0 then current_date + (e % 90) - 30 end,
           now() - (1 + e % 150) * interval '1 day' - (k * 5) * interval '1 hour'
    from generate_series(1, ${n}) e cross join lateral generate_series(0, 1 + e % 3) k`, log);
  await exec(db, 'module progress', sql`
    insert into module_progress (enrollment_id, module_id, completed_at, time_spent_seconds)
    select en.id, m.id, least(now(), en.enrolled_at + (m.position + 1) * interval '6 hours'), 300 + (en.id * 13 + m.position * 7) % 900
    from enrollments en join course_modules m on m.course_id = en.course_id
    where m.position < (en.id::bigint * 7919) % ${MODULES + 1}`, log);
  await exec(db, 'online training records', sql`
    insert into training_records (employee_id, kind, enrollment_id, course_id, status, progress_percent, started_at,
                                  completed_at, time_spent_seconds, score, created_at, updated_at)
    select en.employee_id, 'online', en.id, en.course_id,
           case when coalesce(p.done, 0) = 0 then 'not_started' when p.done = ${MODULES} then 'completed' else 'in_progress' end,
           (coalesce(p.done, 0) * 100 / ${MODULES})::int, p.first_at,
           case when p.done = ${MODULES} then p.last_at end, coalesce(p.spent, 0)::int,
           case when p.done = ${MODULES} and en.id % 2 = 0 then 60 + en.id % 41 end,
           en.enrolled_at, coalesce(p.last_at, en.enrolled_at)
    from enrollments en left join (
      select enrollment_id, count(*) as done, min(completed_at) as first_at, max(completed_at) as last_at, sum(time_spent_seconds) as spent
      from module_progress group by enrollment_id) p on p.enrollment_id = en.id`, log);
  await exec(db, 'classroom records', sql`
    insert into training_records (employee_id, kind, title, status, progress_percent, started_at, completed_at,
                                  time_spent_seconds, session_date, location, trainer_name)
    select e, 'classroom', '线下培训 ' || (e % 12), 'completed', 100, now() - (e % 300) * interval '1 day',
           now() - (e % 300) * interval '1 day', 7200, current_date - e % 300, '培训中心', '培训师'
    from generate_series(1, ${n}, 10) e`, log);
  for (const table of ['departments', 'positions', 'employees', 'courses', 'course_modules']) {
    await db.execute(sql.raw(`select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`));
  }

  // Accounts: learners spread over the organisation, and the manager of 500.
  const stride = Math.floor((n - FIRST_REST) / opts.learners);
  await exec(db, `users (${opts.learners} learners + manager)`, sql`
    insert into users (username, display_name, password_hash, employee_id)
    select 'bench-learner-' || j, '学员 ' || j, 'not-a-login', ${FIRST_REST} + j * ${stride}
    from generate_series(0, ${opts.learners - 1}) j`, log);
  const [manager] = await db
    .insert(users)
    .values({ username: 'bench-manager', displayName: '经理 500', passwordHash: 'not-a-login', employeeId: MANAGER_EMPLOYEE_ID })
    .returning({ id: users.id });
  await db.execute(sql`insert into user_roles (user_id, role) select id, 'learner' from users`);
  await db.insert(userRoles).values({ userId: manager!.id, role: 'manager' });
  const learnerIds = (await db.select({ id: users.id }).from(users).where(sql`${users.username} like 'bench-learner-%'`)).map((r) => r.id);
  const expiresAt = new Date(Date.now() + 7 * 86_400_000);
  const session = (userId: number) => ({ token: randomToken(), userId });
  const all = [...learnerIds.map(session), session(manager!.id)];
  for (let i = 0; i < all.length; i += 1000) {
    await db.insert(sessions).values(all.slice(i, i + 1000).map((s) => ({ id: sha256(s.token), userId: s.userId, csrfToken: randomToken(), expiresAt })));
  }
  // VACUUM as autovacuum would soon after a bulk load: index-only scans need the visibility map.
  await exec(db, 'vacuum analyze', sql`vacuum analyze`, log);

  const sizes: Record<string, number> = {};
  for (const table of ['employees', 'enrollments', 'module_progress', 'training_records', 'users', 'sessions']) {
    const res = await db.execute(sql.raw(`select count(*)::int as n from ${table}`));
    const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as { n: number }[];
    sizes[table] = Number(rows[0]!.n);
  }
  return { learnerSessions: all.slice(0, -1).map((s) => s.token), managerSession: all.at(-1)!.token, sizes };
}
