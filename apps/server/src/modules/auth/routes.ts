import {
  apiToken,
  changePasswordBody,
  createTokenBody,
  createUserBody,
  createdToken,
  idParam,
  loginBody,
  okSchema,
  page,
  pageQuery,
  sessionResponse,
  updateMeBody,
  updateUserBody,
  userSummary,
} from '@xueli/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { SESSION_COOKIE, sessionCookieOptions } from '../../http/authenticate.ts';
import { allow, type Actor } from '../../http/policy.ts';
import { DomainError } from '../../lib/errors.ts';
import { Throttle } from '../../lib/throttle.ts';
import { presentToken } from './present.ts';
import * as svc from './service.ts';

const tags = ['accounts'];

export const authRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    /** Per-IP brake in front of the per-account lockout: 30 attempts a minute. */
    const ipThrottle = new Throttle(30, 60_000);
    const me = (request: { actor: Actor | null }) => request.actor!;

    app.post('/auth/login', {
      config: { policy: allow.public },
      schema: { tags, summary: 'Log in with username and password; sets the session cookie', body: loginBody, response: { 200: sessionResponse } },
    }, async (request, reply) => {
      const wait = ipThrottle.hit(request.ip);
      if (wait) throw new DomainError('rate-limited', 'Too many login attempts from this address', { retryAfterSeconds: wait });
      const r = await svc.sessionOpener(deps, {
        username: request.body.username,
        password: request.body.password,
        ip: request.ip,
        ...(request.headers['user-agent'] ? { userAgent: request.headers['user-agent'] } : {}),
      });
      void reply.setCookie(SESSION_COOKIE, r.sessionToken, sessionCookieOptions(deps, request, r.expiresAt));
      return { user: await svc.sessionUserView(deps, r.userId), csrfToken: r.csrfToken };
    });

    app.post('/auth/logout', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'End the current session', response: { 200: okSchema } },
    }, async (request, reply) => {
      await svc.sessionCloser(deps, me(request));
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    });

    app.get('/auth/session', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'The current user, roles and CSRF token', response: { 200: sessionResponse } },
    }, async (request) => {
      const actor = me(request);
      return { user: await svc.sessionUserView(deps, actor.userId), csrfToken: actor.csrfToken ?? null };
    });

    app.patch('/auth/session', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Change the current user\'s preferences (language)', body: updateMeBody, response: { 200: sessionResponse } },
    }, async (request) => {
      const actor = me(request);
      return { user: await svc.localeChanger(deps, { actor, locale: request.body.locale }), csrfToken: actor.csrfToken ?? null };
    });

    app.post('/auth/password', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Change your password; other sessions are ended', body: changePasswordBody, response: { 200: okSchema } },
    }, async (request) => {
      await svc.passwordChanger(deps, { actor: me(request), ...request.body, requestId: request.id });
      return { ok: true as const };
    });

    app.get('/auth/tokens', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Your personal API tokens (never the secret)', response: { 200: z.object({ items: z.array(apiToken) }) } },
    }, async (request) => ({ items: await svc.tokenLister(deps, me(request)) }));

    app.post('/auth/tokens', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Create a personal API token; the secret is shown only in this response', body: createTokenBody, response: { 201: createdToken } },
    }, async (request, reply) => {
      const { row, token } = await svc.tokenIssuer(deps, { actor: me(request), ...request.body, requestId: request.id });
      return reply.code(201).send({ ...presentToken(row), token });
    });

    app.delete('/auth/tokens/:id', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Revoke one of your API tokens', params: idParam, response: { 200: apiToken } },
    }, async (request) => presentToken(await svc.tokenRevoker(deps, { actor: me(request), id: request.params.id, requestId: request.id })));

    app.get('/users', {
      config: { policy: allow.roles('admin') },
      schema: { tags, summary: 'List accounts', querystring: z.strictObject({ ...pageQuery, search: z.string().trim().max(100).optional() }), response: { 200: page(userSummary) } },
    }, async (request) => {
      return svc.userLister(deps, request.query);
    });

    app.post('/users', {
      config: { policy: allow.roles('admin') },
      schema: { tags, summary: 'Create an account', body: createUserBody, response: { 201: userSummary } },
    }, async (request, reply) => {
      const u = await svc.userCreator(deps, { actorUserId: me(request).userId, requestId: request.id }, request.body);
      return reply.code(201).send(await svc.userView(deps, u.id));
    });

    app.patch('/users/:id', {
      config: { policy: allow.roles('admin') },
      schema: { tags, summary: 'Change roles, status or password of an account, or unlock it', params: idParam, body: updateUserBody, response: { 200: userSummary } },
    }, async (request) => {
      const u = await svc.userUpdater(deps, { actorUserId: me(request).userId, requestId: request.id }, { id: request.params.id, ...request.body });
      return svc.userView(deps, u.id);
    });
  };
