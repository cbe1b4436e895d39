/**
 * The demo organisation "示例银行 / Demo Bank". Seeded on first start when the database is
 * empty, or by `xueli seed-demo`. Deterministic: a seeded PRNG gives the same people, courses
 * and progress every time; only dates move, placed relative to the day of seeding so that due
 * dates, "overdue" and "recent activity" stay meaningful.
 *
 * Shape: 8 departments (总行 and seven under it), 12 positions, 300 employees, the 5 demo
 * accounts linked to employees, 10 published courses and a draft by the trainer, about 400
 * online enrolments with module progress and training records, three classroom sessions, and
 * the LLM-APP skill framework with targets per position and simulated graded responses
 * (seed/skills.ts), from which the first knowledge-tracing model is fitted in the background, and
 * the demo item bank: active items on the ten courses, authored by the trainer (seed/items.ts).
 */
import { count, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { users, type Role } from '../db/schema/index.ts';
import type { Deps } from '../deps.ts';
import { recordAudit } from '../lib/audit.ts';
import { conflict } from '../lib/errors.ts';
import { hashPassword } from '../modules/auth/service.ts';
import { planClassroom } from './classroom-plan.ts';
import { DRAFT_COURSES, PUBLISHED_COURSES } from './courses/index.ts';
import { planLearning } from './learning-plan.ts';
import { planOrganisation, type EmployeePlan } from './org-plan.ts';
import { createRng } from './prng.ts';
import { seedExams } from './exams.ts';
import { seedItems } from './items.ts';
import { seedSkills } from './skills.ts';
import { seedPaths } from './paths.ts';
import { seedCerts } from './certs.ts';
import { seedKnowledge } from './knowledge.ts';
import { insertAccounts, insertCatalogue, insertLearning, insertOrganisation } from './write.ts';
import { maybeScheduleRefit } from '../modules/skills/evidence.service.ts';

/** The demo logins, printed at start: the single source of their usernames and password. */
export const DEMO_ACCOUNTS: { password: string; users: { username: string; displayName: string; roles: Role[] }[] } = {
  password: 'xueli-demo-2026',
  users: [
    { username: 'admin', displayName: '系统管理员 Admin', roles: ['admin', 'learner'] },
    { username: 'trainer', displayName: '王培训 Trainer', roles: ['trainer', 'learner'] },
    { username: 'manager', displayName: '李经理 Manager', roles: ['manager', 'learner'] },
    { username: 'assessor', displayName: '赵评审 Assessor', roles: ['assessor', 'learner'] },
    { username: 'learner', displayName: '张学员 Learner', roles: ['learner'] },
  ],
};

/** The PRNG seed; change it and every generated name and number changes. */
const SEED = 20260101;
/** Serialises concurrent seeders on one PostgreSQL database (pg_advisory_xact_lock key). */
const SEED_LOCK = 0x5845_4c49;

/** True when no account exists yet: the condition for seeding the demo organisation. */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users);
  return (row?.n ?? 0) === 0;
}

/** Everyone below `managerNo` in the plan's reporting tree. */
function reportingLine(people: EmployeePlan[], managerNo: string): Set<string> {
  const reports = new Map<string, string[]>();
  for (const e of people) if (e.managerNo) reports.set(e.managerNo, [...(reports.get(e.managerNo) ?? []), e.employeeNo]);
  const line = new Set<string>();
  const stack = [...(reports.get(managerNo) ?? [])];
  while (stack.length) {
    const no = stack.pop()!;
    if (line.has(no)) continue;
    line.add(no);
    stack.push(...(reports.get(no) ?? []));
  }
  return line;
}

/**
 * Seeds Demo Bank in one transaction (all or nothing). The password is hashed once for all
 * accounts. Refuses with a `conflict` DomainError when the database already has accounts, so a
 * second run never duplicates or mixes data.
 */
