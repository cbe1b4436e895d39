/** Accounts: login with lockout, sessions, password change, personal API tokens, user admin. */
import { hash, verify } from '@node-rs/argon2';
import type { Role } from '../../db/schema/index.ts';
import type { Deps, OpContext } from '../../deps.ts';
import { recordAudit } from '../../lib/audit.ts';
import { randomToken, sha256 } from '../../lib/crypto.ts';
import { DomainError, conflict, invalid, notFound } from '../../lib/errors.ts';
import type { Actor } from '../../http/policy.ts';
import { presentSessionUser, presentToken, presentUser } from './present.ts';
import * as repo from './repo.ts';
import { SessionCache } from './session-cache.ts';

/** One session cache per database (a process serves one; tests build many). */
const caches = new WeakMap<object, SessionCache>();
function sessionCache(deps: Deps): SessionCache {
  let cache = caches.get(deps.db);
  if (!cache) caches.set(deps.db, (cache = new SessionCache(deps.config.sessionCacheSeconds * 1000)));
  return cache;
}

/** argon2id with the library's defaults (m=19 MiB, t=2, p=1: OWASP's minimum). */
export const hashPassword = (password: string) => hash(password);

/** Token prefix that marks Xueli personal API tokens (helps secret scanners). */
const TOKEN_PREFIX = 'xli_';

/** A hash to verify against when the user does not exist, so timing does not reveal it. */
let dummyHash: Promise<string> | undefined;

function actorOf(user: repo.UserRow, roles: Role[], via: Actor['via'], extra: Partial<Actor> = {}): Actor {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: new Set(roles),
    employeeId: user.employeeId,
    via,
    ...extra,
  };
}

export interface LoginResult {
  /** Cookie value; only its hash is stored. */
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
  userId: number;
}

/**
 * Checks a password and opens a session. After `loginMaxFailures` wrong passwords in a row
 * the account is locked for `loginLockMinutes`; a correct password during the lock is refused.
 */
export async function sessionOpener(
  deps: Deps,
  props: { username: string; password: string; ip?: string; userAgent?: string; now?: Date },
): Promise<LoginResult> {
  const now = props.now ?? new Date();
  const user = await repo.findUserByUsername(deps.db, props.username);
  if (!user) {
    dummyHash ??= hash('not-a-real-password');
    await verify(await dummyHash, props.password);
    throw new DomainError('invalid-credentials', 'Wrong username or password');
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    const retryAfterSeconds = Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000);
    throw new DomainError('locked', 'Too many failed logins; try again later', {
      lockedUntil: user.lockedUntil.toISOString(),
      retryAfterSeconds,
    });
  }
  const ok = await verify(user.passwordHash, props.password);
  if (!ok) {
    const failures = user.failedLogins + 1;
    const lock = failures >= deps.config.loginMaxFailures;
    await repo.updateUser(deps.db, user.id, {
      failedLogins: lock ? 0 : failures,
      lockedUntil: lock ? new Date(now.getTime() + deps.config.loginLockMinutes * 60_000) : user.lockedUntil,
    });
    if (lock) {
      await recordAudit(deps.db, { actorUserId: null, action: 'user.lock', entity: 'user', entityId: user.id, details: { failures } });
    }
    throw new DomainError('invalid-credentials', 'Wrong username or password');
  }
  if (user.status !== 'active') throw new DomainError('forbidden', 'This account is disabled');
  const sessionToken = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(now.getTime() + deps.config.sessionHours * 3600_000);
  await deps.db.transaction(async (tx) => {
    await repo.insertSession(tx, {
      id: sha256(sessionToken),
      userId: user.id,
      csrfToken,
      expiresAt,
      ip: props.ip ?? null,
      userAgent: props.userAgent?.slice(0, 300) ?? null,
    });
    await repo.updateUser(tx, user.id, { failedLogins: 0, lockedUntil: null, lastLoginAt: now });
  });
  return { sessionToken, csrfToken, expiresAt, userId: user.id };
}

