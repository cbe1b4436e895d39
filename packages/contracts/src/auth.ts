import { z } from 'zod';
import { roleSchema } from './common.ts';

export const LOCALES = ['zh-CN', 'en-US'] as const;
export const localeSchema = z.enum(LOCALES);

export const loginBody = z.strictObject({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
});

/** Passwords: 10–200 characters, at least one letter and one digit. */
export const newPassword = z
  .string()
  .min(10, 'at least 10 characters')
  .max(200)
  .regex(/[A-Za-z]/, 'must contain a letter')
  .regex(/\d/, 'must contain a digit');

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword,
});

export const sessionUser = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  roles: z.array(roleSchema),
  employeeId: z.number().int().nullable(),
  locale: localeSchema,
});
export type SessionUser = z.infer<typeof sessionUser>;

export const sessionResponse = z.object({ user: sessionUser, csrfToken: z.string().nullable() });
export type SessionResponse = z.infer<typeof sessionResponse>;

export const updateMeBody = z.strictObject({ locale: localeSchema });

export const createTokenBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** Days until the token stops working; omit for no expiry. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export const apiToken = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof apiToken>;
export const createdToken = apiToken.extend({ token: z.string() });

export const userSummary = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  roles: z.array(roleSchema),
  employeeId: z.number().int().nullable(),
  status: z.enum(['active', 'disabled']),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
});
export type UserSummary = z.infer<typeof userSummary>;

export const createUserBody = z.strictObject({
  username: z
    .string()
    .trim()
    .min(2)
    .max(64)
    .regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits and . _ @ - only'),
  displayName: z.string().trim().min(1).max(100),
  email: z.email().max(200).optional(),
  password: newPassword,
  roles: z.array(roleSchema).min(1).max(5),
  employeeId: z.number().int().positive().optional(),
});

export const updateUserBody = z
  .strictObject({
    displayName: z.string().trim().min(1).max(100).optional(),
    roles: z.array(roleSchema).min(1).max(5).optional(),
    status: z.enum(['active', 'disabled']).optional(),
    /** Clears a login lockout. */
    unlock: z.literal(true).optional(),
    password: newPassword.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
