/**
 * The demo organisation "示例银行 / Demo Bank". Seeded on first start when the database is
 * empty, or by `xueli seed-demo`. Deterministic: the same data every time.
 */
import { count } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { users, type Role } from '../db/schema/index.ts';
import type { Deps } from '../deps.ts';
import { hashPassword } from '../modules/auth/service.ts';
import * as authRepo from '../modules/auth/repo.ts';

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

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users);
  return (row?.n ?? 0) === 0;
}

export async function seedDemo(deps: Deps): Promise<void> {
  const passwordHash = await hashPassword(DEMO_ACCOUNTS.password);
  await deps.db.transaction(async (tx) => {
    for (const u of DEMO_ACCOUNTS.users) {
      const row = await authRepo.insertUser(tx, { username: u.username, displayName: u.displayName, passwordHash });
      await authRepo.setRoles(tx, row.id, u.roles);
    }
  });
}
