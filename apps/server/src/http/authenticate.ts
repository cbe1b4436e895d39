/**
 * Resolves the caller (session cookie or `Authorization: Bearer` API token), enforces the
 * route's declared policy, and checks the CSRF token on cookie-authenticated mutations.
 * Runs in `onRequest`, before the body is parsed: an unauthorised caller learns nothing
 * about what a valid body would be.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Deps } from '../deps.ts';
import { safeEqual } from '../lib/crypto.ts';
import { DomainError } from '../lib/errors.ts';
import { actorFromSession, actorFromToken } from '../modules/auth/service.ts';

export const SESSION_COOKIE = 'xueli_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionCookieOptions(deps: Deps, request: FastifyRequest, expires?: Date) {
  const secure = deps.config.secureCookies === 'auto' ? request.protocol === 'https' : deps.config.secureCookies;
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure, ...(expires ? { expires } : {}) };
}

async function resolveActor(deps: Deps, request: FastifyRequest) {
  const auth = request.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    const actor = m ? await actorFromToken(deps, m[1]!) : null;
    if (!actor) throw new DomainError('unauthenticated', 'The API token is invalid, expired or revoked');
    return actor;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  return cookie ? actorFromSession(deps, cookie) : null;
}

export const authenticate = fp(async (app: FastifyInstance, opts: { deps: Deps }) => {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const policy = request.routeOptions.config?.policy;
    if (!policy) return; // non-API routes (static files, docs, health) are public by construction
    request.actor = await resolveActor(opts.deps, request);
    if (policy.kind === 'public') return;
    const actor = request.actor;
    if (!actor) {
      if (request.cookies[SESSION_COOKIE]) reply.clearCookie(SESSION_COOKIE, { path: '/' });
      throw new DomainError('unauthenticated', 'Please log in first');
    }
    if (policy.kind === 'roles' && !policy.roles.some((r) => actor.roles.has(r))) {
      throw new DomainError('forbidden', `This needs one of the roles: ${policy.roles.join(', ')}`, {
        requiredRoles: policy.roles,
      });
    }
    if (actor.via === 'session' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !actor.csrfToken || !safeEqual(sent, actor.csrfToken)) {
        throw new DomainError('csrf', 'Send the CSRF token from /api/v1/auth/session in the X-CSRF-Token header');
      }
    }
  });
});
