/**
 * Declarative route authorization. Every route under /api declares `config.policy`; the app
 * refuses to start with a route that does not (and `routes.policy.test.ts` walks them all).
 * Row scope (which records a caller may see) is enforced in each context's `policy.ts`.
 */
import type { Role } from '../db/schema/index.ts';

export type Policy =
  /** Anyone, logged in or not. */
  | { kind: 'public' }
  /** Any logged-in user, whatever their roles. */
  | { kind: 'authenticated' }
  /** A logged-in user holding at least one of these roles. */
  | { kind: 'roles'; roles: readonly Role[] };

export const allow = {
  public: { kind: 'public' } as Policy,
  authenticated: { kind: 'authenticated' } as Policy,
  roles: (...roles: Role[]): Policy => ({ kind: 'roles', roles }),
};

/** The caller of a request, resolved from a session cookie or an API token. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  roles: ReadonlySet<Role>;
  /** The employee this account belongs to; learner features need one. */
  employeeId: number | null;
  via: 'session' | 'token';
  sessionId?: string;
  csrfToken?: string;
}

export const hasRole = (actor: Actor, ...roles: Role[]) => roles.some((r) => actor.roles.has(r));

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: Policy;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}
