import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { DomainError } from '../lib/errors.ts';
import { reportingLineIds } from '../modules/org/policy.ts';
import { DRAFT_COURSES, PUBLISHED_COURSES } from './courses/index.ts';
import { DEMO_ACCOUNTS, isDatabaseEmpty, seedDemo } from './demo.ts';
import { DEMO_ITEMS } from './items/index.ts';
import { planOrganisation } from './org-plan.ts';
import { MODULE_KPS } from './paths.ts';
import { createRng } from './prng.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.deps);
});
afterAll(() => t.close());

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const res = await t.db.execute(query);
  return (Array.isArray(res) ? res : (res as { rows: T[] }).rows) as T[];
}
const one = async <T>(query: ReturnType<typeof sql>) => (await rows<T>(query))[0]!;
const hanCount = (text: string) => (text.match(/\p{Script=Han}/gu) ?? []).length;

interface AccountRow {
  username: string;
  employee_id: number | null;
  department: string | null;
  position: string | null;
  manager_username: string | null;
}
const accounts = () =>
  rows<AccountRow>(sql`
    select u.username, u.employee_id, d.code as department, p.code as position, mu.username as manager_username
    from users u
    left join employees e on e.id = u.employee_id
    left join departments d on d.id = e.department_id
    left join positions p on p.id = e.position_id
    left join users mu on mu.employee_id = e.manager_id
    order by u.username`);

describe('the demo organisation', () => {
  it('has about 300 employees in 8 departments forming one tree, and 12 positions', async () => {
    const c = await one<{ employees: number; departments: number; roots: number; positions: number; active: number }>(sql`
      select (select count(*)::int from employees) as employees,
             (select count(*)::int from departments) as departments,
             (select count(*)::int from departments where parent_id is null) as roots,
             (select count(*)::int from positions) as positions,
             (select count(*)::int from employees where status = 'active') as active`);
    expect(c.employees).toBeGreaterThanOrEqual(280);
    expect(c.departments).toBe(8);
    expect(c.roots).toBe(1);
    expect(c.positions).toBe(12);
    expect(c.active / c.employees).toBeGreaterThan(0.85);
  });

  it('gives every employee a unique name, number and email, and everyone but the president a manager', async () => {
    const c = await one<{ names: number; nos: number; emails: number; without_manager: number; n: number }>(sql`
      select count(distinct name)::int as names, count(distinct employee_no)::int as nos, count(distinct email)::int as emails,
             count(*) filter (where manager_id is null)::int as without_manager, count(*)::int as n from employees`);
    expect([c.names, c.nos, c.emails]).toEqual([c.n, c.n, c.n]);
    expect(c.without_manager).toBe(1);
  });

  it('links every demo account to an employee where the brief places it', async () => {
    const byName = new Map((await accounts()).map((a) => [a.username, a]));
    expect([...byName.keys()].sort()).toEqual(DEMO_ACCOUNTS.users.map((u) => u.username).sort());
    for (const a of byName.values()) expect(a.employee_id).not.toBeNull();
    expect(byName.get('manager')).toMatchObject({ department: 'RISK', position: 'DEPT_HEAD' });
    expect(byName.get('learner')).toMatchObject({ department: 'RISK', manager_username: 'manager' });
    expect(byName.get('trainer')).toMatchObject({ department: 'HR', position: 'TRAINER' });
  });

  it('gives the manager a reporting line of about thirty people', async () => {
    const { employee_id } = (await accounts()).find((a) => a.username === 'manager')!;
    const line = await one<{ n: number }>(sql`select count(*)::int as n from employees where id in ${reportingLineIds(employee_id!)}`);
    expect(line.n).toBeGreaterThanOrEqual(20);
    expect(line.n).toBeLessThanOrEqual(40);
  });

  it('lets every demo account log in with the printed password', async () => {
    for (const u of DEMO_ACCOUNTS.users) {
      const c = await t.login(u.username, DEMO_ACCOUNTS.password);
      const res = await c.get('/api/v1/auth/session');
      expect(res.status).toBe(200);
      expect(res.body.user.roles).toEqual([...u.roles].sort());
    }
  });
});

