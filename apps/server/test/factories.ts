/**
 * Factories: each test builds the rows it needs, with unique values, so tests never depend
 * on one another or on truncation.
 */
import type { Db } from '../src/db/client.ts';
import {
  courseModules,
  courses,
  departments,
  employees,
  positions,
  resources,
  type Role,
} from '../src/db/schema/index.ts';
import * as authRepo from '../src/modules/auth/repo.ts';
import { hashPassword } from '../src/modules/auth/service.ts';
import { TEST_PASSWORD } from './harness.ts';

let seq = 0;
/** A value unique within the test run. */
export const unique = (prefix: string) => `${prefix}${process.pid.toString(36)}${(++seq).toString(36)}`;

let cachedHash: Promise<string> | undefined;
const passwordHash = () => (cachedHash ??= hashPassword(TEST_PASSWORD));

export async function makeDepartment(db: Db, over: Partial<typeof departments.$inferInsert> = {}) {
  const [d] = await db.insert(departments).values({ code: unique('D'), name: unique('部门'), ...over }).returning();
  return d!;
}

export async function makePosition(db: Db, over: Partial<typeof positions.$inferInsert> = {}) {
  const [p] = await db.insert(positions).values({ code: unique('P'), name: unique('岗位'), ...over }).returning();
  return p!;
}

export async function makeEmployee(db: Db, over: Partial<typeof employees.$inferInsert> = {}) {
  const [e] = await db
    .insert(employees)
    .values({ employeeNo: unique('E'), name: unique('员工'), ...over })
    .returning();
  return e!;
}

/** A user with the given roles; with `employee: true` (default) linked to a new employee. */
export async function makeUser(
  db: Db,
  opts: { roles?: Role[]; employee?: boolean | Partial<typeof employees.$inferInsert>; username?: string } = {},
) {
  const employee = opts.employee === false ? null : await makeEmployee(db, typeof opts.employee === 'object' ? opts.employee : {});
  const user = await authRepo.insertUser(db, {
    username: opts.username ?? unique('u'),
    displayName: employee?.name ?? unique('User '),
    passwordHash: await passwordHash(),
    employeeId: employee?.id ?? null,
  });
  await authRepo.setRoles(db, user.id, opts.roles ?? ['learner']);
  return { user, employee, username: user.username };
}

/** A course with `modules` modules, each holding one Markdown resource. */
export async function makeCourse(
  db: Db,
  opts: { status?: 'draft' | 'published' | 'archived'; modules?: number; ownerUserId?: number; title?: string } = {},
) {
  const [course] = await db
    .insert(courses)
    .values({
      title: opts.title ?? unique('课程'),
      status: opts.status ?? 'published',
      ownerUserId: opts.ownerUserId ?? null,
      publishedAt: opts.status === 'published' || !opts.status ? new Date() : null,
    })
    .returning();
  const mods = [];
  for (let i = 0; i < (opts.modules ?? 2); i++) {
    const [m] = await db.insert(courseModules).values({ courseId: course!.id, position: i, title: `模块 ${i + 1}` }).returning();
    await db.insert(resources).values({ moduleId: m!.id, position: 0, kind: 'markdown', title: `阅读 ${i + 1}`, body: `# 第 ${i + 1} 节\n\n内容` });
    mods.push(m!);
  }
  return { course: course!, modules: mods };
}