export async function sessionCloser(deps: Deps, actor: Actor) {
  if (!actor.sessionId) return;
  await repo.deleteSession(deps.db, actor.sessionId);
  sessionCache(deps).evictSession(actor.sessionId);
}

/** Resolves a session cookie value to its actor, or null. */
export async function actorFromSession(deps: Deps, token: string, now = new Date()): Promise<Actor | null> {
  const id = sha256(token);
  const cache = sessionCache(deps);
  const cached = cache.get(id, now.getTime());
  if (cached) return cached;
  const row = await repo.findLiveSession(deps.db, id, now);
  if (!row || row.user.status !== 'active') return null;
  const actor = actorOf(row.user, row.roles, 'session', { sessionId: id, csrfToken: row.session.csrfToken });
  cache.set(id, actor, row.session.expiresAt, now.getTime());
  return actor;
}

/** Resolves a bearer API token to its actor, or null. */
export async function actorFromToken(deps: Deps, token: string, now = new Date()): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await repo.findLiveToken(deps.db, sha256(token), now);
  if (!row || row.user.status !== 'active') return null;
  // Last use is kept to the minute: one write a minute per token, not one per request.
  if (!row.token.lastUsedAt || now.getTime() - row.token.lastUsedAt.getTime() > 60_000) {
    await repo.touchToken(deps.db, row.token.id, now);
  }
  return actorOf(row.user, row.roles, 'token');
}

/** Changes the caller's password and ends their other sessions. */
export async function passwordChanger(
  deps: Deps,
  props: { actor: Actor; currentPassword: string; newPassword: string; requestId?: string },
) {
  const user = await repo.findUserById(deps.db, props.actor.userId);
  if (!user) throw notFound('user', props.actor.userId);
  if (!(await verify(user.passwordHash, props.currentPassword))) {
    throw invalid('The current password is wrong', { errors: [{ path: 'currentPassword', message: 'wrong password' }] });
  }
  if (props.currentPassword === props.newPassword) {
    throw invalid('The new password must differ from the current one', { errors: [{ path: 'newPassword', message: 'same as current' }] });
  }
  const passwordHash = await hashPassword(props.newPassword);
  await deps.db.transaction(async (tx) => {
    await repo.updateUser(tx, user.id, { passwordHash, passwordChangedAt: new Date() });
    await repo.deleteSessionsOfUser(tx, user.id, props.actor.sessionId);
    sessionCache(deps).evictUser(user.id);
    await recordAudit(tx, { actorUserId: user.id, action: 'user.password.change', entity: 'user', entityId: user.id, requestId: props.requestId ?? null });
  });
}

/** Creates a personal API token; the plain token is returned here and never again. */
export async function tokenIssuer(
  deps: Deps,
  props: { actor: Actor; name: string; expiresInDays?: number; requestId?: string },
) {
  const token = `${TOKEN_PREFIX}${randomToken(30)}`;
  const expiresAt = props.expiresInDays ? new Date(Date.now() + props.expiresInDays * 86400_000) : null;
  return deps.db.transaction(async (tx) => {
    const row = await repo.insertToken(tx, {
      userId: props.actor.userId,
      name: props.name,
      tokenHash: sha256(token),
      prefix: token.slice(0, 10),
      expiresAt,
    });
    await recordAudit(tx, { actorUserId: props.actor.userId, action: 'token.create', entity: 'api_token', entityId: row.id, details: { name: props.name }, requestId: props.requestId ?? null });
    return { row, token };
  });
}

export async function tokenRevoker(deps: Deps, props: { actor: Actor; id: number; requestId?: string }) {
  const row = await repo.revokeToken(deps.db, props.actor.userId, props.id, new Date());
  if (!row) throw notFound('API token', props.id);
  await recordAudit(deps.db, { actorUserId: props.actor.userId, action: 'token.revoke', entity: 'api_token', entityId: row.id, requestId: props.requestId ?? null });
  return row;
}

