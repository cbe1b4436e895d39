/** Course authoring and browsing routes, and file downloads. */
import {
  courseDetail,
  courseListQuery,
  coursePage,
  createCourseBody,
  idParam,
  okSchema,
  updateCourseBody,
} from '@xueli/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { allow, type Actor } from '../../http/policy.ts';
import * as svc from './courses.service.ts';
import { fileDownloader } from './files.service.ts';
import { readMultipart } from './http-input.ts';

const tags = ['catalog'];
const authors = allow.roles('trainer', 'admin');
const me = (request: { actor: Actor | null }) => request.actor!;

/** /courses (browse, author, cover) and /files/:id (download). */
export const courseRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/courses', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Browse courses: learners see published ones; trainers and admins every status (default: all but archived)', querystring: courseListQuery, response: { 200: coursePage } },
    }, async (request) => svc.courseLister(deps, { actor: me(request), query: request.query }));

    app.get('/courses/:id', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'A course with modules, resources and your enrolment (404 for drafts unless you author courses)', params: idParam, response: { 200: courseDetail } },
    }, async (request) => svc.courseViewer(deps, { actor: me(request), courseId: request.params.id }));

    app.post('/courses', {
      config: { policy: authors },
      schema: { tags, summary: 'Create a draft course owned by you', body: createCourseBody, response: { 201: courseDetail } },
    }, async (request, reply) => {
      const course = await svc.courseCreator(deps, { actor: me(request), requestId: request.id, ...request.body });
      return reply.code(201).send(course);
    });

    app.patch('/courses/:id', {
      config: { policy: authors },
      schema: {
        tags,
        summary: 'Change a course you own (admins: any); status moves draft→published (needs a module), published→archived, archived→published, published→draft (nobody enrolled)',
        params: idParam,
        body: updateCourseBody,
        response: { 200: courseDetail },
      },
    }, async (request) => svc.courseUpdater(deps, { actor: me(request), requestId: request.id, courseId: request.params.id, changes: request.body }));

    app.delete('/courses/:id', {
      config: { policy: authors },
      schema: { tags, summary: 'Delete a draft course nobody is enrolled in (otherwise 409: archive it)', params: idParam, response: { 200: okSchema } },
    }, async (request) => {
      await svc.courseDeleter(deps, { actor: me(request), requestId: request.id, courseId: request.params.id });
      return { ok: true as const };
    });

    app.post('/courses/:id/cover', {
      config: { policy: authors },
      schema: { tags, summary: 'Upload the cover image: multipart field `file`, PNG/JPEG/WebP up to 2 MB (checked by content)', params: idParam, consumes: ['multipart/form-data'], response: { 200: courseDetail } },
    }, async (request) => {
      const { upload } = await readMultipart(request);
      return svc.coverUploader(deps, { actor: me(request), requestId: request.id, courseId: request.params.id, upload });
    });

    app.get('/files/:id', {
      config: { policy: allow.authenticated },
      schema: { tags, summary: 'Download a file used by a course you may see (images inline, others as attachments)', params: idParam },
    }, async (request, reply) => {
      const file = await fileDownloader(deps, { actor: me(request), fileId: request.params.id });
      return reply
        .type(file.mimeType)
        .header('content-length', String(file.sizeBytes))
        .header('content-disposition', file.disposition)
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, max-age=3600')
        .header('etag', `"${file.sha256}"`)
        .send(file.stream);
    });
  };
