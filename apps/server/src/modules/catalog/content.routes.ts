/** Routes that edit course content: modules and resources (course owner or admin). */
import {
  courseDetail,
  courseModuleSchema,
  createModuleBody,
  createResourceBody,
  idParam,
  moduleOrderBody,
  resourceOrderBody,
  okSchema,
  resourceSchema,
  updateModuleBody,
  updateResourceBody,
} from '@xueli/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { allow, type Actor } from '../../http/policy.ts';
import * as svc from './content.service.ts';
import { parseInput, readMultipart } from './http-input.ts';

const tags = ['catalog'];
const authors = allow.roles('trainer', 'admin');
const me = (request: { actor: Actor | null }) => request.actor!;
const fileResourceFields = z.strictObject({ kind: z.literal('file').optional(), title: z.string().trim().min(1).max(200) });

/** Module and resource editing; every route needs the trainer or admin role, ownership is checked per course. */
export const contentRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/courses/:id/modules', {
      config: { policy: authors },
      schema: { tags, summary: 'Append a module', params: idParam, body: createModuleBody, response: { 201: courseModuleSchema } },
    }, async (request, reply) => {
      const m = await svc.moduleCreator(deps, { actor: me(request), requestId: request.id, courseId: request.params.id, fields: request.body });
      return reply.code(201).send(m);
    });

    app.patch('/modules/:id', {
      config: { policy: authors },
      schema: { tags, summary: 'Change a module', params: idParam, body: updateModuleBody, response: { 200: courseModuleSchema } },
    }, async (request) => svc.moduleUpdater(deps, { actor: me(request), requestId: request.id, moduleId: request.params.id, fields: request.body }));

    app.delete('/modules/:id', {
      config: { policy: authors },
      schema: { tags, summary: 'Delete a module with its resources and progress', params: idParam, response: { 200: okSchema } },
    }, async (request) => {
      await svc.moduleDeleter(deps, { actor: me(request), requestId: request.id, moduleId: request.params.id });
      return { ok: true as const };
    });

    app.put('/courses/:id/module-order', {
      config: { policy: authors },
      schema: { tags, summary: 'Reorder modules: exactly the course\'s module ids, in the new order', params: idParam, body: moduleOrderBody, response: { 200: courseDetail } },
    }, async (request) => svc.moduleReorderer(deps, { actor: me(request), requestId: request.id, courseId: request.params.id, moduleIds: request.body.moduleIds }));

    app.put('/modules/:id/resource-order', {
      config: { policy: authors },
      schema: { tags, summary: "Reorder a module's resources: exactly its resource ids, in the new order", params: idParam, body: resourceOrderBody, response: { 200: courseDetail } },
    }, async (request) => svc.resourceReorderer(deps, { actor: me(request), requestId: request.id, moduleId: request.params.id, resourceIds: request.body.resourceIds }));

    app.post('/modules/:id/resources', {
      config: { policy: authors },
      schema: {
        tags,
        summary: 'Add a resource: JSON {kind: markdown|video|link, title, body|url}, or multipart (fields `file`, `title`) for a file',
        params: idParam,
        consumes: ['application/json', 'multipart/form-data'],
        response: { 201: resourceSchema },
      },
    }, async (request, reply) => {
      const ctx = { actor: me(request), requestId: request.id, moduleId: request.params.id };
      let resource;
      if (request.isMultipart()) {
        const { upload, fields } = await readMultipart(request);
        const { title } = parseInput(fileResourceFields, fields, 'form');
        resource = await svc.resourceFileCreator(deps, { ...ctx, title, upload });
      } else {
        resource = await svc.resourceCreator(deps, { ...ctx, body: parseInput(createResourceBody, request.body) });
      }
      return reply.code(201).send(resource);
    });

    app.patch('/resources/:id', {
      config: { policy: authors },
      schema: { tags, summary: 'Change a resource (body: Markdown only; url: video and link only)', params: idParam, body: updateResourceBody, response: { 200: resourceSchema } },
    }, async (request) => svc.resourceUpdater(deps, { actor: me(request), requestId: request.id, resourceId: request.params.id, fields: request.body }));

    app.delete('/resources/:id', {
      config: { policy: authors },
      schema: { tags, summary: 'Delete a resource (and its file when unused)', params: idParam, response: { 200: okSchema } },
    }, async (request) => {
      await svc.resourceDeleter(deps, { actor: me(request), requestId: request.id, resourceId: request.params.id });
      return { ok: true as const };
    });
  };