/** Creates an account (admin). */
export async function userCreator(
  deps: Deps,
  ctx: OpContext,
  props: { username: string; displayName: string; email?: string | undefined; password: string; roles: Role[]; employeeId?: number | undefined },
) {
  if (await repo.findUserByUsername(deps.db, props.username)) {
    throw conflict(`The username ${props.username} is taken`, { field: 'username' });
  }
  const passwordHash = await hashPassword(props.password);
  return deps.db.transaction(async (tx) => {
    const user = await repo.insertUser(tx, {
      username: props.username,
      displayName: props.displayName,
      email: props.email ?? null,
      passwordHash,
      employeeId: props.employeeId ?? null,
    });
    await repo.setRoles(tx, user.id, props.roles);
    await recordAudit(tx, { actorUserId: ctx.actorUserId, action: 'user.create', entity: 'user', entityId: user.id, details: { roles: props.roles }, requestId: ctx.requestId ?? null });
    return user;
  });
}

/** Changes roles, status, display name or password of an account, or clears its lockout (admin). */
export async function userUpdater(
  deps: Deps,
  ctx: OpContext,
  props: { id: number; displayName?: string | undefined; roles?: Role[] | undefined; status?: 'active' | 'disabled' | undefined; unlock?: true | undefined; password?: string | undefined },
) {
  const user = await repo.findUserById(deps.db, props.id);
  if (!user) throw notFound('user', props.id);
  if (ctx.actorUserId === props.id && (props.status === 'disabled' || (props.roles && !props.roles.includes('admin')))) {
    throw conflict('You cannot disable your own account or remove your own admin role');
  }
  const passwordHash = props.password ? await hashPassword(props.password) : undefined;
  return deps.db.transaction(async (tx) => {
    const changes: Partial<repo.UserRow> = {};
    if (props.displayName) changes.displayName = props.displayName;
    if (props.status) changes.status = props.status;
    if (props.unlock) Object.assign(changes, { failedLogins: 0, lockedUntil: null });
    if (passwordHash) Object.assign(changes, { passwordHash, passwordChangedAt: new Date() });
    const updated = Object.keys(changes).length ? await repo.updateUser(tx, props.id, changes) : user;
    if (props.roles) await repo.setRoles(tx, props.id, props.roles);
    if (props.status === 'disabled' || passwordHash) await repo.deleteSessionsOfUser(tx, props.id);
    sessionCache(deps).evictUser(props.id);
    await recordAudit(tx, {
      actorUserId: ctx.actorUserId,
      action: 'user.update',
      entity: 'user',
      entityId: props.id,
      details: { roles: props.roles, status: props.status, unlock: props.unlock, passwordReset: Boolean(passwordHash) },
      requestId: ctx.requestId ?? null,
    });
    return updated!;
  });
}

/** The session view of a user (for /auth/session and after login). */
export async function sessionUserView(deps: Deps, userId: number) {
  const user = await repo.findUserById(deps.db, userId);
  if (!user) throw notFound('user', userId);
  return presentSessionUser(user, await repo.rolesOf(deps.db, userId));
}

/** Sets the caller's UI language. */
export async function localeChanger(deps: Deps, props: { actor: Actor; locale: 'zh-CN' | 'en-US' }) {
  const user = await repo.updateUser(deps.db, props.actor.userId, { locale: props.locale });
  if (!user) throw notFound('user', props.actor.userId);
  return presentSessionUser(user, await repo.rolesOf(deps.db, user.id));
}

export async function tokenLister(deps: Deps, actor: Actor) {
  return (await repo.listTokens(deps.db, actor.userId)).map(presentToken);
}

export async function userLister(deps: Deps, q: { search?: string | undefined; page: number; pageSize: number }) {
  const { rows, total } = await repo.listUsers(deps.db, q);
  const roles = await repo.rolesOfMany(deps.db, rows.map((r) => r.id));
  return { items: rows.map((u) => presentUser(u, roles.get(u.id) ?? [])), total, page: q.page, pageSize: q.pageSize };
}

export async function userView(deps: Deps, id: number) {
  const user = await repo.findUserById(deps.db, id);
  if (!user) throw notFound('user', id);
  return presentUser(user, await repo.rolesOf(deps.db, id));
}