export async function seedDemo(deps: Deps): Promise<void> {
  const now = new Date();
  const rng = createRng(SEED);
  // argon2 runs on the libuv pool: hash while the organisation is being written.
  const passwordHash = hashPassword(DEMO_ACCOUNTS.password);
  passwordHash.catch(() => undefined); // awaited below; never an unhandled rejection if we fail first
  const org = planOrganisation(rng);
  const byNo = new Map(org.employees.map((e) => [e.employeeNo, e]));
  const accountEmployee = (username: string) => byNo.get(org.accounts[username]!)!;

  await deps.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`);
    if (!(await isDatabaseEmpty(tx))) {
      throw conflict('The database already has accounts; the demo organisation is only seeded into an empty database');
    }
    const employeeIds = await insertOrganisation(tx, org);
    const idOf = (no: string) => employeeIds.get(no)!;
    const userIds = await insertAccounts(tx, {
      passwordHash: await passwordHash,
      accounts: DEMO_ACCOUNTS.users.map((u) => ({ ...u, employeeId: idOf(accountEmployee(u.username).employeeNo), email: accountEmployee(u.username).email })),
    });
    const userId = (username: string) => userIds.get(username)!;
    const courses = await insertCatalogue(tx, { published: PUBLISHED_COURSES, drafts: DRAFT_COURSES, ownerUserId: userId('trainer'), now });

    const managerNo = accountEmployee('manager').employeeNo;
    const online = planLearning(rng, {
      now,
      courses,
      employees: org.employees.map((e) => ({ id: idOf(e.employeeNo), department: e.department, status: e.status, isHead: e.position === 'PRESIDENT' || e.position === 'DEPT_HEAD' })),
      managerLine: new Set([...reportingLine(org.employees, managerNo)].map(idOf)),
      learnerEmployeeId: idOf(accountEmployee('learner').employeeNo),
      users: { admin: userId('admin'), trainer: userId('trainer'), manager: userId('manager') },
    });
    const classroom = planClassroom(rng, {
      now,
      activeEmployeeIds: org.employees.filter((e) => e.status === 'active').map((e) => idOf(e.employeeNo)),
      trainerName: accountEmployee('trainer').name,
      mustAttend: [idOf(accountEmployee('learner').employeeNo), idOf(managerNo)],
    });
    await insertLearning(tx, { online, classroom, recordedBy: userId('trainer') });
    const accountIds = new Set(DEMO_ACCOUNTS.users.map((u) => idOf(accountEmployee(u.username).employeeNo)));
    const skills = await seedSkills(tx, rng, {
      now,
      employees: org.employees.map((e) => ({ id: idOf(e.employeeNo), position: e.position, active: e.status === 'active' })),
      always: new Set([...accountIds, ...[...reportingLine(org.employees, managerNo)].map(idOf)]),
      learnerEmployeeId: idOf(accountEmployee('learner').employeeNo),
      recordedBy: userId('assessor'),
    });
    const itemIds = await seedItems(tx, { now, authorUserId: userId('trainer'), kpIdByCode: skills.kpIdByCode });
    // The item groups (DEMO_ITEMS), PUBLISHED_COURSES and `courses` share the catalogue order.
    const courseKeys = Object.keys(itemIds);
    const examSeed = await seedExams(tx, {
      now,
      authorUserId: userId('trainer'),
      itemIds,
      courseIds: new Map(courseKeys.map((k, i) => [k, courses[i]!.id])),
      courseTitles: new Map(courseKeys.map((k, i) => [k, { zh: PUBLISHED_COURSES[i]!.title, en: PUBLISHED_COURSES[i]!.titleEn }])),
      frameworkKpIds: [...skills.kpIdByCode.values()],
    });
    const paths = await seedPaths(tx, { courses, kpIdByCode: skills.kpIdByCode, createdBy: userId('trainer') });
    // Certificates: the demo learner and a few colleagues (every 41st active employee without an account).
    const colleagues = org.employees.filter((e) => e.status === 'active' && !accountIds.has(idOf(e.employeeNo))).filter((_, i) => i % 41 === 7).map((e) => idOf(e.employeeNo));
    const certs = await seedCerts(tx, deps, {
      now,
      adminUserId: userId('admin'),
      writtenExamId: examSeed.timedExamId,
      adaptiveExamId: examSeed.adaptiveExamId,
      juniorHolders: [idOf(accountEmployee('learner').employeeNo), ...colleagues.slice(0, 3)],
      intermediateHolder: colleagues[3]!,
      revokedHolder: colleagues[4]!,
    });
    await recordAudit(tx, {
      actorUserId: null,
      action: 'demo.seed',
      entity: 'organisation',
      details: { employees: org.employees.length, courses: courses.length, enrollments: online.length, classroomRecords: classroom.length, knowledgePoints: skills.points, responses: skills.responses, items: Object.values(itemIds).flat().length, practiceQuizzes: examSeed.practice, moduleKps: paths.moduleKps, certificates: certs.certificates },
    });
  });
  // The knowledge base is indexed after the commit, through the index job's own code.
  const [trainerUser] = await deps.db.select({ id: users.id }).from(users).where(sql`${users.username} = 'trainer'`);
  await seedKnowledge(deps, { createdBy: trainerUser?.id ?? null });
  // The first knowledge-tracing fit runs as a background job (lib/jobs.ts): K is already there
  // from the prior model, and the start is not held up by the fit.
  await maybeScheduleRefit(deps.db);
}