describe('the demo catalogue', () => {
  it('has ten published courses with three to five modules each, owned by the trainer, and one draft', async () => {
    const list = await rows<{ status: string; owner: string; modules: number; title_en: string | null; tags: string[] }>(sql`
      select c.status, u.username as owner, c.title_en, c.tags,
             (select count(*)::int from course_modules m where m.course_id = c.id) as modules
      from courses c join users u on u.id = c.owner_user_id order by c.id`);
    const published = list.filter((c) => c.status === 'published');
    expect(published).toHaveLength(10);
    expect(list.filter((c) => c.status === 'draft')).toHaveLength(DRAFT_COURSES.length);
    for (const c of list) expect(c.owner).toBe('trainer');
    for (const c of published) {
      expect(c.modules).toBeGreaterThanOrEqual(3);
      expect(c.modules).toBeLessThanOrEqual(5);
      expect(c.title_en).toBeTruthy();
      expect(c.tags.length).toBeGreaterThan(0);
    }
  });

  it('gives every module a Markdown reading of 200 to 600 Chinese characters, and some videos and links', async () => {
    for (const course of [...PUBLISHED_COURSES, ...DRAFT_COURSES]) {
      for (const m of course.modules) {
        expect(m.resources[0]?.kind, `${course.title} / ${m.title}`).toBe('markdown');
        for (const r of m.resources) {
          if (r.kind !== 'markdown') continue;
          const n = hanCount(r.body);
          expect(n, `${course.title} / ${m.title}`).toBeGreaterThanOrEqual(200);
          expect(n, `${course.title} / ${m.title}`).toBeLessThanOrEqual(600);
          expect(r.body).toMatch(/^# /m);
          expect(r.body).toMatch(/- \[ \]/);
        }
      }
    }
    const kinds = await rows<{ kind: string; n: number }>(sql`select kind, count(*)::int as n from resources group by kind`);
    const n = Object.fromEntries(kinds.map((k) => [k.kind, k.n]));
    expect(n.video).toBeGreaterThan(0);
    expect(n.link).toBeGreaterThan(0);
  });
});

describe('the demo learning records', () => {
  it('enrols about sixty percent of employees in one to five courses', async () => {
    const c = await one<{ enrolled: number; employees: number; max_per_person: number; assigned: number; self: number }>(sql`
      select (select count(distinct employee_id)::int from enrollments) as enrolled,
             (select count(*)::int from employees) as employees,
             (select max(n)::int from (select count(*) as n from enrollments group by employee_id) x) as max_per_person,
             (select count(*)::int from enrollments where source = 'assigned' and due_date is not null and assigned_by is not null) as assigned,
             (select count(*)::int from enrollments where source = 'self' and due_date is null) as self`);
    expect(c.enrolled / c.employees).toBeGreaterThan(0.5);
    expect(c.enrolled / c.employees).toBeLessThan(0.75);
    expect(c.max_per_person).toBeLessThanOrEqual(5);
    expect(c.assigned).toBeGreaterThan(20);
    expect(c.self).toBeGreaterThan(20);
  });

  it('keeps every online training record consistent with its module progress', async () => {
    const bad = await rows<Record<string, unknown>>(sql`
      with p as (
        select en.id, count(mp.module_id)::int as done, min(mp.completed_at) as first_at, max(mp.completed_at) as last_at,
               coalesce(sum(mp.time_spent_seconds), 0)::int as spent,
               (select count(*)::int from course_modules m where m.course_id = en.course_id) as total
        from enrollments en left join module_progress mp on mp.enrollment_id = en.id group by en.id)
      select r.id from training_records r join p on p.id = r.enrollment_id
      where r.kind <> 'online'
         or r.progress_percent <> floor(p.done * 100.0 / p.total)
         or r.status <> (case when p.done = 0 then 'not_started' when p.done = p.total then 'completed' else 'in_progress' end)
         or r.started_at is distinct from p.first_at
         or r.completed_at is distinct from (case when p.done = p.total then p.last_at end)
         or r.time_spent_seconds <> p.spent
         or (r.score is not null and r.status <> 'completed')`);
    expect(bad).toEqual([]);
    const c = await one<{ enrollments: number; online: number; orphans: number; future: number }>(sql`
      select (select count(*)::int from enrollments) as enrollments,
             (select count(*)::int from training_records where kind = 'online') as online,
             (select count(*)::int from module_progress mp join enrollments en on en.id = mp.enrollment_id
               join course_modules m on m.id = mp.module_id where m.course_id <> en.course_id) as orphans,
             (select count(*)::int from module_progress where completed_at > now() or completed_at < (select min(enrolled_at) from enrollments)) as future`);
    expect(c.online).toBe(c.enrollments);
    expect(c.orphans).toBe(0);
    expect(c.future).toBe(0);
  });

  it('has every state, some scores and some overdue assignments', async () => {
    const c = await one<{ not_started: number; in_progress: number; completed: number; scored: number; overdue: number }>(sql`
      select count(*) filter (where r.status = 'not_started')::int as not_started,
             count(*) filter (where r.status = 'in_progress')::int as in_progress,
             count(*) filter (where r.status = 'completed')::int as completed,
             count(*) filter (where r.score is not null)::int as scored,
             count(*) filter (where en.due_date < current_date and r.status <> 'completed')::int as overdue
      from training_records r join enrollments en on en.id = r.enrollment_id`);
    for (const n of Object.values(c)) expect(n).toBeGreaterThan(5);
  });

  it('gives the learner account three or four courses in different states, one of them overdue', async () => {
    const list = await rows<{ status: string; overdue: boolean }>(sql`
      select r.status, (en.due_date < current_date and r.status <> 'completed') as overdue
      from enrollments en join training_records r on r.enrollment_id = en.id
      join users u on u.employee_id = en.employee_id where u.username = 'learner'`);
    expect(list.length).toBeGreaterThanOrEqual(3);
    expect(list.length).toBeLessThanOrEqual(4);
    expect(new Set(list.map((r) => r.status))).toEqual(new Set(['not_started', 'in_progress', 'completed']));
    expect(list.filter((r) => r.overdue)).toHaveLength(1);
  });

  it('shows the learner one overdue course on their home, and the manager a team of thirty', async () => {
    const learner = await t.login('learner', DEMO_ACCOUNTS.password);
    const home = await learner.get('/api/v1/me/learning');
    expect(home.status).toBe(200);
    expect(home.body.stats).toMatchObject({ enrolled: 4, completed: 1, overdue: 1 });
    const manager = await t.login('manager', DEMO_ACCOUNTS.password);
    const team = await manager.get('/api/v1/team/progress?page=1&pageSize=50');
    expect(team.status).toBe(200);
    expect(team.body.total).toBe(30);
    expect(team.body.totals.enrolled).toBeGreaterThan(30);
  });

  it('has classroom records entered by the trainer', async () => {
    const c = await one<{ n: number; by_trainer: number; sessions: number }>(sql`
      select count(*)::int as n, count(distinct r.title)::int as sessions,
             count(*) filter (where u.username = 'trainer')::int as by_trainer
      from training_records r left join users u on u.id = r.recorded_by where r.kind = 'classroom'`);
    expect(c.sessions).toBeGreaterThanOrEqual(2);
    expect(c.by_trainer).toBe(c.n);
  });
});

describe('seeding rules', () => {
  it('refuses to seed a database that already has accounts, and changes nothing', async () => {
    expect(await isDatabaseEmpty(t.db)).toBe(false);
    const before = await one<{ n: number }>(sql`select count(*)::int as n from employees`);
    const err = await seedDemo(t.deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('conflict');
    expect(await one<{ n: number }>(sql`select count(*)::int as n from employees`)).toEqual(before);
  });

  it('plans the same organisation from the same seed', () => {
    const a = planOrganisation(createRng(7));
    const b = planOrganisation(createRng(7));
    expect(a).toEqual(b);
    expect(planOrganisation(createRng(8)).employees.map((e) => e.name)).not.toEqual(a.employees.map((e) => e.name));
  });
});

describe('the demo skills', () => {
  it('has the LLM-APP framework, targets for every position, evidence for the manager\'s team, and a fitted model', async () => {
    const fw = await one<{ n: number; kps: number; edges: number }>(sql`
      select count(*)::int as n,
             (select count(*)::int from knowledge_points) as kps,
             (select count(*)::int from kp_prerequisites) as edges
      from frameworks where code = 'LLM-APP' and status = 'published'`);
    expect(fw).toEqual({ n: 1, kps: 21, edges: 15 });
    const untargeted = await one<{ n: number }>(sql`select count(*)::int as n from positions p where not exists (select 1 from position_targets t where t.position_id = p.id)`);
    expect(untargeted.n).toBe(0);
    const responses = await one<{ n: number; learners: number }>(sql`select count(*)::int as n, count(distinct employee_id)::int as learners from evidence where kind = 'response'`);
    expect(responses.learners).toBeGreaterThan(150);
    expect(responses.n).toBeGreaterThan(1500);
    const manager = await t.login('manager', DEMO_ACCOUNTS.password);
    const map = (await manager.get('/api/v1/team/mastery')).body;
    expect(map.members.length).toBeGreaterThan(3);
    expect(map.members.some((m: { cells: { attempts: number }[] }) => m.cells.some((c) => c.attempts > 0))).toBe(true);
    const { waitForJobs } = await import('../lib/jobs.ts');
    await waitForJobs();
    const model = await one<{ kind: string; auc: number }>(sql`select kind, (metrics->>'auc')::float8 as auc from kt_models where active`);
    expect(['bkt', 'lr', 'lr+']).toContain(model.kind);
    expect(model.auc).toBeGreaterThan(0.6);
    const learner = await t.login('learner', DEMO_ACCOUNTS.password);
    const mine = (await learner.get('/api/v1/me/mastery')).body;
    expect(mine.targetCount).toBeGreaterThan(0);
    expect(mine.items.some((i: { selfRating: number | null }) => i.selfRating != null)).toBe(true);
  });
});

describe('the demo item bank', () => {
  it('has every demo item active at version 1, by the trainer, on LLM-APP points, with its creation snapshot', async () => {
    const expected = DEMO_ITEMS.reduce((n, c) => n + c.items.length, 0);
    const c = await one<{ n: number; active: number; by_trainer: number; on_points: number; snapshots: number }>(sql`
      select count(*)::int as n,
             count(*) filter (where i.status = 'active' and i.version = 1)::int as active,
             count(*) filter (where u.username = 'trainer')::int as by_trainer,
             count(*) filter (where exists (select 1 from item_kps ik join knowledge_points k on k.id = ik.kp_id
                                            join frameworks f on f.id = k.framework_id where ik.item_id = i.id and f.code = 'LLM-APP'))::int as on_points,
             count(*) filter (where exists (select 1 from item_versions v where v.item_id = i.id and v.version = 1))::int as snapshots
      from items i left join users u on u.id = i.created_by`);
    expect(expected).toBeGreaterThanOrEqual(220);
    expect(c).toEqual({ n: expected, active: expected, by_trainer: expected, on_points: expected, snapshots: expected });
  });

  it('has a practice quiz per course, a timed exam with an essay, and an adaptive diagnostic, which the learner can take', async () => {
    const quizzes = await rows<{ course_id: number | null; n: number }>(sql`
      select e.course_id, (select count(*)::int from exam_items ei join items i on i.id = ei.item_id and i.status = 'active' where ei.exam_id = e.id) as n
      from exams e where e.purpose = 'practice' and e.status = 'published'`);
    expect(quizzes).toHaveLength(PUBLISHED_COURSES.length);
    expect(new Set(quizzes.map((q) => q.course_id)).size).toBe(PUBLISHED_COURSES.length);
    expect(quizzes.every((q) => q.n >= 5)).toBe(true);
    const timed = await one<{ id: number; time_limit_minutes: number; essays: number; n: number }>(sql`
      select e.id, e.time_limit_minutes,
             (select count(*)::int from exam_items ei join items i on i.id = ei.item_id where ei.exam_id = e.id and i.type = 'essay') as essays,
             (select count(*)::int from exam_items ei where ei.exam_id = e.id) as n
      from exams e where e.purpose = 'exam' and e.mode = 'fixed'`);
    expect(timed.time_limit_minutes).toBe(30);
    expect(timed.essays).toBe(1);
    expect(timed.n).toBeGreaterThanOrEqual(15);
    const learner = await t.login('learner', DEMO_ACCOUNTS.password);
    const mine = (await learner.get('/api/v1/me/exams')).body.items as { id: number; canStart: boolean; mode: string }[];
    expect(mine.length).toBe(PUBLISHED_COURSES.length + 2);
    expect(mine.every((e) => e.canStart)).toBe(true);
    const start = await learner.post(`/api/v1/exams/${timed.id}/attempts`);
    expect(start.status).toBe(201);
    expect(start.body.items).toHaveLength(timed.n);
    const adaptive = mine.find((e) => e.mode === 'adaptive')!;
    expect((await learner.post(`/api/v1/exams/${adaptive.id}/attempts`)).status).toBe(201);
  });

  it('tags every published module with knowledge points, so the demo learner gets a path and recommendations', async () => {
    expect(MODULE_KPS.map((c) => c.length)).toEqual(PUBLISHED_COURSES.map((c) => c.modules.length));
    const c = await one<{ untagged: number; curated: number }>(sql`
      select (select count(*)::int from course_modules m join courses c on c.id = m.course_id and c.status = 'published'
              where not exists (select 1 from module_kps mk where mk.module_id = m.id)) as untagged,
             (select count(*)::int from curated_paths) as curated`);
    expect(c).toEqual({ untagged: 0, curated: 1 });
    const learner = await t.login('learner', DEMO_ACCOUNTS.password);
    const path = await learner.get('/api/v1/me/path');
    expect(path.status).toBe(200);
    expect(path.body.steps.filter((s: { status: string }) => s.status !== 'done').length).toBeGreaterThan(0);
    expect(path.body.gapAfter).toBeLessThan(path.body.gapNow);
    const recs = await learner.get('/api/v1/me/recommendations');
    expect(recs.status).toBe(200);
    expect(recs.body.items.length).toBeGreaterThan(0);
  });

  it('has the AI engineer programme with three levels and signed certificates, the learner\'s valid and one revoked', async () => {
    const c = await one<{ levels: number; active: number; revoked: number }>(sql`
      select (select count(*)::int from cert_levels) as levels,
             (select count(*)::int from certificates where status = 'active') as active,
             (select count(*)::int from certificates where status = 'revoked') as revoked`);
    expect(c).toEqual({ levels: 3, active: 5, revoked: 1 });
    // the demo programme passes the programme editor's own checks: saving it unchanged works
    const admin = await t.login('admin', DEMO_ACCOUNTS.password);
    const [programme] = (await admin.get('/api/v1/cert-programmes')).body.items;
    const { id, levels, certificates: _n, updatedAt: _u, ...rest } = programme;
    const saved = await admin.put(`/api/v1/cert-programmes/${id}`, { ...rest, levels: levels.map(({ id: _id, ...l }: { id: number }) => l) });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const learner = await t.login('learner', DEMO_ACCOUNTS.password);
    const mine = await learner.get('/api/v1/me/certificates');
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0]).toMatchObject({ programmeCode: 'ai-engineer', level: 'junior', effectiveStatus: 'active' });
    expect((await t.anon.get(`/api/v1/public/certificates/${mine.body.items[0].publicId}`)).body.valid).toBe(true);
    const revoked = await one<{ public_id: string }>(sql`select public_id from certificates where status = 'revoked'`);
    const v = (await t.anon.get(`/api/v1/public/certificates/${revoked.public_id}`)).body;
    expect(v.valid).toBe(false);
    expect(v.record.statusReason).toContain('抄袭');
  });
});
