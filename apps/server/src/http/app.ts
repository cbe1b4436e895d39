/**
 * The composition root of the HTTP server: plugins, the auth hook, the error table and every
 * context's routes under /api/v1. `buildApp` does no I/O of its own, so tests build one per
 * database and drive it with `inject`.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Database } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { DomainError } from '../lib/errors.ts';
import { authRoutes } from '../modules/auth/routes.ts';
import { catalogRoutes } from '../modules/catalog/routes.ts';
import { itemRoutes } from '../modules/items/items.routes.ts';
import { configureSandbox, programmingGrader, shutdownSandbox } from '../modules/items/sandbox/grade.ts';
import { examRoutes } from '../modules/exams/exams.routes.ts';
import { setAiGrader, setProgrammingGrader } from '../modules/exams/attempts.service.ts';
import { aiGrader } from '../modules/exams/ai-grader.ts';
import { aiProviderFor } from '../lib/ai/runtime.ts';
import { aiAdminRoutes } from '../modules/ai/ai.routes.ts';
import { masteryRoutes } from '../modules/skills/mastery.routes.ts';
import { skillsFrameworkRoutes } from '../modules/skills/framework.routes.ts';
import { waitForJobs } from '../lib/jobs.ts';
import { opsRoutes } from '../modules/ops/routes.ts';
import { pathRoutes } from '../modules/paths/paths.routes.ts';
import { knowledgeRoutes } from '../modules/knowledge/knowledge.routes.ts';
import { generationRoutes } from '../modules/generation/generation.routes.ts';
import { tutorRoutes } from '../modules/tutor/tutor.routes.ts';
import { certRoutes, wellKnownRoutes } from '../modules/certs/certs.routes.ts';
import { workflowRoutes } from '../modules/certs/workflow.routes.ts';
import { orgRoutes } from '../modules/org/routes.ts';
import { authenticate } from './authenticate.ts';
import type { Policy } from './policy.ts';
import { sendProblem } from './problem.ts';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

export interface AppOptions {
  deps: Deps;
  database: Database;
  /** A pino logger; omitted, the app logs nothing (tests). */
  logger?: FastifyBaseLogger;
  /** Serve the built web UI from apps/web/dist when present (default true). */
  serveWeb?: boolean;
}

/** A registered /api route and its declared policy. */
export interface ApiRoute {
  method: string;
  url: string;
  policy: Policy;
}

declare module 'fastify' {
  interface FastifyInstance {
    apiRoutes: readonly ApiRoute[];
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { deps } = opts;
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    trustProxy: deps.config.trustProxy,
    bodyLimit: deps.config.maxUploadBytes,
    requestIdHeader: false,
    genReqId: (req) => {
      const sent = req.headers['x-request-id'];
      return typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(sendProblem);
  app.setNotFoundHandler(async (request, reply) => {
    const wantsPage = request.method === 'GET' && !request.url.startsWith('/api/') && fs.existsSync(path.join(WEB_DIST, 'index.html'));
    if (wantsPage && opts.serveWeb !== false) return reply.type('text/html; charset=utf-8').sendFile('index.html', WEB_DIST);
    return sendProblem(new DomainError('not-found', `No route ${request.method} ${request.url.split('?')[0]}`), request, reply);
  });
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'same-origin');
  });

  // Every /api route must say who may call it (DEVELOPERS.md, definition of done §5); the
  // table lets routes.policy.test.ts walk them all.
  const routeTable: ApiRoute[] = [];
  app.decorate('apiRoutes', routeTable);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1')) return;
    if (!route.config?.policy) throw new Error(`Route ${String(route.method)} ${route.url} declares no policy`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routeTable.push({ method, url: route.url, policy: route.config.policy });
    }
  });

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: deps.config.maxUploadBytes, files: 1, fields: 20 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Xueli API', version: '1', description: 'Xueli (学力) REST API. Errors are RFC 9457 problem+json.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'xueli_session' },
          token: { type: 'http', scheme: 'bearer', description: 'Personal API token (xli_…)' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(authenticate, { deps });

  // Background jobs (lib/jobs.ts) finish before the database they write to is closed.
  app.addHook('onClose', async () => waitForJobs());
  // The programming sandbox's threads (ADR 0007): sized from the configuration, stopped on close.
  configureSandbox({ workers: deps.config.sandboxWorkers });
  setProgrammingGrader(programmingGrader);
  app.addHook('onClose', async () => shutdownSandbox());
  // The AI provider (ADR 0010, 0016): the /admin/ai settings, else the environment; none = offline,
  // and the grader then grades exactly as without one.
  const aiProvider = aiProviderFor(deps, { onLogError: (e) => app.log.warn({ err: e }, 'could not record an AI call') });
  setAiGrader(aiGrader(aiProvider, { minConfidence: deps.config.aiGradeMinConfidence }));
  opsRoutes(app, opts.database);
  wellKnownRoutes(app, deps);
  await app.register(
    async (api) => {
      await api.register(authRoutes(deps));
      await api.register(orgRoutes(deps));
      await api.register(catalogRoutes(deps));
      await api.register(skillsFrameworkRoutes(deps));
      await api.register(masteryRoutes(deps));
      await api.register(itemRoutes(deps));
      await api.register(examRoutes(deps));
      await api.register(pathRoutes(deps));
      await api.register(knowledgeRoutes(deps));
      await api.register(generationRoutes(deps));
      await api.register(aiAdminRoutes(deps));
      await api.register(tutorRoutes(deps));
      await api.register(certRoutes(deps));
      await api.register(workflowRoutes(deps));
    },
    { prefix: '/api/v1' },
  );

  if (opts.serveWeb !== false && fs.existsSync(WEB_DIST)) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: 'index.html' });
  } else {
    // sendFile is still needed by the not-found handler's SPA fallback.
    await app.register(fastifyStatic, { root: path.resolve('.'), serve: false });
  }
  return app;
}
