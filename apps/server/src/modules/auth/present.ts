import type { ApiToken, SessionUser, UserSummary } from '@xueli/contracts';
import type { Role } from '../../db/schema/index.ts';
import { iso } from '../../lib/present.ts';
import type { UserRow } from './repo.ts';
import type { apiTokens } from '../../db/schema/index.ts';

export const presentSessionUser = (u: UserRow, roles: Role[]): SessionUser => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  email: u.email,
  roles,
  employeeId: u.employeeId,
  locale: u.locale === 'en-US' ? 'en-US' : 'zh-CN',
});

export const presentUser = (u: UserRow, roles: Role[]): UserSummary => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  email: u.email,
  roles,
  employeeId: u.employeeId,
  status: u.status === 'disabled' ? 'disabled' : 'active',
  lockedUntil: u.lockedUntil && u.lockedUntil > new Date() ? u.lockedUntil.toISOString() : null,
  lastLoginAt: iso(u.lastLoginAt),
});

/** Never includes the hash. */
export const presentToken = (t: typeof apiTokens.$inferSelect): ApiToken => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: iso(t.lastUsedAt),
  expiresAt: iso(t.expiresAt),
  revokedAt: iso(t.revokedAt),
});
