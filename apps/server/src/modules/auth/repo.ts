/** All SQL of the accounts context. */
import { and, asc, count, eq, gt, ilike, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { apiTokens, sessions, userRoles, users, type Role } from '../../db/schema/index.ts';

export type UserRow = typeof users.$inferSelect;

export async function findUserByUsername(db: Db, username: string) {
  const [u] = await db.select().from(users).where(eq(users.username, username.toLowerCase()));
  return u;
}

export async function findUserById(db: Db, id: number) {
  const [u] = await db.select().from(users).where(eq(users.id, id));
  return u;
}

export async function rolesOf(db: Db, userId: number): Promise<Role[]> {
  const rows = await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId));
  return rows.map((r) => r.role).sort();
}

export async function rolesOfMany(db: Db, userIds: number[]): Promise<Map<number, Role[]>> {
  const out = new Map<number, Role[]>();
  if (userIds.length === 0) return out;
  const rows = await db
    .select()
    .from(userRoles)
    .where(sql`${userRoles.userId} in ${userIds}`);
  for (const r of rows) out.set(r.userId, [...(out.get(r.userId) ?? []), r.role].sort());
  return out;
}

export async function setRoles(db: Db, userId: number, roles: readonly Role[]) {
  await db.delete(userRoles).where(eq(userRoles.userId, userId));
  if (roles.length) {
    await db.insert(userRoles).values([...new Set(roles)].map((role) => ({ userId, role })));
  }
}

export async function insertUser(db: Db, values: typeof users.$inferInsert) {
  const [u] = await db.insert(users).values({ ...values, username: values.username.toLowerCase() }).returning();
  return u!;
}

export async function updateUser(db: Db, id: number, values: Partial<typeof users.$inferInsert>) {
  const [u] = await db.update(users).set(values).where(eq(users.id, id)).returning();
  return u;
}

export async function listUsers(db: Db, q: { search?: string; page: number; pageSize: number }) {
  const where = q.search
    ? or(ilike(users.username, `%${q.search}%`), ilike(users.displayName, `%${q.search}%`))
    : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(users)
      .where(where)
      .orderBy(asc(users.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(users).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function insertSession(db: Db, values: typeof sessions.$inferInsert) {
  await db.insert(sessions).values(values);
}

/** Roles of the row's user, aggregated in the same statement. */
const rolesColumn = sql<Role[]>`array(select ${userRoles.role} from ${userRoles} where ${userRoles.userId} = ${users.id} order by 1)`;

function liveSessionQuery(db: Db) {
  return db
    .select({ session: sessions, user: users, roles: rolesColumn })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sql.placeholder('id')), gt(sessions.expiresAt, sql.placeholder('now'))))
    .prepare('auth_live_session');
}
const liveSessionStatements = new WeakMap<Db, ReturnType<typeof liveSessionQuery>>();

/**
 * A live session with its user and roles, or undefined when expired or unknown. Runs on
 * every cookie-authenticated request, so it is one named prepared statement (planned once
 * per connection, one round trip).
 */
export async function findLiveSession(db: Db, id: string, now: Date) {
  let statement = liveSessionStatements.get(db);
  if (!statement) liveSessionStatements.set(db, (statement = liveSessionQuery(db)));
  const [row] = await statement.execute({ id, now });
  return row;
}

export async function deleteSession(db: Db, id: string) {
  await db.delete(sessions).where(eq(sessions.id, id));
}

export async function deleteSessionsOfUser(db: Db, userId: number, exceptId?: string) {
  await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), exceptId ? sql`${sessions.id} <> ${exceptId}` : undefined));
}

export async function findLiveToken(db: Db, tokenHash: string, now: Date) {
  const [row] = await db
    .select({ token: apiTokens, user: users, roles: rolesColumn })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, tokenHash),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    );
  return row;
}

export async function touchToken(db: Db, id: number, now: Date) {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));
}

export async function insertToken(db: Db, values: typeof apiTokens.$inferInsert) {
  const [t] = await db.insert(apiTokens).values(values).returning();
  return t!;
}

export async function listTokens(db: Db, userId: number) {
  return db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(asc(apiTokens.id));
}

export async function revokeToken(db: Db, userId: number, id: number, now: Date) {
  const [t] = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning();
  return t;
}
