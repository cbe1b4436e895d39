/** Classroom (offline) training records, entered by trainers. */
import { classroomCreated, classroomListQuery, classroomPage, createClassroomBody, idParam, okSchema } from '@xueli/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { allow, type Actor } from '../../http/policy.ts';
import * as svc from './classroom.service.ts';

const tags = ['records'];
const trainers = allow.roles('trainer', 'admin');
const me = (request: { actor: Actor | null }) => request.actor!;

/** /classroom-records: trainers and admins only. */
export const classroomRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/classroom-records', {
      config: { policy: trainers },
      schema: { tags, summary: 'Record a classroom session: one completed record per attendee (all-or-nothing; unknown employees → 400)', body: createClassroomBody, response: { 201: classroomCreated } },
    }, async (request, reply) => {
      const items = await svc.classroomRecorder(deps, { actor: me(request), requestId: request.id, session: request.body });
      return reply.code(201).send({ items });
    });

    app.get('/classroom-records', {
      config: { policy: trainers },
      schema: { tags, summary: 'Classroom records, latest session first', querystring: classroomListQuery, response: { 200: classroomPage } },
    }, async (request) => svc.classroomLister(deps, { query: request.query }));

    app.delete('/classroom-records/:id', {
      config: { policy: trainers },
      schema: { tags, summary: 'Delete a classroom record (the trainer who entered it, or an admin)', params: idParam, response: { 200: okSchema } },
    }, async (request) => {
      await svc.classroomDeleter(deps, { actor: me(request), requestId: request.id, recordId: request.params.id });
      return { ok: true as const };
    });
  };
